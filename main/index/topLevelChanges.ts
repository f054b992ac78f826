import fs from 'node:fs';
import { writeFileAtomic } from './atomicWrite';

const MAGIC = 'STTL';

/**
 * Which entries of the tree's top two levels each commit changed against its
 * first parent, by commit position in Strata's commit index ("mm", "mm/hmm.c";
 * "mm/*" where a level could not be compared). A path whose first two
 * components a commit did not change is certainly the same as in the first
 * parent — the answer a changed-path Bloom filter gives, exactly and cheaply,
 * learned while walking the first file and used by every later one.
 */
export class TopLevelChanges {
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Per position: undefined (not known yet) or the ids of the changed names. */
  private readonly changed: (Uint16Array | undefined)[] = [];
  dirty = false;

  static load(file: string): TopLevelChanges {
    const t = new TopLevelChanges();
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return t;
    }
    try {
      if (buf.toString('latin1', 0, 4) !== MAGIC) return t;
      const nameCount = buf.readUInt32LE(4);
      const posCount = buf.readUInt32LE(8);
      let at = 12;
      for (let i = 0; i < nameCount; i++) {
        const len = buf.readUInt16LE(at);
        t.idOf(buf.toString('utf8', at + 2, at + 2 + len));
        at += 2 + len;
      }
      for (let p = 0; p < posCount; p++) {
        const n = buf.readUInt16LE(at);
        at += 2;
        if (n === 0xffff) continue;
        const ids = new Uint16Array(n);
        for (let k = 0; k < n; k++) ids[k] = buf.readUInt16LE(at + k * 2);
        at += n * 2;
        t.changed[p] = ids;
      }
      t.dirty = false;
    } catch {
      return new TopLevelChanges();
    }
    return t;
  }

  async save(file: string): Promise<void> {
    const parts: Buffer[] = [];
    const head = Buffer.alloc(12);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(this.names.length, 4);
    head.writeUInt32LE(this.changed.length, 8);
    parts.push(head);
    for (const n of this.names) {
      const b = Buffer.from(n, 'utf8');
      const l = Buffer.alloc(2);
      l.writeUInt16LE(b.length);
      parts.push(l, b);
    }
    for (let p = 0; p < this.changed.length; p++) {
      const ids = this.changed[p];
      const b = Buffer.alloc(2 + (ids ? ids.length * 2 : 0));
      b.writeUInt16LE(ids ? ids.length : 0xffff);
      if (ids) ids.forEach((id, k) => b.writeUInt16LE(id, 2 + k * 2));
      parts.push(b);
    }
    await writeFileAtomic(file, Buffer.concat(parts));
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
    return this.changed.length;
  }

  has(pos: number): boolean {
    return this.changed[pos] !== undefined;
  }

  record(pos: number, changedNames: readonly string[]): void {
    if (this.changed[pos] !== undefined || this.names.length > 60000) return;
    this.changed[pos] = Uint16Array.from(changedNames.map((n) => this.idOf(n)));
    this.dirty = true;
  }

  /**
   * false: the commit left the path's top-level entry, or its second-level
   * entry, alone; true: maybe changed; null: not known.
   */
  maybeChanged(pos: number, parts: readonly string[]): boolean | null {
    const ids = this.changed[pos];
    if (ids === undefined) return null;
    const has = (name: string) => {
      const id = this.nameIds.get(name);
      return id !== undefined && ids.includes(id);
    };
    if (!has(parts[0]!)) return false;
    if (parts.length < 2 || has(`${parts[0]}/*`)) return true;
    return has(`${parts[0]}/${parts[1]}`);
  }
}
