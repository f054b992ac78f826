import fs from 'node:fs';
import type { BloomKey, CommitTable } from './commitTable';
import path from 'node:path';

export interface GraphCommit {
  readonly tree: string;
  readonly parents: string[];
  readonly time: number;
  /** Position in the whole graph, for cheap follow-up questions (Bloom filters). */
  readonly pos: number;
}

interface GraphFile {
  readonly buf: Buffer;
  readonly count: number;
  /** Global position of this file's first commit (files below it in a split chain come first). */
  readonly base: number;
  readonly oidf: number;
  readonly oidl: number;
  readonly cdat: number;
  readonly edge: number;
  readonly bidx: number;
  readonly bdat: number;
}

const NO_PARENT = 0x70000000;

/**
 * git's commit-graph (single file or split chain): parents, root tree and commit
 * time of each commit without reading commit objects, and the changed-path
 * Bloom filters that tell when a commit certainly did not touch a path.
 */
export class CommitGraph implements CommitTable {
  private readonly bloomHashes: number;
  private readonly bloomVersion: number;

  private constructor(private readonly files: GraphFile[]) {
    const withBloom = files.find((f) => f.bdat >= 0);
    this.bloomHashes = withBloom ? withBloom.buf.readUInt32BE(withBloom.bdat + 4) : 0;
    this.bloomVersion = withBloom ? withBloom.buf.readUInt32BE(withBloom.bdat) : 0;
  }

  static open(gitdir: string): CommitGraph | null {
    const info = path.join(gitdir, 'objects', 'info');
    const files: string[] = [];
    const chain = path.join(info, 'commit-graphs', 'commit-graph-chain');
    if (fs.existsSync(chain)) {
      for (const h of fs
        .readFileSync(chain, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean))
        files.push(path.join(info, 'commit-graphs', `graph-${h}.graph`));
    } else if (fs.existsSync(path.join(info, 'commit-graph'))) {
      files.push(path.join(info, 'commit-graph'));
    } else {
      return null;
    }
    const parsed: GraphFile[] = [];
    let base = 0;
    try {
      for (const f of files) {
        const g = parseGraph(fs.readFileSync(f), base);
        parsed.push(g);
        base += g.count;
      }
    } catch {
      return null; // a damaged graph is ignored: objects are read instead
    }
    return new CommitGraph(parsed);
  }

  get count(): number {
    const last = this.files[this.files.length - 1];
    return last ? last.base + last.count : 0;
  }

  positionOf(oid: string): number {
    const at = this.position(Buffer.from(oid, 'hex'));
    return at ? at.file.base + at.local : -1;
  }

  oidAt(pos: number): string {
    return this.oidAtGlobal(pos);
  }

  treeAt(pos: number): string {
    const file = this.fileAt(pos);
    const rec = file.cdat + (pos - file.base) * 36;
    return file.buf.toString('hex', rec, rec + 20);
  }

  timeAt(pos: number): number {
    const file = this.fileAt(pos);
    const b = file.buf;
    const rec = file.cdat + (pos - file.base) * 36 + 28;
    return (b[rec + 3]! & 3) * 0x100000000 + (((b[rec + 4]! << 24) | (b[rec + 5]! << 16) | (b[rec + 6]! << 8) | b[rec + 7]!) >>> 0);
  }

  parentsAt(pos: number): number[] {
    const file = this.fileAt(pos);
    const b = file.buf;
    const rec = file.cdat + (pos - file.base) * 36;
    const p1 = b.readUInt32BE(rec + 20);
    const p2 = b.readUInt32BE(rec + 24);
    const out: number[] = [];
    if (p1 !== NO_PARENT) out.push(p1);
    if (p2 !== NO_PARENT) {
      if (p2 & 0x80000000) {
        let e = file.edge + (p2 & 0x7fffffff) * 4;
        for (;;) {
          const v = b.readUInt32BE(e);
          out.push(v & 0x7fffffff);
          if (v & 0x80000000) break;
          e += 4;
        }
      } else out.push(p2);
    }
    return out;
  }

  get hasBloom(): boolean {
    return this.bloomHashes > 0;
  }

  /**
   * What parseCommitLinkBytes reads from a commit, from the graph: the root tree's id into ids.buf[0..20), each
   * parent's id after it (20 bytes apiece; ids.buf grows for an octopus merge), and the commit time. `id` is the
   * commit's id, 20 bytes at `at`. Null where the graph does not have the commit.
   */
  linksOf(id: Buffer, at: number, ids: { buf: Buffer }): { parents: number; commitTime: number } | null {
    // a walk down the history asks next for a parent of the commit it asked last: those are tried before a search
    let pos = -1;
    for (let i = 0; i < this.lastParents.length && pos < 0; i++) if (this.idIs(this.lastParents[i]!, id, at)) pos = this.lastParents[i]!;
    if (pos < 0) {
      const found = this.position(id, at);
      if (!found) return null;
      pos = found.file.base + found.local;
    }
    const file = this.fileAt(pos);
    copyBytes(file.buf, file.cdat + (pos - file.base) * 36, ids.buf, 0, 20);
    const parents = this.parentsAt(pos);
    const count = this.count;
    for (const p of parents) if (p >= count) return null; // a damaged graph: the commit is read instead
    if (ids.buf.length < 20 * (parents.length + 1)) {
      const grown = Buffer.alloc(20 * (parents.length + 1));
      copyBytes(ids.buf, 0, grown, 0, 20);
      ids.buf = grown;
    }
    for (let i = 0; i < parents.length; i++) {
      const f = this.fileAt(parents[i]!);
      copyBytes(f.buf, f.oidl + (parents[i]! - f.base) * 20, ids.buf, 20 * (i + 1), 20);
    }
    this.lastParents = parents;
    return { parents: parents.length, commitTime: this.timeAt(pos) };
  }

  private lastParents: number[] = [];

  /** Every commit's id in position order, 20 bytes each, as views of the graph's files (one a layer). */
  idParts(): Buffer[] {
    return this.files.map((f) => f.buf.subarray(f.oidl, f.oidl + f.count * 20));
  }

  /** The ids of the commit at a position and of its root tree, 20 bytes each, into `oid` at `oidAt` and `tree` at `treeAt`. */
  idsAt(pos: number, oid: Uint8Array, oidAt: number, tree: Uint8Array, treeAt: number): void {
    const f = this.fileAt(pos);
    copyBytes(f.buf, f.oidl + (pos - f.base) * 20, oid, oidAt, 20);
    copyBytes(f.buf, f.cdat + (pos - f.base) * 36, tree, treeAt, 20);
  }

  /** Whether the commit at a graph position has the id at `at` in `id`. */
  private idIs(pos: number, id: Buffer, at: number): boolean {
    const f = this.fileAt(pos);
    const b = f.buf;
    const from = f.oidl + (pos - f.base) * 20;
    for (let i = 0; i < 20; i++) if (b[from + i] !== id[at + i]) return false;
    return true;
  }

  private position(oid: Buffer, at = 0): { file: GraphFile; local: number } | null {
    const w0 = oid.readUInt32BE(at);
    const w1 = oid.readUInt32BE(at + 4);
    const w2 = oid.readUInt32BE(at + 8);
    const w3 = oid.readUInt32BE(at + 12);
    const w4 = oid.readUInt32BE(at + 16);
    for (const file of this.files) {
      const b = file.buf;
      const first = oid[at]!;
      let lo = first === 0 ? 0 : b.readUInt32BE(file.oidf + (first - 1) * 4);
      let hi = b.readUInt32BE(file.oidf + first * 4) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const rec = file.oidl + mid * 20;
        let c = b.readUInt32BE(rec) - w0;
        if (c === 0) c = b.readUInt32BE(rec + 4) - w1;
        if (c === 0) c = b.readUInt32BE(rec + 8) - w2;
        if (c === 0) c = b.readUInt32BE(rec + 12) - w3;
        if (c === 0) c = b.readUInt32BE(rec + 16) - w4;
        if (c === 0) return { file, local: mid };
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return null;
  }

  /** The file holding a position (no object made: the walk asks this several times per commit). */
  private fileAt(pos: number): GraphFile {
    const files = this.files;
    if (files.length === 1) return files[0]!;
    for (let i = 0; i < files.length; i++) if (pos < files[i]!.base + files[i]!.count) return files[i]!;
    throw new Error(`commit-graph position ${pos} out of range`);
  }

  private oidAtGlobal(pos: number): string {
    for (const f of this.files) {
      if (pos < f.base + f.count) return f.buf.toString('hex', f.oidl + (pos - f.base) * 20, f.oidl + (pos - f.base) * 20 + 20);
    }
    throw new Error(`commit-graph position ${pos} out of range`);
  }

  lookup(oid: string): GraphCommit | null {
    const at = this.position(Buffer.from(oid, 'hex'));
    if (!at) return null;
    const { file, local } = at;
    const b = file.buf;
    const rec = file.cdat + local * 36;
    const tree = b.toString('hex', rec, rec + 20);
    const p1 = b.readUInt32BE(rec + 20);
    const p2 = b.readUInt32BE(rec + 24);
    const parents: string[] = [];
    if (p1 !== NO_PARENT) parents.push(this.oidAtGlobal(p1));
    if (p2 !== NO_PARENT) {
      if (p2 & 0x80000000) {
        let e = file.edge + (p2 & 0x7fffffff) * 4;
        for (;;) {
          const v = b.readUInt32BE(e);
          parents.push(this.oidAtGlobal(v & 0x7fffffff));
          if (v & 0x80000000) break;
          e += 4;
        }
      } else {
        parents.push(this.oidAtGlobal(p2));
      }
    }
    const time = (b.readUInt32BE(rec + 28) & 3) * 0x100000000 + b.readUInt32BE(rec + 32);
    return { tree, parents, time, pos: file.base + local };
  }

  /** false: the commit certainly did not change the path against its first parent; null: no filter to ask. */
  maybeChanged(oid: string, keys: readonly BloomKey[]): boolean | null {
    if (!this.bloomHashes) return null;
    const at = this.position(Buffer.from(oid, 'hex'));
    return at ? this.maybeChangedAt(at.file.base + at.local, keys) : null;
  }

  /** The same question by graph position (see GraphCommit.pos). */
  maybeChangedAt(pos: number, keys: readonly BloomKey[]): boolean | null {
    if (!this.bloomHashes) return null;
    const file = this.fileAt(pos);
    if (file.bdat < 0) return null;
    const b = file.buf;
    const local = pos - file.base;
    const at = file.bidx + local * 4;
    const end = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
    const start = local === 0 ? 0 : ((b[at - 4]! << 24) | (b[at - 3]! << 16) | (b[at - 2]! << 8) | b[at - 1]!) >>> 0;
    const len = end - start;
    if (len <= 0) return null;
    const data = file.bdat + 12 + start;
    const mod = len * 8;
    for (let k = 0; k < keys.length; k++) {
      const hashes = keys[k]!.hashes;
      for (let i = 0; i < hashes.length; i++) {
        const bit = hashes[i]! % mod;
        if ((b[data + (bit >>> 3)]! & (1 << (bit & 7))) === 0) return false;
      }
    }
    return true;
  }

  /** Keys for a path and each of its leading directories, as git checks them. */
  bloomKeys(filePath: string): BloomKey[] {
    const parts = filePath.split('/');
    const keys: BloomKey[] = [];
    for (let i = parts.length; i >= 1; i--) keys.push(bloomKey(parts.slice(0, i).join('/'), this.bloomHashes, this.bloomVersion));
    return keys;
  }
}

export type { BloomKey } from './commitTable';

/** A few bytes from one buffer to another: a loop, where Buffer#copy's checks cost more than the copy. */
function copyBytes(from: Uint8Array, at: number, to: Uint8Array, into: number, len: number): void {
  for (let i = 0; i < len; i++) to[into + i] = from[at + i]!;
}

export function bloomKey(text: string, count: number, version: number): BloomKey {
  const data = Buffer.from(text, 'utf8');
  const h0 = murmur3(0x293ae76f, data, version);
  const h1 = murmur3(0x7e646e2c, data, version);
  const hashes: number[] = [];
  for (let i = 0; i < count; i++) hashes.push((h0 + Math.imul(i, h1)) >>> 0);
  return { hashes };
}

/** MurmurHash3 (x86, 32-bit) as git's bloom.c: version 1 sign-extends bytes over 0x7f, as git's first filters did. */
export function murmur3(seed: number, data: Buffer, version = 2): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const byte = (i: number): number => (version === 1 && data[i]! >= 0x80 ? data[i]! - 256 : data[i]!);
  let h = seed >>> 0;
  const blocks = data.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    let k = (byte(i * 4) | (byte(i * 4 + 1) << 8) | (byte(i * 4 + 2) << 16) | (byte(i * 4 + 3) << 24)) >>> 0;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  let k1 = 0;
  const tail = blocks * 4;
  const rest = data.length & 3;
  if (rest >= 3) k1 ^= byte(tail + 2) << 16;
  if (rest >= 2) k1 ^= byte(tail + 1) << 8;
  if (rest >= 1) {
    k1 ^= byte(tail);
    k1 = Math.imul(k1, c1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, c2);
    h ^= k1;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function parseGraph(buf: Buffer, base: number): GraphFile {
  if (buf.toString('latin1', 0, 4) !== 'CGPH' || buf[4] !== 1 || buf[5] !== 1) throw new Error('not a SHA-1 commit-graph v1');
  const chunks = buf[6]!;
  const offsets: Record<string, number> = {};
  for (let i = 0; i < chunks; i++) {
    const at = 8 + i * 12;
    const id = buf.toString('latin1', at, at + 4);
    offsets[id] = buf.readUInt32BE(at + 4) * 0x100000000 + buf.readUInt32BE(at + 8);
  }
  const oidf = offsets.OIDF;
  const oidl = offsets.OIDL;
  const cdat = offsets.CDAT;
  if (oidf === undefined || oidl === undefined || cdat === undefined) throw new Error('commit-graph without its required chunks');
  return {
    buf,
    base,
    oidf,
    oidl,
    cdat,
    count: buf.readUInt32BE(oidf + 255 * 4),
    edge: offsets.EDGE ?? -1,
    bidx: offsets.BIDX ?? -1,
    bdat: offsets.BDAT ?? -1,
  };
}
