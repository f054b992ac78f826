import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CommitTable } from '../history/commitTable';
import type { ObjectStore } from '../objects/objectStore';
import { parseCommitLinks } from '../objects/parseCommit';
import { readBytesIfExists, writeFileAtomic } from './atomicWrite';
import { OidPositions } from './oidPositions';

const MAGIC = 'STCI';
const ANCHOR_POSITIONS = 4096;

const anchorOf = (oids: Buffer, n: number): Buffer => crypto.createHash('sha1').update(oids.subarray(0, Math.min(n, ANCHOR_POSITIONS) * 20)).digest();
const VERSION = 1;

/**
 * Strata's own commit index for a repository without git's commit-graph:
 * every commit reachable from what was indexed, with parents, time and root
 * tree, by position. Built once, extended with new commits only, stored in one
 * binary file that loads in milliseconds.
 */
export class StrataCommitIndex implements CommitTable {
  private oids!: Buffer;
  private trees!: Buffer;
  private times!: Float64Array;
  private parentStart!: Uint32Array;
  private parentList!: Int32Array;
  private n!: number;
  private byOid: OidPositions | null = null;
  /** While extending: where the ids of positions from `newFirst` on are. */
  private newOids: Buffer | null = null;
  private newFirst = 0;
  /** Commit objects read from the repository while extending (the rest came from disk). */
  commitsRead = 0;

  private constructor(n: number, oids: Buffer, trees: Buffer, times: Float64Array, parentStart: Uint32Array, parentList: Int32Array) {
    this.replace(n, oids, trees, times, parentStart, parentList);
  }

  private replace(n: number, oids: Buffer, trees: Buffer, times: Float64Array, parentStart: Uint32Array, parentList: Int32Array): void {
    this.n = n;
    this.oids = oids;
    this.trees = trees;
    this.times = times;
    this.parentStart = parentStart;
    this.parentList = parentList;
  }

  static empty(): StrataCommitIndex {
    return new StrataCommitIndex(0, Buffer.alloc(0), Buffer.alloc(0), new Float64Array(0), new Uint32Array(1), new Int32Array(0));
  }

  static load(file: string): StrataCommitIndex | null {
    const buf = readBytesIfExists(file);
    if (!buf) return null;
    try {
      if (buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== VERSION) return null;
      const n = buf.readUInt32LE(8);
      const m = buf.readUInt32LE(12);
      let at = 16;
      // each part copied into its own ArrayBuffer (typed arrays need their own alignment)
      const take = (len: number): ArrayBuffer => {
        const out = new ArrayBuffer(len);
        buf.copy(new Uint8Array(out), 0, at, at + len);
        at += len;
        return out;
      };
      const oids = Buffer.from(take(n * 20));
      const trees = Buffer.from(take(n * 20));
      const times = new Float64Array(take(n * 8));
      const parentStart = new Uint32Array(take((n + 1) * 4));
      const parentList = new Int32Array(take(m * 4));
      if (at !== buf.length || parentStart[n] !== m) return null;
      return new StrataCommitIndex(n, oids, trees, times, parentStart, parentList);
    } catch {
      return null; // damaged: rebuilt by the caller
    }
  }

  async save(file: string): Promise<void> {
    const header = Buffer.alloc(16);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(VERSION, 4);
    header.writeUInt32LE(this.n, 8);
    header.writeUInt32LE(this.parentStart[this.n]!, 12);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.concat([
      header, this.oids.subarray(0, this.n * 20), this.trees.subarray(0, this.n * 20),
      Buffer.from(this.times.buffer, this.times.byteOffset, this.n * 8),
      Buffer.from(this.parentStart.buffer, 0, (this.n + 1) * 4),
      Buffer.from(this.parentList.buffer, 0, this.parentStart[this.n]! * 4),
    ]));
  }

  /** A fingerprint of the first positions: data kept by position belongs to this index only if it matches. */
  get anchor(): Buffer {
    return anchorOf(this.oids, this.n);
  }

  /** The anchor of the index stored in `file`, reading only its first positions; null where there is none. */
  static anchorIn(file: string): Buffer | null {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return null;
    }
    try {
      const head = Buffer.alloc(16);
      if (fs.readSync(fd, head, 0, 16, 0) !== 16 || head.toString('latin1', 0, 4) !== MAGIC || head.readUInt32LE(4) !== VERSION) return null;
      const n = head.readUInt32LE(8);
      const oids = Buffer.alloc(Math.min(n, ANCHOR_POSITIONS) * 20);
      if (fs.readSync(fd, oids, 0, oids.length, 16) !== oids.length) return null;
      return anchorOf(oids, n);
    } finally {
      fs.closeSync(fd);
    }
  }

  get count(): number {
    return this.n;
  }

  private positions(): OidPositions {
    if (!this.byOid) {
      this.byOid = new OidPositions((pos) => (pos < this.newFirst || !this.newOids ? [this.oids, pos * 20] : [this.newOids, (pos - this.newFirst) * 20]), this.n);
      for (let i = 0; i < this.n; i++) this.byOid.add(i);
    }
    return this.byOid;
  }

  positionOf(oid: string): number {
    return this.positions().get(oid);
  }

  oidAt(pos: number): string {
    return this.oids.toString('hex', pos * 20, pos * 20 + 20);
  }

  treeAt(pos: number): string {
    return this.trees.toString('hex', pos * 20, pos * 20 + 20);
  }

  timeAt(pos: number): number {
    return this.times[pos]!;
  }

  parentsAt(pos: number): number[] {
    const out: number[] = [];
    for (let i = this.parentStart[pos]!; i < this.parentStart[pos + 1]!; i++) out.push(this.parentList[i]!);
    return out;
  }

  /**
   * Adds every commit reachable from `heads` that the index lacks; returns how
   * many were added. Positions are given as commits are discovered, so parents
   * resolve at once and nothing but flat arrays grows.
   */
  async extend(store: ObjectStore, heads: readonly string[], signal?: AbortSignal, onProgress?: (n: number) => void, onCommit?: (pos: number, tree: string) => void): Promise<number> {
    try {
      return await this.extendFrom(store, heads, signal, onProgress, onCommit);
    } finally {
      this.newOids = null;
      this.newFirst = this.n;
      // stopped half way: positions handed out past the end mean nothing
      if (this.byOid && this.byOid.count !== this.n) this.byOid = null;
    }
  }

  private async extendFrom(store: ObjectStore, heads: readonly string[], signal?: AbortSignal, onProgress?: (n: number) => void, onCommit?: (pos: number, tree: string) => void): Promise<number> {
    const byOid = this.positions();
    const first = this.n;
    let next = this.n;
    let cap = Math.max(1024, this.n >> 2);
    let oids = Buffer.alloc(cap * 20);
    let trees = Buffer.alloc(cap * 20);
    let times = new Float64Array(cap);
    let p1 = new Int32Array(cap).fill(-2);
    let p2 = new Int32Array(cap).fill(-2);
    let done = new Uint8Array(cap);
    const more = new Map<number, number[]>(); // octopus merges: parents past the second
    const grow = () => {
      cap *= 2;
      const o = Buffer.alloc(cap * 20); oids.copy(o); oids = o; this.newOids = o;
      const t = Buffer.alloc(cap * 20); trees.copy(t); trees = t;
      const ti = new Float64Array(cap); ti.set(times); times = ti;
      const a = new Int32Array(cap).fill(-2); a.set(p1); p1 = a;
      const b = new Int32Array(cap).fill(-2); b.set(p2); p2 = b;
      const d = new Uint8Array(cap); d.set(done); done = d;
    };
    const stack: number[] = [];
    this.newOids = oids;
    this.newFirst = first;
    const assign = (oid: string): number => {
      let pos = byOid.get(oid);
      if (pos < 0) {
        pos = next++;
        if (pos - first >= cap) grow();
        oids.write(oid, (pos - first) * 20, 'hex');
        byOid.add(pos);
        stack.push(pos);
      }
      return pos;
    };
    const fill = (pos: number, data: Uint8Array) => {
      const l = parseCommitLinks(data);
      const k = pos - first;
      trees.write(l.tree, k * 20, 'hex');
      onCommit?.(pos, l.tree);
      times[k] = l.commitTime;
      const ps = l.parents.map(assign);
      p1[k] = ps[0] ?? -1;
      p2[k] = ps[1] ?? -1;
      if (ps.length > 2) more.set(pos, ps.slice(2));
      done[k] = 1;
    };
    for (const h of heads) assign(h);
    let read = 0;
    const tick = (): boolean => {
      if (++read % 5000 === 0) {
        if (signal?.aborted) return false;
        onProgress?.(read);
      }
      return true;
    };
    // a new index starts from the commits as the packs store them (sequential reads);
    // what that misses is read by id below
    if (first === 0 && store.storedCommits) {
      for (const c of store.storedCommits()) {
        const pos = assign(c.oid);
        if (done[pos - first]) continue;
        this.commitsRead++;
        fill(pos, c.data);
        if (!tick()) return 0;
      }
    }
    while (stack.length) {
      const pos = stack.pop()!;
      const k = pos - first;
      if (done[k]) continue;
      const obj = await store.readObject(oids.toString('hex', k * 20, k * 20 + 20));
      this.commitsRead++;
      fill(pos, obj.data);
      if (!tick()) return 0;
    }
    const added = next - first;
    if (added === 0) return 0;
    const n = next;
    // a new index keeps the arrays it was built in (copying them would hold both at once)
    const allOids = first === 0 ? oids.subarray(0, n * 20) : Buffer.concat([this.oids.subarray(0, first * 20), oids.subarray(0, added * 20)]);
    const allTrees = first === 0 ? trees.subarray(0, n * 20) : Buffer.concat([this.trees.subarray(0, first * 20), trees.subarray(0, added * 20)]);
    const allTimes = first === 0 ? times.subarray(0, n) : new Float64Array(n);
    if (first > 0) {
      allTimes.set(this.times.subarray(0, first));
      allTimes.set(times.subarray(0, added), first);
    }
    let extra = 0;
    for (let k = 0; k < added; k++) extra += (p1[k]! >= 0 ? 1 : 0) + (p2[k]! >= 0 ? 1 : 0) + (more.get(first + k)?.length ?? 0);
    const parentStart = new Uint32Array(n + 1);
    parentStart.set(this.parentStart.subarray(0, first + 1));
    const parentList = new Int32Array(this.parentStart[first]! + extra);
    parentList.set(this.parentList.subarray(0, this.parentStart[first]!));
    let at = this.parentStart[first]!;
    for (let k = 0; k < added; k++) {
      if (p1[k]! >= 0) parentList[at++] = p1[k]!;
      if (p2[k]! >= 0) parentList[at++] = p2[k]!;
      for (const p of more.get(first + k) ?? []) parentList[at++] = p;
      parentStart[first + k + 1] = at;
    }
    this.replace(n, allOids, allTrees, allTimes, parentStart, parentList);
    return added;
  }
}
