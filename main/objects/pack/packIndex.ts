import fs from 'node:fs';
import os from 'node:os';

/** Offsets are read 256 (1 KiB) at a time; at most 8 MiB of them are kept per pack, whatever its size. */
const PAGE = 256;
const PAGES_KEPT = 8192;
/** Object ids are read 64 (1,280 bytes) at a time; at most 8 MiB of them are kept. */
const ID_BLOCKS_KEPT = 6400;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the
 * 64-bit table for packs over 2 GiB. Read in blocks on demand, so memory does
 * not grow with the number of objects; lookups compare 32-bit words.
 */
export class PackIndex {
  /** An index with at most this many bytes of object ids has them read whole on first use (1.6 million objects). */
  static wholeIdsLimit = 32 * 1024 * 1024;
  readonly count: number;
  private descriptor: number | null;
  private readonly fanout: Uint32Array;
  private readonly shaStart = 8 + 256 * 4;
  private readonly offStart: number;
  private readonly largeStart: number;

  constructor(readonly file: string) {
    this.descriptor = fs.openSync(file, 'r');
    const head = Buffer.alloc(8 + 256 * 4);
    fs.readSync(this.descriptor, head, 0, head.length, 0);
    if (head.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) {
      this.close();
      throw new Error(`${file} is not a version 2 pack index`);
    }
    this.fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) this.fanout[i] = head.readUInt32BE(8 + i * 4);
    this.count = this.fanout[255]!;
    this.offStart = this.shaStart + this.count * 20 + this.count * 4;
    this.largeStart = this.offStart + this.count * 4;
  }

  /** The open .idx, opened again after `close()` where the index is still asked. */
  private get fd(): number {
    this.descriptor ??= fs.openSync(this.file, 'r');
    return this.descriptor;
  }

  close(): void {
    if (this.descriptor !== null) fs.closeSync(this.descriptor);
    this.descriptor = null;
  }

  private offPages: (Buffer | undefined)[] = [];
  private loadedPages = 0;

  /** A page of offsets, kept in a plain array, dropped all at once past the budget. */
  private offPage(no: number): Buffer {
    const p = this.offPages[no];
    if (p) return p;
    if (++this.loadedPages > PAGES_KEPT) {
      this.offPages = [];
      this.loadedPages = 1;
    }
    const len = Math.min(PAGE, this.count - no * PAGE) * 4;
    const b = Buffer.allocUnsafe(len);
    fs.readSync(this.fd, b, 0, len, this.offStart + no * PAGE * 4);
    return (this.offPages[no] = b);
  }

  private blocks = new Map<number, Buffer>();

  /** 64 object ids read on demand. */
  private shaBlock(b: number): Buffer {
    let block = this.blocks.get(b);
    if (block) return block;
    if (this.blocks.size >= ID_BLOCKS_KEPT) this.blocks.clear();
    const n = Math.min(64, this.count - b * 64);
    block = Buffer.allocUnsafe(n * 20);
    fs.readSync(this.fd, block, 0, n * 20, this.shaStart + b * 64 * 20);
    this.blocks.set(b, block);
    return block;
  }

  /** Per fanout bucket, the first 8 bytes of each of its 64-id blocks: read once when a bucket is first searched. */
  private readonly bucketSamples: (Uint32Array | undefined)[] = [];

  private bucketSample(bucket: number, lo: number, hi: number): Uint32Array {
    let s = this.bucketSamples[bucket];
    if (s) return s;
    const bLo = lo >>> 6;
    const bHi = hi >>> 6;
    s = new Uint32Array((bHi - bLo + 1) * 2);
    const ids = Buffer.allocUnsafe((bHi - bLo + 1) * 64 * 20);
    const got = fs.readSync(this.fd, ids, 0, Math.min(ids.length, (this.count - bLo * 64) * 20), this.shaStart + bLo * 64 * 20);
    for (let k = 0; k <= bHi - bLo && k * 64 * 20 < got; k++) {
      s[k * 2] = ids.readUInt32BE(k * 64 * 20);
      s[k * 2 + 1] = ids.readUInt32BE(k * 64 * 20 + 4);
    }
    return (this.bucketSamples[bucket] = s);
  }

  /**
   * Position of the object in the index, or -1. A small index is searched
   * whole; in a large one the bucket's block sample narrows the search to one
   * 64-id block (two where the first 8 bytes tie), which is read or reused.
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
    if (this.count * 20 <= PackIndex.wholeIdsLimit) return this.findInWhole(lo, hi, w0, w1, w2, w3, w4);
    const sample = this.bucketSample(first, lo, hi);
    const bBase = lo >>> 6;
    // the last block whose sampled 8 bytes are below the wanted id (ties may start a block early)
    let bLo = 0;
    let bHi = sample.length / 2 - 1;
    let block = 0;
    while (bLo <= bHi) {
      const mid = (bLo + bHi) >>> 1;
      const a = sample[mid * 2]!;
      const b = sample[mid * 2 + 1]!;
      if (a < w0 || (a === w0 && b < w1)) {
        block = mid;
        bLo = mid + 1;
      } else bHi = mid - 1;
    }
    for (let k = block; k * 2 < sample.length; k++) {
      const no = bBase + k;
      const ids = this.shaBlock(no);
      const from = Math.max(lo, no * 64);
      const to = Math.min(hi, no * 64 + 63);
      for (let i = from; i <= to; i++) {
        const c = compareId(ids, (i - no * 64) * 20, w0, w1, w2, w3, w4);
        if (c === 0) return i;
        if (c > 0) return -1;
      }
    }
    return -1;
  }

  /** Every id as five 32-bit words, compared without decoding bytes on every step of a search. */
  private wholeWords: Uint32Array | null = null;

  /**
   * Search over every id, held in memory (small indexes: one read instead of one per block). Object ids are
   * uniform, so the first steps guess where the id falls between the ends (two or three probes where a binary
   * search makes eleven, each a cache miss in megabytes of ids), then halve.
   */
  private findInWhole(lo: number, hi: number, w0: number, w1: number, w2: number, w3: number, w4: number): number {
    if (!this.wholeWords) {
      const words = new Uint32Array(this.count * 5);
      const bytes = Buffer.from(words.buffer);
      fs.readSync(this.fd, bytes, 0, bytes.length, this.shaStart);
      if (LITTLE_ENDIAN) bytes.swap32(); // big-endian words as the machine reads them (natively, at once)
      this.wholeWords = words;
    }
    const words = this.wholeWords;
    for (let step = 0; lo <= hi; step++) {
      let mid: number;
      if (step < 3) {
        const a = words[lo * 5]!;
        const b = words[hi * 5]!;
        if (w0 < a || w0 > b) return -1;
        mid = b === a ? lo : lo + Math.floor(((w0 - a) / (b - a)) * (hi - lo));
      } else mid = (lo + hi) >>> 1;
      const at = mid * 5;
      let c = words[at]! - w0;
      if (c === 0) c = words[at + 1]! - w1;
      if (c === 0) c = words[at + 2]! - w2;
      if (c === 0) c = words[at + 3]! - w3;
      if (c === 0) c = words[at + 4]! - w4;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  offsetAt(i: number): number {
    const v = this.offPage(Math.floor(i / PAGE)).readUInt32BE((i % PAGE) * 4);
    if ((v & 0x80000000) === 0) return v;
    const big = Buffer.alloc(8);
    fs.readSync(this.fd, big, 0, 8, this.largeStart + (v & 0x7fffffff) * 8);
    return big.readUInt32BE(0) * 0x100000000 + big.readUInt32BE(4);
  }

  oidAt(i: number): string {
    if (this.wholeWords) {
      const id = Buffer.from(this.wholeWords.buffer.slice(i * 20, i * 20 + 20));
      if (LITTLE_ENDIAN) id.swap32();
      return id.toString('hex');
    }
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

/** The id at `at` in `ids` against the wanted one, given as five 32-bit words: negative, zero or positive. */
function compareId(ids: Buffer, at: number, w0: number, w1: number, w2: number, w3: number, w4: number): number {
  let c = ids.readUInt32BE(at) - w0;
  if (c === 0) c = ids.readUInt32BE(at + 4) - w1;
  if (c === 0) c = ids.readUInt32BE(at + 8) - w2;
  if (c === 0) c = ids.readUInt32BE(at + 12) - w3;
  if (c === 0) c = ids.readUInt32BE(at + 16) - w4;
  return c;
}
