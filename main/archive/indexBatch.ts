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
  let text = '';
  const lengths = new Uint32Array(messages.length);
  let postings = new Uint32Array(messages.length * 8);
  let at = 0;
  for (let i = 0; i < messages.length; i++) {
    const line = `${JSON.stringify(messages[i])}\n`;
    text += line;
    lengths[i] = Buffer.byteLength(line);
    const hashes = messagePostings(messages[i]!);
    if (at + hashes.length + 1 > postings.length) {
      const grown = new Uint32Array(Math.max(postings.length * 2, at + hashes.length + 1));
      grown.set(postings);
      postings = grown;
    }
    postings[at++] = hashes.length;
    for (const h of hashes) postings[at++] = h;
  }
  const data = new Uint8Array(Buffer.byteLength(text));
  Buffer.from(data.buffer).write(text, 'utf8');
  return { data, lengths, postings: postings.slice(0, at) };
}
