import fs from 'node:fs';
import { inflateEntry, inflater } from './inflater';
import type { ObjectType } from '../objectStore';
import { PackIndex } from './packIndex';
import { BlockReader } from './blockReader';

export const TYPE_NAMES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
export const OFS_DELTA = 6;
export const REF_DELTA = 7;

export interface PackEntry {
  readonly type: number;
  /** Inflated size (of the delta itself for delta entries). */
  readonly size: number;
  readonly dataStart: number;
  /** For OFS_DELTA: the base's offset in this pack. */
  readonly baseOffset?: number;
  /** For REF_DELTA: the base's object id. */
  readonly baseOid?: Buffer;
}

/** Reads a pack entry's header (type, size, delta base) from the bytes at `offset`. */
export function parseEntryHeader(h: Buffer, offset: number, packPath: string): PackEntry {
  let pos = 0;
  let c = h[pos++]!;
  const type = (c >> 4) & 7;
  let size = c & 15;
  let mult = 16;
  while (c & 0x80) {
    c = h[pos++]!;
    size += (c & 0x7f) * mult;
    mult *= 128;
  }
  if (type === OFS_DELTA) {
    c = h[pos++]!;
    let rel = c & 0x7f;
    while (c & 0x80) {
      c = h[pos++]!;
      rel = (rel + 1) * 128 + (c & 0x7f);
    }
    return { type, size, dataStart: offset + pos, baseOffset: offset - rel };
  }
  if (type === REF_DELTA) return { type, size, dataStart: offset + pos + 20, baseOid: Buffer.from(h.subarray(pos, pos + 20)) };
  if (pos > h.length) throw new Error(`truncated pack entry at ${offset} in ${packPath}`);
  return { type, size, dataStart: offset + pos };
}

/**
 * One .pack read on demand with positioned reads: never the whole file, so a
 * pack of any size (over 2 GiB too) opens at once and costs no memory.
 */
export class PackFile {
  readonly index: PackIndex;
  private fd: number | null = null;
  private readonly size: number;
  private readonly reader: BlockReader;

  constructor(readonly packPath: string) {
    this.index = new PackIndex(packPath.replace(/\.pack$/, '.idx'));
    this.size = fs.statSync(packPath).size;
    this.reader = new BlockReader(() => this.handle(), this.size);
  }

  /** Where entries end (the trailing checksum follows). */
  get dataEnd(): number {
    return this.size - 20;
  }

  private handle(): number {
    this.fd ??= fs.openSync(this.packPath, 'r');
    return this.fd;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.index.close();
  }

  private bytes(offset: number, len: number): Buffer {
    return this.reader.bytes(offset, len);
  }

  readEntry(offset: number): PackEntry {
    return parseEntryHeader(this.bytes(offset, 32), offset, this.packPath);
  }

  /** The first `max` bytes an entry's data inflates to (a delta's header), reading a few hundred bytes of it. */
  inflateHead(entry: PackEntry, max: number): Uint8Array {
    const left = this.dataEnd - entry.dataStart;
    for (let window = 256; ; window *= 8) {
      const head = inflater.inflateHead(this.bytes(entry.dataStart, Math.min(window, left)), max);
      // a block's Huffman tables can come before its first byte: a longer window, where there is more
      if (head.length >= Math.min(max, entry.size) || window >= left) return head;
    }
  }

  /**
   * Inflates an entry's data; reads a window that fits the compressed stream and grows it if not.
   * With `scratch` (large enough), small objects are inflated into it: the result is only good until the next call.
   */
  inflate(entry: PackEntry, scratch?: Uint8Array): Buffer {
    try {
      return inflateEntry(this.reader, entry.dataStart, entry.size, this.dataEnd, scratch).data;
    } catch (err) {
      throw new Error(`corrupt pack entry at ${entry.dataStart} in ${this.packPath}: ${(err as Error).message}`, { cause: err });
    }
  }
}
