import fs from 'node:fs';
import type { BlameLine } from '../../shared/blame';
import { writeFileAtomic } from '../index/atomicWrite';
import { sealed, unsealed } from '../index/checksum';
import { LineSet } from './lineSet';

/** What one blame found for the lines of a version: for each run (final, here, len), the lines `here` on are `lines[final]` on. */
export interface Resolved {
  /** The lines of that version followed, as (final, here, len) triples in order of `here` (LineSet.settle). */
  readonly runs: ArrayLike<number>;
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

const MAGIC = 'STB1';

/**
 * A blame kept on disk (one a path, next to its prepared pairs): the Blame tab opens on the version prepared
 * without a walk, and a blame of an older version takes each line that version shares with it from here. A
 * line's answer depends only on the commit, path and line it is at, and the history below: the file holds the
 * shallow boundary it was found with and is not read under another. Ids are kept once each, lines as six
 * integers (commit, line, path, and git's `previous`: commit, path, line), versions as their runs; sealed, so a
 * damaged file is not read (blame then walks as it would have).
 */
export class StoredAnswers {
  private constructor(
    private readonly oids: readonly string[],
    private readonly paths: readonly string[],
    private readonly root: { readonly oids: readonly string[]; readonly path: string },
    private readonly lineInts: Int32Array,
    /** Per version `oid:path`: where its runs start in `runInts`, and how many. */
    private readonly versionRuns: ReadonlyMap<string, readonly [number, number]>,
    private readonly runInts: Int32Array,
  ) {}

  private answer: BlameLine[] | null = null;
  private readonly made = new Map<string, Resolved>();

  /** The answers in `file`; null where there are none, they were found under another shallow boundary, or the file is damaged. */
  static read(file: string, shallow: string): StoredAnswers | null {
    let data: Buffer | null;
    try {
      data = unsealed(fs.readFileSync(file));
    } catch {
      return null;
    }
    if (!data || data.toString('latin1', 0, 4) !== MAGIC) return null;
    try {
      let at = 4;
      const text = (): string => {
        const len = data.readUInt32LE(at);
        at += 4;
        const s = data.toString('utf8', at, at + len);
        at += (len + 3) & ~3;
        return s;
      };
      const u32 = (): number => {
        const v = data.readUInt32LE(at);
        at += 4;
        return v;
      };
      if (text() !== shallow) return null;
      const oidBytes = u32();
      const oids = Array.from({ length: u32() }, () => {
        const s = data.toString('hex', at, at + oidBytes);
        at += oidBytes;
        return s;
      });
      const paths = Array.from({ length: u32() }, text);
      const rootOids = Array.from({ length: u32() }, () => oids[u32()]!);
      const root = { oids: rootOids, path: paths[u32()]! };
      // a view where the file's bytes are aligned (they are read whole into a buffer of their own), else a copy
      const ints = (n: number): Int32Array => {
        const start = data.byteOffset + at;
        at += n * 4;
        if (at > data.length) throw new RangeError('cut short');
        return start % 4 === 0 ? new Int32Array(data.buffer, start, n) : new Int32Array(data.buffer.slice(start, start + n * 4));
      };
      const lineInts = ints(u32() * 6);
      const versionRuns = new Map<string, readonly [number, number]>();
      const versions = u32();
      let runAt = 0;
      for (let v = 0; v < versions; v++) {
        const key = `${oids[u32()]!}:${paths[u32()]!}`;
        const runs = u32();
        versionRuns.set(key, [runAt, runs]);
        runAt += runs * 3;
      }
      const runInts = ints(runAt);
      if (at !== data.length || rootOids.some((o) => o === undefined) || root.path === undefined) return null;
      return new StoredAnswers(oids, paths, root, lineInts, versionRuns, runInts);
    } catch {
      return null; // cut short: read as damaged
    }
  }

  /** The kept answer of the blame of `oid` at `path`, where that is the blame kept. */
  rootOf(oid: string, path: string): readonly BlameLine[] | null {
    return path === this.root.path && this.root.oids.includes(oid) ? this.lines() : null;
  }

  /** What the kept blame found for the lines of the version `oid:path` it went through. */
  resolvedAt(version: string): Resolved | undefined {
    const known = this.made.get(version);
    if (known) return known;
    const span = this.versionRuns.get(version);
    if (!span) return undefined;
    let runs: ArrayLike<number> = this.runInts.subarray(span[0], span[0] + span[1] * 3);
    // written in order of `here`: read in place, unless they are not
    for (let i = 4; i < runs.length; i += 3) {
      if (runs[i - 3]! > runs[i]!) {
        runs = LineSet.ofRuns(runs).flat();
        break;
      }
    }
    const r = { runs, lines: this.lines() };
    this.made.set(version, r);
    return r;
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
    const flat = v.at.flat();
    versionHeads.push(oidOf(v.oid), pathOf(v.path), flat.length / 3);
    for (const x of flat) runs.push(x);
  }
  const rootOids = answers.oids.map(oidOf);
  const rootPath = pathOf(answers.path);
  const oidBytes = (answers.oids[0]?.length ?? 40) / 2;
  const u32s = (xs: readonly number[]) => {
    const b = Buffer.alloc(xs.length * 4);
    xs.forEach((x, i) => b.writeUInt32LE(x, i * 4));
    return b;
  };
  const i32s = (xs: Int32Array | readonly number[]) => {
    const b = Buffer.alloc(xs.length * 4);
    xs.forEach((x, i) => b.writeInt32LE(x, i * 4));
    return b;
  };
  // padded to 4 bytes: the integers after it stay aligned, and are read in place
  const text = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([u32s([b.length]), b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  };
  const parts: Buffer[] = [
    Buffer.from(MAGIC, 'latin1'),
    text(shallow),
    u32s([oidBytes, oidIds.size]),
    ...[...oidIds.keys()].map((oid) => Buffer.from(oid, 'hex')),
    u32s([pathIds.size]),
    ...[...pathIds.keys()].map(text),
    u32s([rootOids.length, ...rootOids, rootPath, answers.lines.length]),
    i32s(lineInts),
    u32s([answers.versions.length, ...versionHeads]),
    i32s(runs),
  ];
  await writeFileAtomic(file, sealed(parts));
}
