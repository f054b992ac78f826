import { parentPort } from 'node:worker_threads';
import { indexRawMessage, type ArchiveMessage } from '../archive/archiveMessage';
import { indexBatch } from '../archive/indexBatch';
import type { RawBatch } from '../archive/archiveParsePipeline';
import type { MessageLocator } from '../archive/readArchiveMessages';

/**
 * The second half of indexing an archive: while the caller reads mail out of the archive's packs, the
 * messages are parsed here, on the other core, and go back as index lines and postings in the order they came.
 */
parentPort!.on('message', (m: RawBatch) => {
  void (async () => {
    try {
      const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
      const messages: ArchiveMessage[] = [];
      for (let i = 0; i < m.ends.length; i++) {
        const raw = bytes.subarray(i ? m.ends[i - 1]! : 0, m.ends[i]!);
        const message = { raw, locator: m.locators[i] as MessageLocator, time: m.times[i]! < 0 ? null : m.times[i]! };
        messages.push(await indexRawMessage(message, m.fallbackIds[i]!));
      }
      const indexed = indexBatch(messages);
      parentPort!.postMessage({ batch: m.batch, indexed }, [indexed.lengths.buffer as ArrayBuffer, indexed.postings.buffer as ArrayBuffer]);
    } catch (err) {
      parentPort!.postMessage({ batch: m.batch, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
