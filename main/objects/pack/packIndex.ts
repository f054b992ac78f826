import fs from 'node:fs';
import os from 'node:os';

/** Offsets are read 256 (1 KiB) at a time; at most 8 MiB of them are kept per pack, whatever its size. */
const PAGE = 256;
const PAGES_KEPT = 8192;
/** Object ids are read 64 (1,280 bytes) at a time; at most 8 MiB of them are kept. */
const ID_BLOCKS_KEPT = 6400;
const LITTLE_ENDIAN = os.endianness() === 'LE';
/**
 * The five big-endian 32-bit words of a 40-digit hex object id, into `out`; false where it is not one. About ten
 * times faster than `Buffer.from(hex, 'hex')`, which a walk would otherwise pay for every object it reads.
 */
export function hexWords(hex: string, out: Uint32Array): boolean {
  if (hex.length !== 40) return false;
  for (let w = 0; w < 5; w++) {
    let v = 0;
    for (let k = w * 8; k < w * 8 + 8; k++) {
      const c = hex.charCodeAt(k);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) return false;
      v = (v << 4) | d;
    }
    out[w] = v >>> 0;
  }
  return true;
}

/** A table of at least twice as many slots as ids, each id (position + 1) in the first free slot from its second word on. */
function idSlots(words: Uint32Array, count: number): Int32Array {
  let size = 1024;
  while (size < count * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let i = 0; i < count; i++) {
    let s = words[i * 5 + 1]! & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = i + 1;
  }
  return slots;
}

/**
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the
 * 64-bit table for packs over 2 GiB. Read in blocks on demand, so memory does
 * not grow with the number of objects; lookups compare 32-bit words.
 */
export class PackIndex {
  /** An index with at most this many bytes of object ids has them read whole on first use (1.6 million objects). */
  static wholeIdsLimit = 32 * 1024 * 1024;
  /**
   * Indexes of up to this many ids held whole also get a hash table of them (4 MiB at most): one or two probes where
   * the search makes five or six, each a cache miss in megabytes of ids (an archive's walk looks up three objects a
   * message; measured, its reading 6% faster).
   */
  static hashedMax = 1 << 19;
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
    return this.findWords(oid.readUInt32BE(0), oid.readUInt32BE(4), oid.readUInt32BE(8), oid.readUInt32BE(12), oid.readUInt32BE(16));
  }

  /** find, for an id given as its five big-endian 32-bit words (see hexWords). */
  findWords(w0: number, w1: number, w2: number, w3: number, w4: number): number {
    const first = w0 >>> 24;
    const lo = first === 0 ? 0 : this.fanout[first - 1]!;
    const hi = this.fanout[first]! - 1;
    if (hi < lo) return -1;
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
      if (this.count <= PackIndex.hashedMax) this.slots = idSlots(words, this.count);
    }
    const words = this.wholeWords;
    if (this.slots) {
      // ids are uniform: their second word picks the slot; the first empty slot ends the search
      const mask = this.slots.length - 1;
      for (let s = w1 & mask; ; s = (s + 1) & mask) {
        const p: number = this.slots[s]!;
        if (p === 0) return -1;
        const at = (p - 1) * 5;
        if (words[at] === w0 && words[at + 1] === w1 && words[at + 2] === w2 && words[at + 3] === w3 && words[at + 4] === w4) return p - 1;
      }
    }
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

  /** Open-addressed slots of the ids held whole (position + 1 each; see idSlots), for indexes of up to hashedMax ids. */
  private slots: Int32Array | null = null;

  /** The 32-bit offsets whole, as the machine reads them: held where the ids are (a fifth of their bytes). */
  private wholeOffsets: Uint32Array | null = null;

  offsetAt(i: number): number {
    let v: number;
    if (this.wholeWords) {
      if (!this.wholeOffsets) {
        // one read where pages of 256 offsets took a read each (a walk of a large history touches thousands)
        const offsets = new Uint32Array(this.count);
        const bytes = Buffer.from(offsets.buffer);
        fs.readSync(this.fd, bytes, 0, bytes.length, this.offStart);
        if (LITTLE_ENDIAN) bytes.swap32();
        this.wholeOffsets = offsets;
      }
      v = this.wholeOffsets[i]!;
    } else v = this.offPage(Math.floor(i / PAGE)).readUInt32BE((i % PAGE) * 4);
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

  /**
   * How many leading hex digits `oid` (40 hex digits) shares with the closest other id here: its neighbours in
   * sorted order, as git finds the length an id needs to be abbreviated unambiguously.
   */
  sharedHexDigits(oid: string): number {
    const first = parseInt(oid.slice(0, 2), 16);
    const lo = first === 0 ? 0 : this.fanout[first - 1]!;
    const hi = this.fanout[first]!;
    // the first position whose id is not below oid
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.oidAt(mid) < oid) a = mid + 1;
      else b = mid;
    }
    let shared = 0;
    for (const i of [a - 1, a, a + 1]) {
      if (i < lo || i >= hi) continue;
      const other = this.oidAt(i);
      if (other === oid) continue;
      let k = 0;
      while (k < 40 && other.charCodeAt(k) === oid.charCodeAt(k)) k++;
      shared = Math.max(shared, k);
    }
    return shared;
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
