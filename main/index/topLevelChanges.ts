import { writeFileAtomic } from './atomicWrite';
import { ANCHORED_HEADER_BYTES, anchoredHeader, anchoredParts, generationIn, newGeneration, readAnchored } from './anchoredFile';

const MAGIC = 'STT4';

/**
 * Which entries of the tree's top two levels each commit changed against its
 * first parent, by commit position in Strata's commit index ("mm", "mm/hmm.c";
 * "mm/*" where a level could not be compared). A path whose first two
 * components a commit did not change is certainly the same as in the first
 * parent — the answer a changed-path Bloom filter gives, exactly and cheaply,
 * learned in the background after the first file is shown and used by every
 * later one. The file carries a fingerprint of the commit index's first
 * positions: change sets of another index's positions are never used.
 */
export class TopLevelChanges {
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Per position: where its ids start in `ids` (-1: not known yet) and how many. Flat, so a million commits cost a few MiB. */
  private start = new Int32Array(1024).fill(-1);
  private len = new Uint16Array(1024);
  private ids = new Uint16Array(4096);
  private used = 0;
  private positions = 0;
  dirty = false;
  /** Made with the file and kept across saves (see anchoredFile.ts). */
  generation = newGeneration();

  /** The generation of the change sets stored in `file` (hex), without reading the rest; null where there are none. */
  static generationIn(file: string): string | null {
    return generationIn(file, MAGIC);
  }

  /** The change sets in `file`; empty where there are none, they belong to another commit index, or the file is damaged (`onDamaged`). */
  static load(file: string, anchor: Buffer, onDamaged?: () => void): TopLevelChanges {
    const t = new TopLevelChanges();
    const found = readAnchored(file, MAGIC, anchor, onDamaged);
    if (!found) return t;
    const { buf, first: nameCount, second: posCount } = found;
    try {
      t.generation = found.generation;
      let at = ANCHORED_HEADER_BYTES;
      for (let i = 0; i < nameCount; i++) {
        const len = buf.readUInt16LE(at);
        t.idOf(buf.toString('utf8', at + 2, at + 2 + len));
        at += 2 + len;
      }
      for (let p = 0; p < posCount; p++) {
        const n = buf.readUInt16LE(at);
        at += 2;
        if (n === 0xffff) continue;
        const ids: number[] = [];
        for (let k = 0; k < n; k++) ids.push(buf.readUInt16LE(at + k * 2));
        at += n * 2;
        t.put(p, ids);
      }
      if (at !== buf.length) throw new Error('length');
      t.dirty = false;
    } catch {
      onDamaged?.();
      return new TopLevelChanges();
    }
    return t;
  }

  async save(file: string, anchor: Buffer): Promise<void> {
    const parts: Buffer[] = [];
    parts.push(anchoredHeader(MAGIC, anchor, this.names.length, this.positions, this.generation));
    for (const n of this.names) {
      const b = Buffer.from(n, 'utf8');
      const l = Buffer.alloc(2);
      l.writeUInt16LE(b.length);
      parts.push(l, b);
    }
    let total = 0;
    for (let p = 0; p < this.positions; p++) total += 2 + (this.start[p]! >= 0 ? this.len[p]! * 2 : 0);
    const body = Buffer.alloc(total);
    let at = 0;
    for (let p = 0; p < this.positions; p++) {
      if (this.start[p]! < 0) {
        body.writeUInt16LE(0xffff, at);
        at += 2;
        continue;
      }
      body.writeUInt16LE(this.len[p]!, at);
      at += 2;
      for (let k = 0; k < this.len[p]!; k++, at += 2) body.writeUInt16LE(this.ids[this.start[p]! + k]!, at);
    }
    parts.push(body);
    await writeFileAtomic(file, anchoredParts(Buffer.concat(parts), []));
    this.dirty = false;
  }

  private idOf(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  /** Positions covered (known or not); never more than the commit index it belongs to. */
  get size(): number {
    return this.positions;
  }

  has(pos: number): boolean {
    return pos < this.positions && this.start[pos]! >= 0;
  }

  private put(pos: number, ids: readonly number[]): void {
    while (pos >= this.start.length) {
      const s = new Int32Array(this.start.length * 2).fill(-1);
      s.set(this.start);
      this.start = s;
      const l = new Uint16Array(this.len.length * 2);
      l.set(this.len);
      this.len = l;
    }
    while (this.used + ids.length > this.ids.length) {
      const i = new Uint16Array(this.ids.length * 2);
      i.set(this.ids);
      this.ids = i;
    }
    this.start[pos] = this.used;
    this.len[pos] = ids.length;
    this.ids.set(ids, this.used);
    this.used += ids.length;
    if (pos >= this.positions) this.positions = pos + 1;
  }

  record(pos: number, changedNames: readonly string[]): void {
    if (this.has(pos) || this.names.length > 60000 || changedNames.length > 60000) return;
    this.put(
      pos,
      changedNames.map((n) => this.idOf(n)),
    );
    this.dirty = true;
  }

  /**
   * false: the commit left the path's top-level entry, or its second-level
   * entry, alone; true: maybe changed; null: not known.
   */
  maybeChanged(pos: number, parts: readonly string[]): boolean | null {
    if (!this.has(pos)) return null;
    const from = this.start[pos]!;
    const to = from + this.len[pos]!;
    const has = (name: string) => {
      const id = this.nameIds.get(name);
      if (id === undefined) return false;
      for (let k = from; k < to; k++) if (this.ids[k] === id) return true;
      return false;
    };
    if (!has(parts[0]!)) return false;
    if (parts.length < 2 || has(`${parts[0]}/*`)) return true;
    return has(`${parts[0]}/${parts[1]}`);
  }
}
