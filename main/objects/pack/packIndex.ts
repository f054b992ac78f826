import fs from 'node:fs';
import os from 'node:os';

/** In an index too large to read at once: ids are read 256 at a time (5 KiB), offsets 1,024 at a time (4 KiB). */
const ID_BLOCK = 256;
const OFFSET_PAGE = 1024;
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
 * A pack's .idx (version 2): fanout, sorted object ids, 32-bit offsets and the 64-bit table for packs over 2 GiB.
 * Ids and offsets are held in memory as five and one 32-bit words each, compared without decoding bytes. A small
 * index is read whole on first use; a large one (a kernel's: ten million objects) a block at a time as lookups
 * touch it, each block read once, so its memory grows with what is looked up, up to the index's own size, as git's
 * mapping of the .idx does (a walk of the whole history ends up holding it all; a few thousand lookups, little),
 * and past keptLimit starts over.
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
  /**
   * The most bytes of a large index's ids and offsets kept as they are read (a kernel's index, ten million objects,
   * is 240 MiB of them): past it, what was kept is dropped at once and read again as lookups need it.
   */
  static keptLimit = 512 * 1024 * 1024;
  /**
   * Ids of more than this many bytes are read in blocks for the first lookups, and whole only after
   * wholeAfterLookups of them: a command that reads a few objects of a large pack (strata show on a repository of a
   * million objects: 24 MB of ids, 100 ms to read and turn round) reads a few blocks; a walk soon reads them whole.
   */
  static eagerIdsLimit = 1024 * 1024;
  static wholeAfterLookups = 1024;
  private lookups = 0;
  private kept = 0;
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

  /** Every id as five big-endian words, as the machine reads them; in a large index only the blocks read so far. */
  private words: Uint32Array | null = null;
  /** A large index's blocks of ids (ID_BLOCK each) read so far; null where the ids were read whole. */
  private idBlocksRead: Uint8Array | null = null;
  /** Open-addressed slots of the ids held whole (position + 1 each; see idSlots), for indexes of up to hashedMax ids. */
  private slots: Int32Array | null = null;

  /** Whether the ids (and offsets) are read whole, at once; else a block at a time as lookups touch them. */
  private get heldWhole(): boolean {
    const bytes = this.count * 20;
    return bytes <= PackIndex.wholeIdsLimit && (bytes <= PackIndex.eagerIdsLimit || this.lookups >= PackIndex.wholeAfterLookups);
  }

  /** Ids and offsets read in blocks so far, read whole now (the lookups have become a walk's). */
  private readWhole(): void {
    const words = this.words!;
    this.readWords(words, 0, words.length, this.shaStart);
    if (this.count <= PackIndex.hashedMax) this.slots = idSlots(words, this.count);
    this.idBlocksRead = null;
    if (this.offsets) this.readWords(this.offsets, 0, this.count, this.offStart);
    this.offsetPagesRead = null;
    this.kept = 0;
  }

  /** `count` words read from `at` in the .idx into `into` from `first`, as the machine reads big-endian words. */
  private readWords(into: Uint32Array, first: number, count: number, at: number): void {
    const bytes = Buffer.from(into.buffer, into.byteOffset + first * 4, count * 4);
    fs.readSync(this.fd, bytes, 0, bytes.length, at);
    if (LITTLE_ENDIAN) bytes.swap32(); // natively, at once
  }

  private ids(): Uint32Array {
    // a lookup starts over past the budget (never within one: its search holds the array)
    if (this.kept > PackIndex.keptLimit) this.dropKept();
    if (this.words) return this.words;
    // zeroed memory is only given pages as blocks are read into it
    const words = new Uint32Array(this.count * 5);
    if (this.heldWhole) {
      this.readWords(words, 0, words.length, this.shaStart);
      if (this.count <= PackIndex.hashedMax) this.slots = idSlots(words, this.count);
    } else this.idBlocksRead = new Uint8Array(Math.ceil(this.count / ID_BLOCK));
    return (this.words = words);
  }

  /** In a large index, the block of ids holding position i, read where it was not yet. */
  private idBlockAt(i: number): void {
    const b = Math.floor(i / ID_BLOCK);
    if (this.idBlocksRead![b]) return;
    const first = b * ID_BLOCK;
    const n = Math.min(ID_BLOCK, this.count - first);
    this.readWords(this.words!, first * 5, n * 5, this.shaStart + first * 20);
    this.idBlocksRead![b] = 1;
    this.kept += n * 20;
  }

  /** A large index's kept ids and offsets, dropped (their memory freed), to be read again as asked. */
  private dropKept(): void {
    this.words = this.idBlocksRead = this.offsets = this.offsetPagesRead = null;
    this.kept = 0;
  }

  /**
   * Position of the object in the index, or -1. Object ids are uniform, so the first steps guess where the id
   * falls between the ends of its fanout bucket (two or three probes where a binary search makes eleven, each a
   * cache miss in megabytes of ids, or a block to read), then halve.
   */
  find(oid: Buffer): number {
    return this.findWords(oid.readUInt32BE(0), oid.readUInt32BE(4), oid.readUInt32BE(8), oid.readUInt32BE(12), oid.readUInt32BE(16));
  }

  /** find, for an id given as its five big-endian 32-bit words (see hexWords). */
  findWords(w0: number, w1: number, w2: number, w3: number, w4: number): number {
    if (++this.lookups === PackIndex.wholeAfterLookups && this.idBlocksRead && this.heldWhole) this.readWhole();
    const first = w0 >>> 24;
    let lo = first === 0 ? 0 : this.fanout[first - 1]!;
    let hi = this.fanout[first]! - 1;
    if (hi < lo) return -1;
    const words = this.ids();
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
    const blocks = this.idBlocksRead;
    for (let step = 0; lo <= hi; step++) {
      let mid: number;
      if (step < 3) {
        if (blocks) {
          this.idBlockAt(lo);
          this.idBlockAt(hi);
        }
        const a = words[lo * 5]!;
        const b = words[hi * 5]!;
        if (w0 < a || w0 > b) return -1;
        mid = b === a ? lo : lo + Math.floor(((w0 - a) / (b - a)) * (hi - lo));
      } else mid = (lo + hi) >>> 1;
      if (blocks) this.idBlockAt(mid);
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

  /** The 32-bit offsets, as the machine reads them: whole where the ids are, else the pages read so far. */
  private offsets: Uint32Array | null = null;
  private offsetPagesRead: Uint8Array | null = null;

  offsetAt(i: number): number {
    if (this.kept > PackIndex.keptLimit) this.dropKept();
    if (!this.offsets) {
      this.offsets = new Uint32Array(this.count);
      // one read where the ids were read whole (a walk of a large history touches thousands of pages)
      if (this.heldWhole) this.readWords(this.offsets, 0, this.count, this.offStart);
      else this.offsetPagesRead = new Uint8Array(Math.ceil(this.count / OFFSET_PAGE));
    }
    const page = Math.floor(i / OFFSET_PAGE);
    if (this.offsetPagesRead && !this.offsetPagesRead[page]) {
      const first = page * OFFSET_PAGE;
      const n = Math.min(OFFSET_PAGE, this.count - first);
      this.readWords(this.offsets, first, n, this.offStart + first * 4);
      this.offsetPagesRead[page] = 1;
      this.kept += n * 4;
    }
    const v = this.offsets[i]!;
    if ((v & 0x80000000) === 0) return v;
    const big = Buffer.alloc(8);
    fs.readSync(this.fd, big, 0, 8, this.largeStart + (v & 0x7fffffff) * 8);
    return big.readUInt32BE(0) * 0x100000000 + big.readUInt32BE(4);
  }

  oidAt(i: number): string {
    const words = this.ids();
    if (this.idBlocksRead) this.idBlockAt(i);
    const id = Buffer.from(words.buffer.slice(words.byteOffset + i * 20, words.byteOffset + i * 20 + 20));
    if (LITTLE_ENDIAN) id.swap32();
    return id.toString('hex');
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
