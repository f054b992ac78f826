import fs from 'node:fs';
import zlib from 'node:zlib';
import type { BlameLine } from '../../shared/blame';
import { writeFileAtomic } from '../index/atomicWrite';
import { withOpenFile } from '../index/withOpenFile';
import { orderedRuns, type LineSet } from './lineSet';

/** What one blame found for the lines of a version: for each run (final, here, len), the lines `here` on are `lines[final]` on. */
export interface Resolved {
  /** The lines of that version followed, as (final, here, len) triples in order of `here` (LineSet.settle): put in order when first asked. */
  readonly runs: () => ArrayLike<number>;
  /** How many integers the runs take (what a cache counts). */
  readonly size: number;
  readonly lines: readonly BlameLine[];
}

/** One blame with git's default options, as it is kept: the version blamed, its answer, and the versions it went through. */
export interface BlameAnswers {
  /** The commits blamed at (their file the same, passed whole from one to the next: a timeline's newest version, and HEAD). */
  readonly oids: readonly string[];
  readonly path: string;
  readonly lines: readonly BlameLine[];
  /** Each version the blame followed lines through (commit and path), and the lines it followed there. */
  readonly versions: readonly { readonly oid: string; readonly path: string; readonly at: LineSet }[];
}

// 3: answers of blames that read tree modes as git does (a merge the same as a parent but for a raw mode)
const MAGIC = 'STB3';
/**
 * At most this many integers of versions' runs are kept (4 MiB), the newest versions first: a blame whose lines are
 * old passes hundreds of versions with hundreds of runs each (tmux's window.c: 10 MB), and "blame before" steps
 * back from the newest.
 */
const MAX_RUN_INTS = 1 << 20;

/**
 * A blame kept on disk (one a path, next to its prepared pairs): the Blame tab opens on the version prepared
 * without a walk, and a blame of an older version takes each line that version shares with it from here. A
 * line's answer depends only on the commit, path and line it is at, and the history below: the file holds the
 * shallow boundary it was found with and is not read under another. Two parts, each with its checksum: the answer
 * (ids kept once each, lines as six integers: commit, line, path, and git's `previous`: commit, path, line), read
 * whole; then the versions' runs, read only when an older version is blamed. A damaged part is not read (blame then
 * walks as it would have).
 */
export class StoredAnswers {
  private constructor(
    private readonly file: string,
    private readonly ino: number,
    /** Where the versions' part starts. */
    private readonly versionsAt: number,
    private readonly oids: readonly string[],
    private readonly paths: readonly string[],
    private readonly root: { readonly oids: readonly string[]; readonly path: string },
    private readonly lineInts: Int32Array,
  ) {}

  private answer: BlameLine[] | null = null;
  private readonly made = new Map<string, Resolved>();
  /** Per version `oid:path`: its runs (read with the first older version blamed; empty where that part is damaged). */
  private versionRuns: Map<string, Int32Array> | null = null;

  /** The answer in `file`; null where there is none, it was found under another shallow boundary, or it is damaged. */
  static read(file: string, shallow: string): StoredAnswers | null {
    return withOpenFile(file, (fd) => {
      const top = Buffer.alloc(8);
      if (fs.readSync(fd, top, 0, 8, 0) !== 8 || top.toString('latin1', 0, 4) !== MAGIC) return null;
      const data = checkedPart(fd, 8, top.readUInt32LE(4));
      if (!data) return null;
      try {
        const r = new PartReader(data);
        if (r.text() !== shallow) return null;
        const oidBytes = r.u32();
        const oids = Array.from({ length: r.u32() }, () => r.hex(oidBytes));
        const paths = Array.from({ length: r.u32() }, () => r.text());
        const rootOids = Array.from({ length: r.u32() }, () => oids[r.u32()]!);
        const root = { oids: rootOids, path: paths[r.u32()]! };
        const lineInts = r.ints(r.u32() * 6);
        if (!r.done || rootOids.some((o) => o === undefined) || root.path === undefined) return null;
        return new StoredAnswers(file, fs.fstatSync(fd).ino, 8 + data.length + 4, oids, paths, root, lineInts);
      } catch {
        return null; // cut short: read as damaged
      }
    });
  }

  /** The kept answer of the blame of `oid` at `path`, where that is the blame kept. */
  rootOf(oid: string, path: string): readonly BlameLine[] | null {
    return path === this.root.path && this.root.oids.includes(oid) ? this.lines() : null;
  }

  /** What the kept blame found for the lines of the version `oid:path` it went through. */
  resolvedAt(version: string): Resolved | undefined {
    const known = this.made.get(version);
    if (known) return known;
    const found = (this.versionRuns ??= this.readVersions()).get(version);
    if (!found) return undefined;
    // kept as the blame held them: put in order when first asked (read in place where they are)
    let ordered: ArrayLike<number> | null = null;
    const runs = (): ArrayLike<number> => {
      if (ordered) return ordered;
      ordered = found;
      for (let i = 4; i < found.length; i += 3) {
        if (found[i - 3]! > found[i]!) {
          ordered = orderedRuns(found);
          break;
        }
      }
      return ordered;
    };
    const r = { runs, size: found.length, lines: this.lines() };
    this.made.set(version, r);
    return r;
  }

  /** The versions' part: none where the file was replaced since its answer was read, or the part is damaged. */
  private readVersions(): Map<string, Int32Array> {
    const out = new Map<string, Int32Array>();
    withOpenFile(this.file, (fd) => {
      if (fs.fstatSync(fd).ino !== this.ino) return;
      const len = Buffer.alloc(4);
      if (fs.readSync(fd, len, 0, 4, this.versionsAt) !== 4) return;
      const data = checkedPart(fd, this.versionsAt + 4, len.readUInt32LE(0));
      if (!data) return;
      try {
        const r = new PartReader(data);
        const heads = Array.from({ length: r.u32() }, () => [r.u32(), r.u32(), r.u32()] as const);
        for (const [oid, path, runs] of heads) out.set(`${this.oids[oid]!}:${this.paths[path]!}`, r.ints(runs * 3));
        if (!r.done) out.clear();
      } catch {
        out.clear(); // cut short: read as damaged
      }
    });
    return out;
  }

  private lines(): readonly BlameLine[] {
    if (this.answer) return this.answer;
    const n = this.lineInts.length / 6;
    const out = new Array<BlameLine>(n);
    const l = this.lineInts;
    for (let i = 0; i < n; i++) {
      const k = i * 6;
      out[i] =
        l[k + 3]! < 0
          ? { line: i + 1, oid: this.oids[l[k]!]!, origLine: l[k + 1]!, origPath: this.paths[l[k + 2]!]! }
          : {
              line: i + 1,
              oid: this.oids[l[k]!]!,
              origLine: l[k + 1]!,
              origPath: this.paths[l[k + 2]!]!,
              previous: { oid: this.oids[l[k + 3]!]!, path: this.paths[l[k + 4]!]!, line: l[k + 5]! },
            };
    }
    this.answer = out;
    return out;
  }
}

/** Keeps `answers` in `file`, found under the shallow boundary `shallow` (its commits, sorted, joined). */
export async function writeStoredAnswers(file: string, answers: BlameAnswers, shallow: string): Promise<void> {
  const oidIds = new Map<string, number>();
  const pathIds = new Map<string, number>();
  const oidOf = (oid: string): number => {
    let id = oidIds.get(oid);
    if (id === undefined) oidIds.set(oid, (id = oidIds.size));
    return id;
  };
  const pathOf = (p: string): number => {
    let id = pathIds.get(p);
    if (id === undefined) pathIds.set(p, (id = pathIds.size));
    return id;
  };
  const lineInts = new Int32Array(answers.lines.length * 6);
  answers.lines.forEach((l, i) => {
    const p = l.previous;
    lineInts.set([oidOf(l.oid), l.origLine, pathOf(l.origPath), p ? oidOf(p.oid) : -1, p ? pathOf(p.path) : -1, p ? p.line : -1], i * 6);
  });
  const versionHeads: number[] = [];
  const runs: number[] = [];
  for (const v of answers.versions) {
    const flat = v.at.unordered();
    if (runs.length + flat.length > MAX_RUN_INTS) break;
    versionHeads.push(oidOf(v.oid), pathOf(v.path), flat.length / 3);
    for (const x of flat) runs.push(x);
  }
  const rootOids = answers.oids.map(oidOf);
  const rootPath = pathOf(answers.path);
  const oidBytes = (answers.oids[0]?.length ?? 40) / 2;
  const answer = Buffer.concat([
    text(shallow),
    u32s([oidBytes, oidIds.size]),
    ...[...oidIds.keys()].map((oid) => Buffer.from(oid, 'hex')),
    u32s([pathIds.size]),
    ...[...pathIds.keys()].map(text),
    u32s([rootOids.length, ...rootOids, rootPath, answers.lines.length]),
    i32s(lineInts),
  ]);
  const versions = Buffer.concat([u32s([versionHeads.length / 3, ...versionHeads]), i32s(runs)]);
  const top = Buffer.concat([Buffer.from(MAGIC, 'latin1'), u32s([answer.length])]);
  await writeFileAtomic(file, [
    top,
    answer,
    u32s([zlib.crc32(answer) >>> 0]),
    u32s([versions.length]),
    versions,
    u32s([zlib.crc32(versions) >>> 0]),
  ]);
}

const u32s = (xs: readonly number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 4);
  xs.forEach((x, i) => b.writeUInt32LE(x, i * 4));
  return b;
};

const i32s = (xs: Int32Array | readonly number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 4);
  xs.forEach((x, i) => b.writeInt32LE(x, i * 4));
  return b;
};

// padded to 4 bytes: the integers after it stay aligned, and are read in place
const text = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([u32s([b.length]), b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
};

/** `len` bytes of the file at `at`, where the CRC-32 after them matches (in a buffer of their own: aligned); else null. */
function checkedPart(fd: number, at: number, len: number): Buffer | null {
  // a damaged length is not allocated: the part must fit in the file
  if (at + len + 4 > fs.fstatSync(fd).size) return null;
  const part = Buffer.alloc(len + 4);
  if (fs.readSync(fd, part, 0, part.length, at) !== part.length) return null;
  const data = part.subarray(0, len);
  return zlib.crc32(data) >>> 0 === part.readUInt32LE(len) ? data : null;
}

/** Reads a part front to back: integers, padded texts, ids, and integers in place. */
class PartReader {
  private at = 0;
  constructor(private readonly data: Buffer) {}

  get done(): boolean {
    return this.at === this.data.length;
  }
  u32(): number {
    const v = this.data.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  text(): string {
    const len = this.u32();
    const s = this.data.toString('utf8', this.at, this.at + len);
    this.at += (len + 3) & ~3;
    return s;
  }
  hex(bytes: number): string {
    const s = this.data.toString('hex', this.at, this.at + bytes);
    this.at += bytes;
    return s;
  }
  /** `n` int32s in place (the part is a buffer of its own, read from an aligned offset of it). */
  ints(n: number): Int32Array {
    const start = this.data.byteOffset + this.at;
    this.at += n * 4;
    if (this.at > this.data.length) throw new RangeError('cut short');
    return start % 4 === 0 ? new Int32Array(this.data.buffer, start, n) : new Int32Array(this.data.buffer.slice(start, start + n * 4));
  }
}
