import fs from 'node:fs';

const PAGES_KEPT = 4096; // at most about 80 MiB of index pages per pack, whatever the pack's size

/**
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the
 * 64-bit table for packs over 2 GiB. Read in pages on demand, so memory does
 * not grow with the number of objects; lookups compare 32-bit words.
 */
export class PackIndex {
  readonly count: number;
  private readonly fd: number;
  private readonly fanout: Uint32Array;
  private readonly shaStart = 8 + 256 * 4;
  private readonly offStart: number;
  private readonly largeStart: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(8 + 256 * 4);
    fs.readSync(this.fd, head, 0, head.length, 0);
    if (head.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) {
      fs.closeSync(this.fd);
      throw new Error(`${file} is not a version 2 pack index`);
    }
    this.fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) this.fanout[i] = head.readUInt32BE(8 + i * 4);
    this.count = this.fanout[255]!;
    this.offStart = this.shaStart + this.count * 20 + this.count * 4;
    this.largeStart = this.offStart + this.count * 4;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private shaPages: (Buffer | undefined)[] = [];
  private offPages: (Buffer | undefined)[] = [];
  private loadedPages = 0;

  /** 1,024 object ids (20 KiB) per page; pages are kept in plain arrays, dropped all at once past the budget. */
  private shaPage(no: number): Buffer {
    const p = this.shaPages[no];
    if (p) return p;
    return (this.shaPages[no] = this.load(this.shaStart + no * 1024 * 20, Math.min(1024, this.count - no * 1024) * 20));
  }

  private offPage(no: number): Buffer {
    const p = this.offPages[no];
    if (p) return p;
    return (this.offPages[no] = this.load(this.offStart + no * 4096 * 4, Math.min(4096, this.count - no * 4096) * 4));
  }

  private load(at: number, len: number): Buffer {
    if (++this.loadedPages > PAGES_KEPT) {
      this.shaPages = [];
      this.offPages = [];
      this.loadedPages = 1;
    }
    const b = Buffer.allocUnsafe(len);
    fs.readSync(this.fd, b, 0, len, at);
    return b;
  }

  /** Position of the object in the index, or -1. */
  find(oid: Buffer): number {
    const first = oid[0]!;
    let lo = first === 0 ? 0 : this.fanout[first - 1]!;
    let hi = this.fanout[first]! - 1;
    const w0 = oid.readUInt32BE(0);
    const w1 = oid.readUInt32BE(4);
    const w2 = oid.readUInt32BE(8);
    const w3 = oid.readUInt32BE(12);
    const w4 = oid.readUInt32BE(16);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.shaPage(mid >>> 10);
      const at = (mid & 1023) * 20;
      let c = b.readUInt32BE(at) - w0;
      if (c === 0) c = b.readUInt32BE(at + 4) - w1;
      if (c === 0) c = b.readUInt32BE(at + 8) - w2;
      if (c === 0) c = b.readUInt32BE(at + 12) - w3;
      if (c === 0) c = b.readUInt32BE(at + 16) - w4;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  offsetAt(i: number): number {
    const v = this.offPage(i >>> 12).readUInt32BE((i & 4095) * 4);
    if ((v & 0x80000000) === 0) return v;
    const big = Buffer.alloc(8);
    fs.readSync(this.fd, big, 0, 8, this.largeStart + (v & 0x7fffffff) * 8);
    return big.readUInt32BE(0) * 0x100000000 + big.readUInt32BE(4);
  }

  oidAt(i: number): string {
    return this.shaPage(i >>> 10).toString('hex', (i & 1023) * 20, (i & 1023) * 20 + 20);
  }

  /** Object ids starting with a hex prefix (for abbreviated ids). */
  findPrefix(prefix: string, limit = 2): string[] {
    const first = parseInt(prefix.slice(0, 2).padEnd(2, '0'), 16);
    const lo = first === 0 ? 0 : this.fanout[first - 1]!;
    const hi = this.fanout[first]!;
    const out: string[] = [];
    for (let i = lo; i < hi && out.length < limit; i++) {
      const oid = this.oidAt(i);
      if (oid.startsWith(prefix)) out.push(oid);
    }
    return out;
  }
}
