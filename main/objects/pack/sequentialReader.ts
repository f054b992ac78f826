import fs from 'node:fs';

/**
 * Reads a file front to back through one large buffer; `size` may grow while the file is being written. Reads
 * start at 256 KiB and double up to `chunk` with each read: a reader that stops early (the commits at the front
 * of a pack) reads little more than it used. What `bytes` returns is good until its next call: each read goes
 * into the same memory where it fits (fresh memory costs a page fault per 4 KiB, and a whole pack's worth of them
 * was a tenth of a first commit index).
 */
export class SequentialReader {
  private memory = Buffer.alloc(0);
  private buf = this.memory;
  private start = 0;
  private next: number;
  constructor(
    private readonly fd: number,
    public size: number,
    private readonly chunk = 8 * 1024 * 1024,
  ) {
    this.next = Math.min(256 * 1024, chunk);
  }

  bytes(offset: number, len: number): Buffer {
    len = Math.max(0, Math.min(len, this.size - offset));
    if (offset >= this.start && offset + len <= this.start + this.buf.length)
      return this.buf.subarray(offset - this.start, offset - this.start + len);
    const want = Math.max(len, this.next);
    this.next = Math.min(this.next * 2, this.chunk);
    const n = Math.min(want, this.size - offset);
    // allocated at its largest at once: a page is only faulted in as a read first reaches it
    if (n > this.memory.length) this.memory = Buffer.allocUnsafe(Math.max(n, this.chunk));
    this.buf = this.memory.subarray(0, n);
    fs.readSync(this.fd, this.buf, 0, n, offset);
    this.start = offset;
    return this.buf.subarray(0, len);
  }
}
