import { parentPort, workerData } from 'node:worker_threads';
import { indexRawMessage } from '../archive/archiveMessage';
import { IndexBatchWriter } from '../archive/indexBatch';
import type { RawBatch } from '../archive/archiveParsePipeline';
import type { MessageLocator } from '../archive/readArchiveMessages';
import { PackObjectStore } from '../objects/pack/packObjectStore';

/**
 * The second half of indexing an archive: while the caller reads mail out of the archive's packs, the
 * messages are parsed here, on the other core, and go back as index lines and postings in the order they came.
 */
const stores = new Map<string, PackObjectStore>();
/** Told to close: a batch still under way (a cancel) opens no archive file again, to be left open when the thread ends. */
let closed = false;
/** Batches parsed, read by the pipeline without waiting for the answers (see ArchiveParsePipeline.hungry). */
const parsed = (workerData as { parsed: Int32Array }).parsed;

/** A message the reader left in the archive: read here, from the epoch's packs (kept open until `close`). */
function readLeft(locator: MessageLocator, epochDirs: Readonly<Record<string, string>>): Buffer {
  if (!('blob' in locator)) throw new Error('only an epoch message can be left in the archive');
  const gitdir = epochDirs[locator.epoch];
  if (!gitdir) throw new Error(`no git dir for epoch ${locator.epoch}`);
  if (closed) throw new Error('the pipeline was closed');
  let store = stores.get(gitdir);
  // as many delta bases as the reader keeps: with 4 MiB, the messages left here on linux-bluetooth (large mail,
  // long chains) had their chains applied again and again, and this thread, the slower one there, spent 1.6 s
  // of its 10 in applyDelta (8.6-8.7 s against 9.1-9.9 s, run alternately; no change on lists of small mail)
  if (!store) stores.set(gitdir, (store = new PackObjectStore(gitdir, 64 << 20)));
  const data = store.readObjectSync(locator.blob).data;
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

parentPort!.on('message', (m: RawBatch | { close: true }) => {
  if ('close' in m) {
    closed = true;
    for (const s of stores.values()) s.close();
    stores.clear();
    parentPort!.postMessage({ closed: true });
    return;
  }
  void (async () => {
    try {
      const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
      const writer = new IndexBatchWriter(m.ends.length);
      for (let i = 0; i < m.ends.length; i++) {
        const raw = m.inArchive[i] ? readLeft(m.locators[i]!, m.epochDirs) : bytes.subarray(i ? m.ends[i - 1]! : 0, m.ends[i]!);
        const message = { raw, locator: m.locators[i] as MessageLocator, time: m.times[i]! < 0 ? null : m.times[i]! };
        writer.add(await indexRawMessage(message, m.fallbackIds[i]!));
      }
      const indexed = writer.finish();
      Atomics.add(parsed, 0, 1);
      parentPort!.postMessage({ batch: m.batch, indexed }, [
        indexed.data.buffer as ArrayBuffer,
        indexed.lengths.buffer as ArrayBuffer,
        indexed.postings.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      parentPort!.postMessage({ batch: m.batch, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
