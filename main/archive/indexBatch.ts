import type { ArchiveMessage } from './archiveMessage';
import { messagePostings } from './messagePostings';

/** A batch of messages as the index writes them: their lines end to end, each line's bytes, their postings. */
export interface IndexedBatch {
  readonly text: string;
  /** UTF-8 bytes of each line, newline included. */
  readonly lengths: Uint32Array;
  /** Per message: how many posting hashes, then the hashes. */
  readonly postings: Uint32Array;
}

/** The index lines and postings of messages read by indexRawMessage. */
export function indexBatch(messages: readonly ArchiveMessage[]): IndexedBatch {
  const lines: string[] = [];
  const lengths = new Uint32Array(messages.length);
  const postings: number[] = [];
  messages.forEach((m, i) => {
    const line = `${JSON.stringify(m)}\n`;
    lines.push(line);
    lengths[i] = Buffer.byteLength(line);
    const hashes = messagePostings(m);
    postings.push(hashes.length, ...hashes);
  });
  return { text: lines.join(''), lengths, postings: Uint32Array.from(postings) };
}
