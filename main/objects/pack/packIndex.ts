import fs from 'node:fs';

const PAGES_KEPT = 4096; // at most 64 MiB of offset pages per pack, whatever the pack's size

/**
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the
 * 64-bit table for packs over 2 GiB. Read in blocks on demand, so memory does
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

  private offPages: (Buffer | undefined)[] = [];
  private loadedPages = 0;

  /** 4,096 offsets (16 KiB) per page, kept in a plain array, dropped all at once past the budget. */
  private offPage(no: number): Buffer {
    const p = this.offPages[no];
    if (p) return p;
    if (++this.loadedPages > PAGES_KEPT) {
      this.offPages = [];
      this.loadedPages = 1;
    }
    const len = Math.min(4096, this.count - no * 4096) * 4;
    const b = Buffer.allocUnsafe(len);
    fs.readSync(this.fd, b, 0, len, this.offStart + no * 4096 * 4);
    return (this.offPages[no] = b);
  }

  private blocks = new Map<number, Buffer>();

  /** 64 object ids (1,280 bytes) read on demand; at most 32,768 kept (40 MiB). */
  private shaBlock(b: number): Buffer {
    let block = this.blocks.get(b);
    if (block) return block;
    if (this.blocks.size >= 32768) this.blocks.clear();
    const n = Math.min(64, this.count - b * 64);
    block = Buffer.allocUnsafe(n * 20);
    fs.readSync(this.fd, block, 0, n * 20, this.shaStart + b * 64 * 20);
    this.blocks.set(b, block);
    return block;
  }

  /**
   * Position of the object in the index, or -1: a binary search over the
   * 64-id blocks of its fanout bucket (reading only the blocks it touches),
   * then a scan of one block.
   */
  find(oid: Buffer): number {
    const first = oid[0]!;
    const lo = first === 0 ? 0 : this.fanout[first - 1]!;
    const hi = this.fanout[first]! - 1;
    if (hi < lo) return -1;
    const w0 = oid.readUInt32BE(0);
    const w1 = oid.readUInt32BE(4);
    const w2 = oid.readUInt32BE(8);
    const w3 = oid.readUInt32BE(12);
    const w4 = oid.readUInt32BE(16);
    const cmpAt = (block: Buffer, at: number): number => {
      let c = block.readUInt32BE(at) - w0;
      if (c === 0) c = block.readUInt32BE(at + 4) - w1;
      if (c === 0) c = block.readUInt32BE(at + 8) - w2;
      if (c === 0) c = block.readUInt32BE(at + 12) - w3;
      if (c === 0) c = block.readUInt32BE(at + 16) - w4;
      return c;
    };
    // the last block whose first id is at or below the wanted one holds it, if anything does
    let bLo = lo >>> 6;
    let bHi = hi >>> 6;
    let found = bLo;
    while (bLo <= bHi) {
      const mid = (bLo + bHi) >>> 1;
      if (cmpAt(this.shaBlock(mid), 0) <= 0) {
        found = mid;
        bLo = mid + 1;
      } else bHi = mid - 1;
    }
    const block = this.shaBlock(found);
    const base = found * 64;
    for (let i = Math.max(lo, base); i <= Math.min(hi, base + 63); i++) {
      const c = cmpAt(block, (i - base) * 20);
      if (c === 0) return i;
      if (c > 0) return -1;
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
    return this.shaBlock(i >>> 6).toString('hex', (i & 63) * 20, (i & 63) * 20 + 20);
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
