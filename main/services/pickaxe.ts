import { StrataError } from '../../shared/errors';
import type { Progress, TimelineEntry } from '../../shared/model';
import { diffTrees } from '../history/diffTrees';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid } from '../objects/entryKey';
import type { Repository } from '../repository/repository';
import { timelineOf, type RepositoryTimelineKey } from './indexFileHistory';
import { ParentVersions } from './parentVersions';
import { readCommit } from './readVersions';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { compileExtended } from '../../shared/posixRegex';
import { diffLines } from '../diff/diffLines';
import { diffsAsBinary } from '../diff/isBinary';
import { asBuffer } from '../diff/lineRecords';
import type { BinaryByAttributes } from '../diff/countLineChanges';
import { binaryByAttributes } from '../lineLog/diffDriver';

/** Versions kept on the repository handle for the next pickaxe (each keystroke of `-S"…"` asks again). */
const KEPT_BYTES = 256 * 1024 * 1024;

/** Blob bytes by id, the least recently used dropped past KEPT_BYTES. */
class BlobCache {
  private readonly blobs = new Map<string, Buffer>();
  private bytes = 0;

  async read(repo: Repository, oid: string): Promise<Buffer | null> {
    const kept = this.blobs.get(oid);
    if (kept) {
      this.blobs.delete(oid);
      this.blobs.set(oid, kept);
      return kept;
    }
    const obj = await repo.store.readObject(oid).catch(() => null); // a submodule's commit is not here
    if (!obj || obj.type !== 'blob') return null;
    const data = Buffer.from(obj.data.buffer, obj.data.byteOffset, obj.data.byteLength);
    this.blobs.set(oid, data);
    this.bytes += data.length;
    while (this.bytes > KEPT_BYTES && this.blobs.size > 1) {
      const [first, b] = this.blobs.entries().next().value!;
      this.blobs.delete(first);
      this.bytes -= b.length;
    }
    return data;
  }
}

/** Occurrences of `needle` in `data`, counted as git's pickaxe counts them: left to right, not overlapping. */
export function countOccurrences(data: Buffer | null, needle: Buffer): number {
  if (data === null || needle.length === 0) return 0;
  let n = 0;
  for (let i = data.indexOf(needle); i >= 0; i = data.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * The lines git's diff of the two versions removes and adds, each with its newline (as git greps them: a class such
 * as [[:space:]] matches the newline too); none where a side is binary (git does not grep it): by the repository's
 * attributes (`binary`, `-diff`; `diff` makes any bytes text), else by its bytes. A missing side is empty.
 */
export function changedLines(before: Buffer | null, after: Buffer | null, binary: BinaryByAttributes = {}): string[] {
  const a = asBuffer(before);
  const b = asBuffer(after);
  if (diffsAsBinary(a, binary.before) || diffsAsBinary(b, binary.after)) return [];
  const { lines1, lines2, changes } = diffLines(a, b);
  const text = (r: typeof lines1, i: number) => r.data.toString('utf8', r.starts[i]!, r.starts[i + 1]!);
  const out: string[] = [];
  for (const c of changes) {
    for (let i = c.start1; i < c.start1 + c.count1; i++) out.push(text(lines1, i));
    for (let i = c.start2; i < c.start2 + c.count2; i++) out.push(text(lines2, i));
  }
  return out;
}

/** The changed lines of version pairs diffed for -G, kept on the repository handle: the next regex (typed on) diffs nothing. */
class ChangedLinesCache {
  private readonly pairs = new Map<string, readonly string[]>();
  private chars = 0;

  async of(pair: string, diff: () => Promise<string[]>): Promise<readonly string[]> {
    const kept = this.pairs.get(pair);
    if (kept) return kept;
    const lines = await diff();
    this.pairs.set(pair, lines);
    for (const l of lines) this.chars += l.length;
    // (strings are two bytes a character at most: 128 MiB)
    while (this.chars > KEPT_BYTES / 4 && this.pairs.size > 1) {
      const [first, dropped] = this.pairs.entries().next().value!;
      this.pairs.delete(first);
      for (const l of dropped) this.chars -= l.length;
    }
    return lines;
  }
}

/** A -G regex as git compiles it (POSIX extended), or a message saying it is none. */
function grepRegex(text: string): RegExp {
  try {
    // REG_EXTENDED | REG_NEWLINE, as git compiles it
    return compileExtended(text, 'm');
  } catch (err) {
    throw new StrataError('InvalidRequest', `-G: ${(err as Error).message}`);
  }
}

/**
 * `git log -S<text> -- <path>` (with `--follow` when the timeline follows renames): the commits of the timeline in
 * whose diff the number of occurrences of the text in a file differs between the parent's version and the
 * commit's; with `regex`, `git log -G<text>`: those whose diff adds or removes a line the regex matches. As git's
 * log, merges are not diffed and so never listed; with `firstParent` (git log --first-parent -S), over the first-parent
 * line, each merge diffed against its first parent. The versions read are kept on the repository handle, so the
 * next string (the search box asks again as it is typed) reads nothing from the packs.
 */
export async function pickaxeCommits(
  o: RepositoryTimelineKey & {
    text: string;
    regex?: boolean;
    firstParent?: boolean;
    signal?: AbortSignal;
    onProgress?: (p: Progress) => void;
  },
): Promise<string[]> {
  const grep = o.regex ? grepRegex(o.text) : null;
  const timeline = await timelineOf(o, o.signal, o.firstParent);
  const needle = Buffer.from(o.text, 'utf8');
  const blobs = o.repo.kept.get('pickaxeBlobs', () => new BlobCache());
  const counts = new Map<string, number>();
  const count = async (oid: string | null): Promise<number> => {
    if (oid === null) return 0;
    let n = counts.get(oid);
    if (n === undefined) counts.set(oid, (n = countOccurrences(await blobs.read(o.repo, oid), needle)));
    return n;
  };
  const read = (oid: string | null) => (oid === null ? Promise.resolve(null) : blobs.read(o.repo, oid));
  const diffs = o.repo.kept.get('pickaxeChangedLines', () => new ChangedLinesCache());
  // what the attributes say of a path: the same pair of blobs under another path may be binary there and text here
  const attributes = new Map<string, boolean | undefined>();
  const binaryAt = async (path: string): Promise<boolean | undefined> => {
    if (!attributes.has(path)) attributes.set(path, await binaryByAttributes(o.repo.info, path));
    return attributes.get(path);
  };
  const grepped = async (p: FilePair): Promise<boolean> => {
    if (p.before === p.after) return false;
    const binary = { before: await binaryAt(p.beforePath), after: await binaryAt(p.afterPath) };
    const key = `${p.before}:${p.after}:${binary.before ?? ''}:${binary.after ?? ''}`;
    const lines = await diffs.of(key, async () => changedLines(await read(p.before), await read(p.after), binary));
    return lines.some((l) => grep!.test(l));
  };
  const differs = async (p: FilePair): Promise<boolean> => (grep ? grepped(p) : (await count(p.before)) !== (await count(p.after)));
  const versions = new ParentVersions(o.repo, timeline);
  const lookup = new PathEntryLookup(o.repo.store);
  const found: string[] = [];
  const total = timeline.entries.length;
  const turn = eventLoopTurns();
  for (const [i, e] of timeline.entries.entries()) {
    await turn();
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The -S search was cancelled.');
    if (i % 50 === 0)
      o.onProgress?.({
        phase: grep ? `Finding commits that add or remove lines matching /${o.text}/` : `Finding commits that change "${o.text}"`,
        loaded: i,
        total,
      });
    if (e.parents.length > 1 && !o.firstParent) continue;
    const pairs = e.directory
      ? await directoryChanges(o.repo, lookup, e)
      : [{ before: await versions.beforeOid(e), after: versions.afterOid(e), beforePath: e.oldPath ?? e.path, afterPath: e.path }];
    for (const p of pairs)
      if (await differs(p)) {
        found.push(e.oid);
        break;
      }
  }
  return found;
}

/** A file's versions in a commit's parent and in the commit (null: none), and its path in each. */
interface FilePair {
  readonly before: string | null;
  readonly after: string | null;
  readonly beforePath: string;
  readonly afterPath: string;
}

/** The file pairs a commit changed under a directory timeline's path (against its parent, at the old path after a rename). */
async function directoryChanges(repo: Repository, lookup: PathEntryLookup, e: TimelineEntry): Promise<FilePair[]> {
  const tree = (await readCommit(repo.store, e.oid)).tree;
  const parent = e.parents[0];
  const parentTree = parent ? ((await readCommit(repo.store, parent).catch(() => null))?.tree ?? null) : null;
  const here = await lookup.entryAt(tree, e.path);
  const there = parentTree ? await lookup.entryAt(parentTree, e.oldPath ?? e.path) : null;
  const dirOid = (k: string | null) => (k !== null && k.startsWith('040000 ') ? entryOid(k) : null);
  const changes = await diffTrees(repo.store, dirOid(there), dirOid(here), `${e.path}/`);
  // (the folder's files in the parent are under its old path)
  const before = (p: string) => (e.oldPath ? e.oldPath + p.slice(e.path.length) : p);
  return changes.map((c) => ({ before: c.before, after: c.after, beforePath: before(c.path), afterPath: c.path }));
}
