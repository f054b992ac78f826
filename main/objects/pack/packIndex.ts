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

  /**
   * The first 8 bytes of every 64th object id, in memory (about 128 KiB per
   * million objects): a lookup narrows to one block of 64 ids with it, then
   * reads or reuses that block.
   */
  private sample: Uint32Array | null = null;

  private samples(): Uint32Array {
    if (this.sample) return this.sample;
    const n = Math.ceil(this.count / 64);
    const s = new Uint32Array(n * 2);
    for (let k = 0; k < n; k++) {
      const page = this.shaPage((k * 64) >>> 10);
      const at = ((k * 64) & 1023) * 20;
      s[k * 2] = page.readUInt32BE(at);
      s[k * 2 + 1] = page.readUInt32BE(at + 4);
    }
    this.shaPages = [];
    this.loadedPages = 0;
    return (this.sample = s);
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

  /** Position of the object in the index, or -1. */
  find(oid: Buffer): number {
    const w0 = oid.readUInt32BE(0);
    const w1 = oid.readUInt32BE(4);
    const w2 = oid.readUInt32BE(8);
    const w3 = oid.readUInt32BE(12);
    const w4 = oid.readUInt32BE(16);
    // the last sampled id at or below the wanted one
    const s = this.samples();
    let lo = 0;
    let hi = s.length / 2 - 1;
    let block = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = s[mid * 2]! !== w0 ? (s[mid * 2]! < w0 ? -1 : 1) : s[mid * 2 + 1]! !== w1 ? (s[mid * 2 + 1]! < w1 ? -1 : 1) : 0;
      if (c <= 0) {
        block = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (block < 0) return -1;
    // a block's ids may continue into the next block when the first 8 bytes tie
    for (let b = block; b * 64 < this.count; b++) {
      const first = b * 64;
      const last = Math.min(this.count, first + 64);
      const page = this.shaBlock(b);
      for (let i = first; i < last; i++) {
        const at = (i - first) * 20;
        let c = page.readUInt32BE(at) - w0;
        if (c === 0) c = page.readUInt32BE(at + 4) - w1;
        if (c === 0) c = page.readUInt32BE(at + 8) - w2;
        if (c === 0) c = page.readUInt32BE(at + 12) - w3;
        if (c === 0) c = page.readUInt32BE(at + 16) - w4;
        if (c === 0) return i;
        if (c > 0) return -1;
      }
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
