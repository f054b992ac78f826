import fs from 'node:fs';
import path from 'node:path';
import type { CommitTable } from '../history/commitTable';
import type { ObjectStore } from '../objects/objectStore';
import { parseCommitLinks } from '../objects/parseCommit';
import { writeFileAtomic } from './atomicWrite';

const MAGIC = 'STCI';
const VERSION = 1;

/**
 * Strata's own commit index for a repository without git's commit-graph:
 * every commit reachable from what was indexed, with parents, time and root
 * tree, by position. Built once, extended with new commits only, stored in one
 * binary file that loads in milliseconds.
 */
export class StrataCommitIndex implements CommitTable {
  private oids: Buffer;
  private trees: Buffer;
  private times: Float64Array;
  private parentStart: Uint32Array;
  private parentList: Int32Array;
  private n: number;
  private byOid: Map<string, number> | null = null;
  /** Commit objects read from the repository while extending (the rest came from disk). */
  commitsRead = 0;

  private constructor(n: number, oids: Buffer, trees: Buffer, times: Float64Array, parentStart: Uint32Array, parentList: Int32Array) {
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
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return null;
    }
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
      Buffer.from(this.times.buffer, 0, this.n * 8),
      Buffer.from(this.parentStart.buffer, 0, (this.n + 1) * 4),
      Buffer.from(this.parentList.buffer, 0, this.parentStart[this.n]! * 4),
    ]));
  }

  get count(): number {
    return this.n;
  }

  positionOf(oid: string): number {
    if (!this.byOid) {
      this.byOid = new Map();
      for (let i = 0; i < this.n; i++) this.byOid.set(this.oids.toString('hex', i * 20, i * 20 + 20), i);
    }
    return this.byOid.get(oid) ?? -1;
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

  /** Adds every commit reachable from `heads` that the index lacks; returns how many were added. */
  async extend(store: ObjectStore, heads: readonly string[], signal?: AbortSignal, onProgress?: (n: number) => void): Promise<number> {
    const found = new Map<string, { tree: string; time: number; parents: string[] }>();
    const stack = heads.filter((h) => this.positionOf(h) < 0);
    while (stack.length) {
      const oid = stack.pop()!;
      if (found.has(oid) || this.positionOf(oid) >= 0) continue;
      const obj = await store.readObject(oid);
      this.commitsRead++;
      const l = parseCommitLinks(obj.data);
      found.set(oid, { tree: l.tree, time: l.commitTime, parents: l.parents });
      for (const p of l.parents) if (!found.has(p) && this.positionOf(p) < 0) stack.push(p);
      if (found.size % 5000 === 0) {
        if (signal?.aborted) return 0;
        onProgress?.(found.size);
      }
    }
    if (found.size === 0) return 0;
    const n = this.n + found.size;
    const extraParents = [...found.values()].reduce((k, v) => k + v.parents.length, 0);
    const oids = Buffer.alloc(n * 20);
    this.oids.copy(oids, 0, 0, this.n * 20);
    const trees = Buffer.alloc(n * 20);
    this.trees.copy(trees, 0, 0, this.n * 20);
    const times = new Float64Array(n);
    times.set(this.times.subarray(0, this.n));
    const parentStart = new Uint32Array(n + 1);
    parentStart.set(this.parentStart.subarray(0, this.n + 1));
    const parentList = new Int32Array(this.parentStart[this.n]! + extraParents);
    parentList.set(this.parentList.subarray(0, this.parentStart[this.n]!));
    let pos = this.n;
    for (const [oid, c] of found) {
      oids.write(oid, pos * 20, 'hex');
      trees.write(c.tree, pos * 20, 'hex');
      times[pos] = c.time;
      this.byOid!.set(oid, pos);
      pos++;
    }
    pos = this.n;
    let pl = this.parentStart[this.n]!;
    for (const c of found.values()) {
      for (const p of c.parents) parentList[pl++] = this.byOid!.get(p) ?? -1;
      parentStart[++pos] = pl;
    }
    this.oids = oids;
    this.trees = trees;
    this.times = times;
    this.parentStart = parentStart;
    this.parentList = parentList;
    this.n = n;
    return found.size;
  }
}
