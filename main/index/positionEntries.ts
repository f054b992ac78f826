import type { EntryKey } from '../objects/entryKey';
import { writeFileAtomic } from './atomicWrite';
import { ANCHORED_HEADER_BYTES, anchoredHeader, anchoredParts, generationIn, newGeneration, readAnchored } from './anchoredFile';

const MAGIC = 'STP2';
const UNKNOWN = -1;
const NULL_KEY = 0xffff;

/**
 * One file's entry ("mode oid", or absent) in each commit of a commit table,
 * by position: a file has few distinct versions, so each position holds a
 * small id — 4 bytes a commit on disk and in memory, where a map keyed by
 * commit id cost a hundred. Anchored to its commit index like the change sets.
 */
export class PositionEntries {
  private readonly keys: EntryKey[] = [];
  private readonly keyIds = new Map<EntryKey, number>();
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
    return id === UNKNOWN ? undefined : this.keys[id];
  }

  set(pos: number, e: EntryKey): void {
    if (pos >= this.ids.length) {
      const grown = new Int32Array(Math.max(pos + 1, this.ids.length * 2)).fill(UNKNOWN);
      grown.set(this.ids);
      this.ids = grown;
    }
    let id = this.keyIds.get(e);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(e);
      this.keyIds.set(e, id);
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
      const keys: EntryKey[] = [];
      for (let k = 0; k < keyCount; k++) {
        const len = buf.readUInt16LE(at);
        at += 2;
        if (len === NULL_KEY) keys.push(null);
        else {
          keys.push(buf.toString('utf8', at, at + len));
          at += len;
        }
      }
      if (at + n * 4 !== buf.length || n > count) return damaged();
      for (const k of keys) {
        t.keyIds.set(k, t.keys.length);
        t.keys.push(k);
      }
      for (let p = 0; p < n; p++) {
        const id = buf.readInt32LE(at + p * 4);
        if (id < UNKNOWN || id >= keys.length) return damaged();
        t.ids[p] = id;
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
    for (const k of this.keys) {
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
