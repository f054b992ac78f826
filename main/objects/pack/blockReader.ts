import fs from 'node:fs';

const BLOCK = 64 * 1024;
const BLOCKS_KEPT = 128; // 8 MiB of recently read bytes per file (a history walk gains nothing from more)

/**
 * Positioned reads of one file through a cache of 64 KiB blocks kept while
 * recently used: neighbouring objects share reads, and a file of any size
 * (over 2 GiB too) costs no more memory than the cache.
 */
export class BlockReader {
  private readonly blocks = new Map<number, Buffer>();
  private lastNo = -1;
  private lastBlock: Buffer | null = null;

  constructor(
    private readonly fd: () => number,
    readonly size: number,
  ) {}

  private block(no: number): Buffer {
    if (no === this.lastNo) return this.lastBlock!;
    let b = this.blocks.get(no);
    this.lastNo = no;
    if (b) {
      this.lastBlock = b;
      this.blocks.delete(no);
      this.blocks.set(no, b);
      return b;
    }
    const start = no * BLOCK;
    const len = Math.min(BLOCK, this.size - start);
    // the least recently used block's memory is read into again: no allocation per miss once the cache is full
    let reuse: Buffer | undefined;
    if (this.blocks.size >= BLOCKS_KEPT) {
      const oldest = this.blocks.keys().next().value as number;
      reuse = this.blocks.get(oldest);
      this.blocks.delete(oldest);
    }
    b = reuse && reuse.length === len ? reuse : Buffer.allocUnsafe(len);
    fs.readSync(this.fd(), b, 0, len, start);
    this.lastBlock = b;
    this.blocks.set(no, b);
    return b;
  }

  /**
   * Bytes [offset, offset+len) (fewer at the end of the file): from cached blocks when small, one positioned read when large.
   * The bytes are only good until the next call (a block's memory is reused): copy what must be kept.
   */
  bytes(offset: number, len: number): Buffer {
    len = Math.max(0, Math.min(len, this.size - offset));
    if (len === 0) return Buffer.alloc(0);
    const first = Math.floor(offset / BLOCK);
    const last = Math.floor((offset + len - 1) / BLOCK);
    if (first === last) {
      const b = this.block(first);
      return b.subarray(offset - first * BLOCK, offset - first * BLOCK + len);
    }
    const out = Buffer.allocUnsafe(len);
    if (len > 4 * BLOCK) {
      fs.readSync(this.fd(), out, 0, len, offset);
      return out;
    }
    let o = 0;
    for (let no = first; no <= last; no++) {
      const b = this.block(no);
      const from = no === first ? offset - first * BLOCK : 0;
      const to = Math.min(b.length, offset + len - no * BLOCK);
      b.copy(out, o, from, to);
      o += to - from;
    }
    return out;
  }
}
