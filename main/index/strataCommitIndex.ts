import { withOpenFile } from './withOpenFile';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { CommitTable } from '../objects/commitTable';
import type { CommitGraph } from '../objects/commitGraph';
import type { GitObject, ObjectStore } from '../objects/objectStore';
import { isObjectMissing } from '../../shared/errors';
import { parseCommitLinkBytes, parseCommitLinks } from '../objects/parseCommit';
import { writeFileAtomic } from './atomicWrite';
import { ChunkedColumn, IdColumn } from './chunkedColumn';
import { OidPositions } from './oidPositions';
import { CHECKSUM_BYTES, crcOf, sealMatches, sealed } from './checksum';

const MAGIC = 'STCI';
const ANCHOR_POSITIONS = 4096;

/** 2: ends with a checksum (checksum.ts); a file of version 1 is rebuilt. */
const VERSION = 2;

const anchorOf = (oids: IdColumn, n: number): Buffer => {
  const first = oids.chunks[0]?.subarray(0, Math.min(n, ANCHOR_POSITIONS) * 20) ?? Buffer.alloc(0);
  return crypto.createHash('sha1').update(first).digest();
};

/** 20 bytes of an id from one buffer to another: a loop, where Buffer#copy's checks cost more than the copy. */
export function copyId(from: Uint8Array, at: number, to: Uint8Array, into: number): void {
  for (let k = 0; k < 20; k++) to[into + k] = from[at + k]!;
}

/** Reads len bytes at `at` into `into`, all of them. */
function readFully(fd: number, into: Uint8Array, len: number, at: number): void {
  for (let got = 0; got < len;) {
    const r = fs.readSync(fd, into, got, len - got, at + got);
    if (r === 0) throw new Error('file cut short');
    got += r;
  }
}

export interface ExtendOptions {
  readonly signal?: AbortSignal;
  /** Commits read so far, every 5,000. */
  readonly onProgress?: (n: number) => void;
  /** Each commit read: its position and root tree (hex, or 20 bytes at `at`), as soon as they are known. */
  readonly onCommit?: (pos: number, tree: string | Buffer, at?: number) => void;
  /** Each commit read: its position and bytes (good only during the call: a pack's commits come through one buffer). */
  readonly onCommitBytes?: (pos: number, data: Uint8Array) => void;
  /** The commits a shallow clone was cut at: their parents are not there to read. */
  readonly shallow?: ReadonlySet<string>;
  /**
   * A new index may start from the commits as the packs store them, front to back (the default), where the heads
   * reach most of what the packs hold; false reads only what the heads reach, by id.
   */
  readonly frontToBack?: boolean;
  /**
   * A commit's links without reading it (git's commit-graph, CommitGraph.linksOf): the commit whose id is the
   * 20 bytes at `at` in `id`, as parseCommitLinkBytes gives them; null where it does not know the commit (it is read).
   */
  readonly linksOf?: (id: Buffer, at: number, ids: { buf: Buffer }) => { parents: number; commitTime: number } | null;
}

/**
 * Strata's own commit index for a repository without git's commit-graph:
 * every commit reachable from what was indexed, with parents, time and root
 * tree, by position. Built once, extended with new commits only, stored in one
 * binary file that loads in milliseconds. Ids and times are kept in chunks, so
 * building and extending never copy them and never hold spare capacity.
 */
export class StrataCommitIndex implements CommitTable {
  private readonly oids = new IdColumn();
  private readonly trees = new IdColumn();
  private readonly times = new ChunkedColumn((len) => new Float64Array(len), 1);
  private parentStart = new Uint32Array(1);
  private parentList = new Int32Array(0);
  private n = 0;
  private byOid: OidPositions | null = null;
  /** Commit objects read from the repository while extending (the rest came from disk). */
  commitsRead = 0;

  private constructor() {}

  static empty(): StrataCommitIndex {
    return new StrataCommitIndex();
  }

  /**
   * Every commit of git's commit-graph, in the graph's order: built without reading a commit (a kernel's
   * 1.3 million in well under a second, where reading them takes many). extend adds what the graph lacks.
   * Null where the graph names a parent it does not have.
   */
  static fromGraph(graph: CommitGraph): StrataCommitIndex | null {
    const t = new StrataCommitIndex();
    const n = graph.count;
    t.oids.ensure(n);
    t.trees.ensure(n);
    t.times.ensure(n);
    const starts = new Uint32Array(n + 1);
    const list: number[] = [];
    for (let pos = 0; pos < n; pos++) {
      graph.idsAt(pos, t.oids.chunk(pos), t.oids.offset(pos), t.trees.chunk(pos), t.trees.offset(pos));
      t.times.set(pos, graph.timeAt(pos));
      for (const p of graph.parentsAt(pos)) {
        if (!(p >= 0 && p < n)) return null; // a damaged graph: the commits are read instead (this index is kept)
        list.push(p);
      }
      starts[pos + 1] = list.length;
    }
    t.parentStart = starts;
    t.parentList = Int32Array.from(list);
    t.n = n;
    return t;
  }

  /**
   * The index stored in `file`, or null where there is none or it cannot be trusted (rebuilt by the
   * caller): another version, a size that does not add up, a checksum that does not match or a parent
   * out of range; `onDamaged` hears of those of this version.
   */
  static load(file: string, onDamaged?: () => void): StrataCommitIndex | null {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return null;
    }
    const damaged = () => {
      onDamaged?.();
      return null;
    };
    try {
      const size = fs.fstatSync(fd).size;
      const header = Buffer.alloc(16);
      if (fs.readSync(fd, header, 0, 16, 0) !== 16 || header.toString('latin1', 0, 4) !== MAGIC) return damaged();
      if (header.readUInt32LE(4) !== VERSION) return null;
      const n = header.readUInt32LE(8);
      const m = header.readUInt32LE(12);
      if (size !== 16 + n * 48 + (n + 1) * 4 + m * 4 + CHECKSUM_BYTES) return damaged();
      const t = new StrataCommitIndex();
      let at = 16;
      let crc = crcOf([header]);
      // straight from the file into the chunks and arrays (no whole-file buffer), the checksum taken on the way
      for (const col of [t.oids, t.trees, t.times] as ChunkedColumn<Uint8Array | Float64Array>[]) {
        col.ensure(n);
        for (const part of col.bytes(n)) {
          readFully(fd, part, part.length, at);
          crc = crcOf([part], crc);
          at += part.length;
        }
      }
      t.parentStart = new Uint32Array(n + 1);
      const starts = new Uint8Array(t.parentStart.buffer);
      readFully(fd, starts, (n + 1) * 4, at);
      at += (n + 1) * 4;
      t.parentList = new Int32Array(m);
      const list = new Uint8Array(t.parentList.buffer);
      readFully(fd, list, m * 4, at);
      at += m * 4;
      const trailer = Buffer.alloc(CHECKSUM_BYTES);
      readFully(fd, trailer, CHECKSUM_BYTES, at);
      if (!sealMatches(trailer, crcOf([starts, list], crc))) return damaged();
      if (t.parentStart[n] !== m) return damaged();
      t.n = n;
      return t;
    } catch {
      return damaged();
    } finally {
      fs.closeSync(fd);
    }
  }

  async save(file: string): Promise<void> {
    const header = Buffer.alloc(16);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(VERSION, 4);
    header.writeUInt32LE(this.n, 8);
    header.writeUInt32LE(this.parentStart[this.n]!, 12);
    await writeFileAtomic(
      file,
      sealed([
        header,
        ...this.oids.bytes(this.n),
        ...this.trees.bytes(this.n),
        ...this.times.bytes(this.n),
        new Uint8Array(this.parentStart.buffer, this.parentStart.byteOffset, (this.n + 1) * 4),
        new Uint8Array(this.parentList.buffer, this.parentList.byteOffset, this.parentStart[this.n]! * 4),
      ]),
    );
  }

  /** A fingerprint of the first positions: data kept by position belongs to this index only if it matches. */
  get anchor(): Buffer {
    return anchorOf(this.oids, this.n);
  }

  /** The anchor of the index stored in `file`, reading only its first positions; null where there is none. */
  static anchorIn(file: string): Buffer | null {
    return withOpenFile(file, (fd) => {
      const head = Buffer.alloc(16);
      if (fs.readSync(fd, head, 0, 16, 0) !== 16 || head.toString('latin1', 0, 4) !== MAGIC || head.readUInt32LE(4) !== VERSION)
        return null;
      const n = head.readUInt32LE(8);
      const first = new IdColumn();
      first.ensure(Math.min(n, ANCHOR_POSITIONS));
      const len = Math.min(n, ANCHOR_POSITIONS) * 20;
      if (fs.readSync(fd, first.chunks[0] ?? Buffer.alloc(0), 0, len, 16) !== len) return null;
      return anchorOf(first, n);
    });
  }

  get count(): number {
    return this.n;
  }

  /**
   * Whether the first positions hold these ids in this order (20 bytes each; the parts read as one run): an index
   * built from git's graph, while that graph is the same, has the graph's positions.
   */
  startsWithIds(parts: readonly Uint8Array[]): boolean {
    const total = parts.reduce((n, p) => n + p.length, 0);
    if (total % 20 !== 0 || total / 20 > this.n) return false;
    const mine = this.oids.bytes(total / 20);
    let m = 0;
    let mAt = 0;
    for (const part of parts) {
      for (let at = 0; at < part.length;) {
        const run = Math.min(part.length - at, mine[m]!.length - mAt);
        if (Buffer.compare(part.subarray(at, at + run), mine[m]!.subarray(mAt, mAt + run)) !== 0) return false;
        at += run;
        mAt += run;
        if (mAt === mine[m]!.length) {
          m++;
          mAt = 0;
        }
      }
    }
    return true;
  }

  private positions(): OidPositions {
    if (!this.byOid) {
      this.byOid = new OidPositions((pos) => [this.oids.chunk(pos), this.oids.offset(pos)], this.n);
      for (let i = 0; i < this.n; i++) this.byOid.add(i);
    }
    return this.byOid;
  }

  positionOf(oid: string): number {
    return this.positions().get(oid);
  }

  oidAt(pos: number): string {
    return this.oids.hexAt(pos);
  }

  treeAt(pos: number): string {
    return this.trees.hexAt(pos);
  }

  timeAt(pos: number): number {
    return this.times.get(pos);
  }

  parentsAt(pos: number): number[] {
    const out: number[] = [];
    for (let i = this.parentStart[pos]!; i < this.parentStart[pos + 1]!; i++) out.push(this.parentList[i]!);
    return out;
  }

  /** false for a commit known only as a parent behind a shallow clone's boundary (its time is NaN until it is read). */
  knownAt(pos: number): boolean {
    return !Number.isNaN(this.times.get(pos));
  }

  /**
   * Adds every commit reachable from `heads` that the index lacks; returns how
   * many were added or filled in. Positions are given as commits are
   * discovered, so parents resolve at once and nothing but flat arrays grows.
   * The parents of `shallow` commits get positions but are not read (a shallow
   * clone does not have them); once a deepening brings them, the next extend
   * reads them in place, so the positions and what is kept by them stay valid.
   */
  async extend(store: ObjectStore, heads: readonly string[], o: ExtendOptions = {}): Promise<number> {
    try {
      return await this.extendFrom(store, heads, o);
    } finally {
      // stopped half way: positions handed out past the end mean nothing (the records there are overwritten next time)
      if (this.byOid && this.byOid.count !== this.n) this.byOid = null;
    }
  }

  private async extendFrom(store: ObjectStore, heads: readonly string[], o: ExtendOptions): Promise<number> {
    const { signal, onProgress, onCommit, onCommitBytes } = o;
    const shallow = o.shallow ?? new Set<string>();
    const byOid = this.positions();
    const first = this.n;
    let next = this.n;
    // parents of the new commits, by position past `first`, until the end (-2: not read yet, -1: none)
    const p1 = new ChunkedColumn((len) => new Int32Array(len), 1, -2);
    const p2 = new ChunkedColumn((len) => new Int32Array(len), 1, -2);
    const done = new ChunkedColumn((len) => new Uint8Array(len), 1);
    const more = new Map<number, number[]>(); // octopus merges: parents past the second
    const stack: number[] = [];
    /** While commits come front to back from the packs, the ones still to read by id are found afterwards (a stack of every commit would cost 8 bytes each). */
    let fromPacks = false;
    /** The position of a commit given by its id (20 bytes at `at`), assigned where it has none (and stacked to be read). */
    const assignId = (id: Buffer, at: number): number => {
      let pos = byOid.find(id, at);
      if (pos < 0) {
        pos = next++;
        this.oids.ensure(next);
        this.trees.ensure(next);
        this.times.ensure(next);
        p1.ensure(next - first);
        p2.ensure(next - first);
        done.ensure(next - first);
        copyId(id, at, this.oids.chunk(pos), this.oids.offset(pos));
        byOid.add(pos);
        if (!fromPacks) stack.push(pos);
      }
      return pos;
    };
    const probe = Buffer.alloc(20);
    /** assignId, for an id in hex (what a commit read the slow way names). */
    const assign = (oid: string): number => {
      probe.fill(0);
      probe.write(oid, 0, 'hex');
      return assignId(probe, 0);
    };
    // a shallow commit's parents: a position, no read (NaN time marks them unknown), nothing stacked
    const assignUnread = (oid: string): number => {
      let pos = byOid.get(oid);
      if (pos < 0) {
        const stacked = stack.length;
        pos = assign(oid);
        stack.length = stacked;
        this.times.set(pos, NaN);
        done.set(pos - first, 1);
      }
      return pos;
    };
    const ids = { buf: Buffer.alloc(20 * 8) };
    /** fill, from the commit's bytes; false where it must take the way with strings (a shallow clone, an odd commit). */
    const fillFromBytes = (pos: number, data: Uint8Array): boolean => {
      if (shallow.size > 0) return false;
      const l = parseCommitLinkBytes(data, ids);
      return l !== null && fillLinks(pos, l);
    };
    // a shallow clone's commits are read: the graph has the parents a deepening brings, not the boundary
    const linksOf = shallow.size === 0 ? o.linksOf : undefined;
    /** fill, from what linksOf knows of the commit; false where it does not know it. */
    const fillFromGraph = (pos: number): boolean => {
      const l = linksOf!(this.oids.chunk(pos), this.oids.offset(pos), ids);
      return l !== null && fillLinks(pos, l);
    };
    /** fill, from the links in ids.buf (tree, then parents). */
    const fillLinks = (pos: number, l: { parents: number; commitTime: number }): boolean => {
      const k = pos - first;
      const idBytes = ids.buf;
      copyId(idBytes, 0, this.trees.chunk(pos), this.trees.offset(pos));
      onCommit?.(pos, idBytes, 0);
      this.times.set(pos, l.commitTime);
      p1.set(k, l.parents > 0 ? assignId(idBytes, 20) : -1);
      p2.set(k, l.parents > 1 ? assignId(idBytes, 40) : -1);
      if (l.parents > 2) {
        const rest: number[] = [];
        for (let i = 2; i < l.parents; i++) rest.push(assignId(idBytes, 20 * (i + 1)));
        more.set(pos, rest);
      }
      done.set(k, 1);
      return true;
    };
    const parentsOf = (pos: number, parents: readonly string[]): number[] =>
      parents.map(shallow.size > 0 && shallow.has(this.oids.hexAt(pos)) ? assignUnread : assign);
    const fill = (pos: number, data: Uint8Array) => {
      const l = parseCommitLinks(data);
      const k = pos - first;
      this.trees.writeHex(pos, l.tree);
      onCommit?.(pos, l.tree);
      this.times.set(pos, l.commitTime);
      const ps = parentsOf(pos, l.parents);
      p1.set(k, ps[0] ?? -1);
      p2.set(k, ps[1] ?? -1);
      if (ps.length > 2) more.set(pos, ps.slice(2));
      done.set(k, 1);
    };
    for (const h of heads) assign(h);
    let read = 0;
    /** Every 5,000 commits: progress; false when cancelled. The reads are synchronous, so every 50,000 the event loop gets a turn and a cancel message gets in. */
    const tick = async (): Promise<boolean> => {
      onProgress?.(read);
      if (read % 50_000 === 0) await new Promise<void>((r) => setImmediate(r));
      return !signal?.aborted;
    };
    // a new index starts from the commits as the packs store them (sequential reads);
    // what that misses is read by id below
    if (first === 0 && store.storedCommits && !linksOf && o.frontToBack !== false) {
      fromPacks = true;
      for (const c of store.storedCommits()) {
        const id = Buffer.isBuffer(c.id) ? c.id : Buffer.from(c.id.buffer, c.id.byteOffset, c.id.byteLength);
        const pos = assignId(id, 0);
        if (done.get(pos - first)) continue;
        this.commitsRead++;
        if (!fillFromBytes(pos, c.data)) fill(pos, c.data);
        onCommitBytes?.(pos, c.data);
        if (++read % 5000 === 0 && !(await tick())) return 0;
      }
      fromPacks = false;
      for (let pos = first; pos < next; pos++) if (!done.get(pos - first)) stack.push(pos);
    }
    // parents a shallow clone lacked when they were indexed: read in place where a deepening has brought them
    // (applied at the end with the parent lists, so a cancel leaves the index as it was)
    const filledIn = new Map<number, { tree: string; time: number; parents: number[] }>();
    for (let pos = 0; pos < first; pos++) {
      if (this.knownAt(pos)) continue;
      let obj: GitObject;
      try {
        obj = await store.readObject(this.oids.hexAt(pos));
      } catch (err) {
        if (isObjectMissing(err)) continue; // still behind the boundary
        throw err;
      }
      this.commitsRead++;
      const l = parseCommitLinks(obj.data);
      filledIn.set(pos, { tree: l.tree, time: l.commitTime, parents: parentsOf(pos, l.parents) });
      if (++read % 5000 === 0 && !(await tick())) return 0;
    }
    // read by id: without a promise per commit where the store reads synchronously, and parsed from the bytes as above
    const readSync = store.readObjectSync?.bind(store);
    while (stack.length) {
      const pos = stack.pop()!;
      if (done.get(pos - first)) continue;
      if (!linksOf || !fillFromGraph(pos)) {
        const oid = this.oids.hexAt(pos);
        const obj = readSync ? readSync(oid) : await store.readObject(oid);
        this.commitsRead++;
        if (!fillFromBytes(pos, obj.data)) fill(pos, obj.data);
        onCommitBytes?.(pos, obj.data);
      }
      if (++read % 5000 === 0 && !(await tick())) return 0;
    }
    const added = next - first;
    if (added === 0 && filledIn.size === 0) return 0;
    let extra = 0;
    for (let k = 0; k < added; k++) extra += (p1.get(k) >= 0 ? 1 : 0) + (p2.get(k) >= 0 ? 1 : 0) + (more.get(first + k)?.length ?? 0);
    for (const f of filledIn.values()) extra += f.parents.length; // they had none
    const parentStart = new Uint32Array(next + 1);
    const parentList = new Int32Array(this.parentStart[first]! + extra);
    let at = 0;
    if (filledIn.size === 0) {
      parentStart.set(this.parentStart.subarray(0, first + 1));
      parentList.set(this.parentList.subarray(0, this.parentStart[first]!));
      at = this.parentStart[first]!;
    } else {
      for (let pos = 0; pos < first; pos++) {
        parentStart[pos] = at;
        const f = filledIn.get(pos);
        if (f) {
          this.trees.writeHex(pos, f.tree);
          this.times.set(pos, f.time);
          for (const p of f.parents) parentList[at++] = p;
        } else for (let i = this.parentStart[pos]!; i < this.parentStart[pos + 1]!; i++) parentList[at++] = this.parentList[i]!;
      }
      parentStart[first] = at;
    }
    for (let k = 0; k < added; k++) {
      if (p1.get(k) >= 0) parentList[at++] = p1.get(k);
      if (p2.get(k) >= 0) parentList[at++] = p2.get(k);
      for (const p of more.get(first + k) ?? []) parentList[at++] = p;
      parentStart[first + k + 1] = at;
    }
    this.parentStart = parentStart;
    this.parentList = parentList;
    this.n = next;
    return added + filledIn.size;
  }
}
