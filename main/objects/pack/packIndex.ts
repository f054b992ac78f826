import fs from 'node:fs';

/**
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the
 * 64-bit table for packs over 2 GiB. Lookups compare 32-bit words, not strings.
 */
export class PackIndex {
  readonly count: number;
  private readonly buf: Buffer;
  private readonly shaStart = 8 + 256 * 4;
  private readonly offStart: number;
  private readonly largeStart: number;

  constructor(readonly file: string) {
    this.buf = fs.readFileSync(file);
    if (this.buf.readUInt32BE(0) !== 0xff744f63 || this.buf.readUInt32BE(4) !== 2) {
      throw new Error(`${file} is not a version 2 pack index`);
    }
    this.count = this.buf.readUInt32BE(8 + 255 * 4);
    this.offStart = this.shaStart + this.count * 20 + this.count * 4;
    this.largeStart = this.offStart + this.count * 4;
  }

  /** Position of the object in the index, or -1. */
  find(oid: Buffer): number {
    const first = oid[0]!;
    let lo = first === 0 ? 0 : this.buf.readUInt32BE(8 + (first - 1) * 4);
    let hi = this.buf.readUInt32BE(8 + first * 4) - 1;
    const w0 = oid.readUInt32BE(0);
    const w1 = oid.readUInt32BE(4);
    const w2 = oid.readUInt32BE(8);
    const w3 = oid.readUInt32BE(12);
    const w4 = oid.readUInt32BE(16);
    const b = this.buf;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.shaStart + mid * 20;
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
    const v = this.buf.readUInt32BE(this.offStart + i * 4);
    if ((v & 0x80000000) === 0) return v;
    const at = this.largeStart + (v & 0x7fffffff) * 8;
    return this.buf.readUInt32BE(at) * 0x100000000 + this.buf.readUInt32BE(at + 4);
  }

  oidAt(i: number): string {
    return this.buf.toString('hex', this.shaStart + i * 20, this.shaStart + i * 20 + 20);
  }

  /** Object ids starting with a hex prefix (for abbreviated ids). */
  findPrefix(prefix: string, limit = 2): string[] {
    const first = parseInt(prefix.slice(0, 2).padEnd(2, '0'), 16);
    const lo = first === 0 ? 0 : this.buf.readUInt32BE(8 + (first - 1) * 4);
    const hi = this.buf.readUInt32BE(8 + first * 4);
    const out: string[] = [];
    for (let i = lo; i < hi && out.length < limit; i++) {
      const oid = this.oidAt(i);
      if (oid.startsWith(prefix)) out.push(oid);
    }
    return out;
  }
}
