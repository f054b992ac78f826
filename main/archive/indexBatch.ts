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

/**
 * Index lines and postings written as each message is parsed: its line is made while the message is fresh (and the
 * message can die young), not after the batch.
 */
export class IndexBatchWriter {
  private readonly lengths: number[] = [];
  private postings = new Uint32Array(4096);
  private at = 0;
  private data: Buffer;
  private end = 0;

  constructor(expected = 500) {
    this.data = Buffer.allocUnsafeSlow(expected * 512 + 4096);
  }

  add(message: ArchiveMessage): void {
    const line = JSON.stringify(message);
    if (this.end + line.length * 3 + 1 > this.data.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.data.length * 2, this.end + line.length * 3 + 1));
      this.data.copy(grown, 0, 0, this.end);
      this.data = grown;
    }
    const n = this.data.write(line, this.end, 'utf8');
    this.data[this.end + n] = 10;
    this.end += n + 1;
    this.lengths.push(n + 1);
    const hashes = messagePostings(message);
    if (this.at + hashes.length + 1 > this.postings.length) {
      const grown = new Uint32Array(Math.max(this.postings.length * 2, this.at + hashes.length + 1));
      grown.set(this.postings);
      this.postings = grown;
    }
    this.postings[this.at++] = hashes.length;
    for (const h of hashes) this.postings[this.at++] = h;
  }

  finish(): IndexedBatch {
    return {
      data: new Uint8Array(this.data.buffer, 0, this.end),
      lengths: Uint32Array.from(this.lengths),
      postings: this.postings.slice(0, this.at),
    };
  }
}

/** The index lines and postings of messages read by indexRawMessage. */
export function indexBatch(messages: readonly ArchiveMessage[]): IndexedBatch {
  const writer = new IndexBatchWriter(messages.length);
  for (const m of messages) writer.add(m);
  return writer.finish();
}
