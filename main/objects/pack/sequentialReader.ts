import fs from 'node:fs';

/** Reads a file front to back through one large buffer; `size` may grow while the file is being written. */
export class SequentialReader {
  private buf = Buffer.alloc(0);
  private start = 0;
  constructor(
    private readonly fd: number,
    public size: number,
    private readonly chunk = 8 * 1024 * 1024,
  ) {}

  bytes(offset: number, len: number): Buffer {
    len = Math.max(0, Math.min(len, this.size - offset));
    if (offset >= this.start && offset + len <= this.start + this.buf.length)
      return this.buf.subarray(offset - this.start, offset - this.start + len);
    const want = Math.max(len, this.chunk);
    const n = Math.min(want, this.size - offset);
    this.buf = Buffer.allocUnsafe(n);
    fs.readSync(this.fd, this.buf, 0, n, offset);
    this.start = offset;
    return this.buf.subarray(0, len);
  }
}
