import type { EntryKey } from '../objects/entryKey';
import { writeFileAtomic } from './atomicWrite';
import { ANCHORED_HEADER_BYTES, anchoredHeader, anchoredParts, generationIn, newGeneration, readAnchored } from './anchoredFile';

// 3: entries' modes as git's canon_mode (parseTree's canonicalMode); an older file is rebuilt unremarked
const MAGIC = 'STP3';
const UNKNOWN = -1;
const NULL_KEY = 0xffff;

/**
 * One file's entry ("mode oid", or absent) in each commit of a commit table,
 * by position: a file has few distinct versions, so each position holds a
 * small id — 4 bytes a commit on disk and in memory, where a map keyed by
 * commit id cost a hundred. Anchored to its commit index like the change sets.
 */
export class PositionEntries {
  /** By id; undefined: not read yet from `stored` (a timeline reads a few of thousands). */
  private readonly keys: (EntryKey | undefined)[] = [];
  /** Ids by key, made when one is first set. */
  private keyIds: Map<EntryKey, number> | null = new Map();
  /** The file's keys: where each starts in `buf` (-1: absent), and its length. */
  private stored: { readonly buf: Buffer; readonly starts: Int32Array; readonly lens: Uint16Array } | null = null;
  private ids: Int32Array;
  dirty = false;
  /** Made with the file and kept across saves (see anchoredFile.ts). */
  generation = newGeneration();

  /** The generation of the entries stored in `file` (hex), without reading the rest; null where there are none. */
  static generationIn(file: string): string | null {
    return generationIn(file, MAGIC);
  }

  constructor(count: number) {
    this.ids = new Int32Array(Math.max(count, 1)).fill(UNKNOWN);
  }

  get(pos: number): EntryKey | undefined {
    const id = pos < this.ids.length ? this.ids[pos]! : UNKNOWN;
    return id === UNKNOWN ? undefined : this.keyOf(id);
  }

  private keyOf(id: number): EntryKey {
    const known = this.keys[id];
    if (known !== undefined) return known;
    const { buf, starts, lens } = this.stored!;
    const key = starts[id]! < 0 ? null : buf.toString('utf8', starts[id]!, starts[id]! + lens[id]!);
    this.keys[id] = key;
    return key;
  }

  private idsByKey(): Map<EntryKey, number> {
    if (!this.keyIds) {
      this.keyIds = new Map();
      for (let id = 0; id < this.keys.length; id++) this.keyIds.set(this.keyOf(id), id);
    }
    return this.keyIds;
  }

  set(pos: number, e: EntryKey): void {
    if (pos >= this.ids.length) {
      const grown = new Int32Array(Math.max(pos + 1, this.ids.length * 2)).fill(UNKNOWN);
      grown.set(this.ids);
      this.ids = grown;
    }
    const keyIds = this.idsByKey();
    let id = keyIds.get(e);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(e);
      keyIds.set(e, id);
    }
    if (this.ids[pos] !== id) {
      this.ids[pos] = id;
      this.dirty = true;
    }
  }

  /** The entries in `file`; none where there is no file, it belongs to another commit index, or it is damaged (`onDamaged`). */
  static load(file: string, anchor: Buffer, count: number, onDamaged?: () => void): PositionEntries {
    const t = new PositionEntries(count);
    const found = readAnchored(file, MAGIC, anchor, onDamaged);
    if (!found) return t;
    const { buf, first: n, second: keyCount } = found;
    const damaged = () => {
      onDamaged?.();
      return new PositionEntries(count);
    };
    try {
      t.generation = found.generation;
      let at = ANCHORED_HEADER_BYTES;
      const starts = new Int32Array(keyCount);
      const lens = new Uint16Array(keyCount);
      for (let k = 0; k < keyCount; k++) {
        const len = buf.readUInt16LE(at);
        at += 2;
        if (len === NULL_KEY) starts[k] = -1;
        else {
          starts[k] = at;
          lens[k] = len;
          at += len;
        }
      }
      if (at + n * 4 !== buf.length || n > count) return damaged();
      // the keys' bytes only (the positions' are copied into ids below): what the entries keep of the file
      const keyBytes = Buffer.from(buf.subarray(ANCHORED_HEADER_BYTES, at));
      for (let k = 0; k < keyCount; k++) if (starts[k]! >= 0) starts[k] = starts[k]! - ANCHORED_HEADER_BYTES;
      t.stored = { buf: keyBytes, starts, lens };
      t.keys.length = keyCount;
      t.keyIds = null;
      const start = buf.byteOffset + at;
      t.ids.set(start % 4 === 0 ? new Int32Array(buf.buffer, start, n) : new Int32Array(buf.buffer.slice(start, start + n * 4)));
      for (let p = 0; p < n; p++) {
        const id = t.ids[p]!;
        if (id < UNKNOWN || id >= keyCount) return damaged();
      }
    } catch {
      return damaged();
    }
    return t;
  }

  async save(file: string, anchor: Buffer): Promise<void> {
    let n = this.ids.length;
    while (n > 0 && this.ids[n - 1] === UNKNOWN) n--;
    const parts: Buffer[] = [anchoredHeader(MAGIC, anchor, n, this.keys.length, this.generation)];
    for (let id = 0; id < this.keys.length; id++) {
      const k = this.keyOf(id);
      const len = Buffer.alloc(2);
      if (k === null) {
        len.writeUInt16LE(NULL_KEY);
        parts.push(len);
      } else {
        const b = Buffer.from(k, 'utf8');
        len.writeUInt16LE(b.length);
        parts.push(len, b);
      }
    }
    parts.push(Buffer.from(this.ids.buffer, this.ids.byteOffset, n * 4));
    await writeFileAtomic(file, anchoredParts(Buffer.concat(parts), []));
    this.dirty = false;
  }
}
