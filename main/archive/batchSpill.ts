import fs from 'node:fs';
import type { IndexedBatch } from './indexBatch';

/**
 * Batches parsed newest first, kept in a file beside the index until the read is done, then given back oldest
 * first: an archive's history can only be walked from its tip, and the index numbers messages oldest first.
 * Memory holds one batch, whatever the archive's size; the file is removed on `close()`.
 */
export class BatchSpill {
  private readonly fd: number;
  private readonly batches: { at: number; data: number; lines: number; postings: number }[] = [];
  private size = 0;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'w+');
  }

  add(b: IndexedBatch): void {
    const { data, lengths, postings } = b;
    const at = this.size;
    for (const part of [
      data,
      new Uint8Array(lengths.buffer, lengths.byteOffset, lengths.byteLength),
      new Uint8Array(postings.buffer, postings.byteOffset, postings.byteLength),
    ]) {
      fs.writeSync(this.fd, part, 0, part.length, this.size);
      this.size += part.length;
    }
    this.batches.push({ at, data: data.length, lines: lengths.length, postings: postings.length });
  }

  /** The batches, last added first. */
  *backwards(): Generator<IndexedBatch> {
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const b = this.batches[i]!;
      const bytes = Buffer.allocUnsafe(b.data + b.lines * 4 + b.postings * 4);
      fs.readSync(this.fd, bytes, 0, bytes.length, b.at);
      // copied out: the typed arrays need 4-byte alignment the data part does not give
      const lengths = new Uint32Array(b.lines);
      new Uint8Array(lengths.buffer).set(bytes.subarray(b.data, b.data + b.lines * 4));
      const postings = new Uint32Array(b.postings);
      new Uint8Array(postings.buffer).set(bytes.subarray(b.data + b.lines * 4));
      yield { data: bytes.subarray(0, b.data), lengths, postings };
    }
  }

  close(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
  }
}
