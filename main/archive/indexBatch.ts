import type { ArchiveMessage } from './archiveMessage';
import { messagePostings } from './messagePostings';

/** A batch of messages as the index writes them: their lines end to end (UTF-8), each line's bytes, their postings. */
export interface IndexedBatch {
  /** In memory of its own (not Node's shared pool): the worker hands it over instead of copying it. */
  readonly data: Uint8Array;
  /** UTF-8 bytes of each line, newline included. */
  readonly lengths: Uint32Array;
  /** Per message: how many posting hashes, then the hashes. */
  readonly postings: Uint32Array;
}

/** The index lines and postings of messages read by indexRawMessage. */
export function indexBatch(messages: readonly ArchiveMessage[]): IndexedBatch {
  const lengths = new Uint32Array(messages.length);
  let postings = new Uint32Array(messages.length * 8);
  let at = 0;
  // each line is written where the last ended: no joined string to measure and copy again
  let data = Buffer.allocUnsafeSlow(messages.length * 512 + 4096);
  let end = 0;
  for (let i = 0; i < messages.length; i++) {
    const line = JSON.stringify(messages[i]);
    if (end + line.length * 3 + 1 > data.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(data.length * 2, end + line.length * 3 + 1));
      data.copy(grown, 0, 0, end);
      data = grown;
    }
    const n = data.write(line, end, 'utf8');
    data[end + n] = 10;
    end += n + 1;
    lengths[i] = n + 1;
    const hashes = messagePostings(messages[i]!);
    if (at + hashes.length + 1 > postings.length) {
      const grown = new Uint32Array(Math.max(postings.length * 2, at + hashes.length + 1));
      grown.set(postings);
      postings = grown;
    }
    postings[at++] = hashes.length;
    for (const h of hashes) postings[at++] = h;
  }
  return { data: new Uint8Array(data.buffer, 0, end), lengths, postings: postings.slice(0, at) };
}
