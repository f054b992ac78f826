import type { BlameLine } from '../../shared/blame';
import { StrataError } from '../../shared/errors';
import { diffLines } from '../diff/diffLines';
import { asBuffer, splitRecords } from '../diff/lineRecords';
import { diffTrees } from '../history/diffTrees';
import { PathEntryLookup } from '../history/pathEntries';
import { entryMode, entryOid, type EntryKey } from '../objects/entryKey';
import { DEFAULT_MIN_SCORE, similarityScore, sizesCanMatch, spanHashes } from '../history/similarity';
import type { ObjectStore } from '../objects/objectStore';
import type { Repository } from '../repository/repository';
import { parseCommit } from '../objects/parseCommit';
import { resolveRevision } from '../objects/resolveRevision';

export interface BlameOptions {
  readonly repo: Repository;
  readonly path: string;
  /** Branch, tag or commit; HEAD by default. */
  readonly rev?: string;
  /** `-w`: whitespace changes do not make a line new. */
  readonly ignoreWhitespace?: boolean;
  /** Diffs and commits kept between calls, so blaming the version before is nearly free. */
  readonly cache?: BlameCache;
}

/** A line of a version (0-based) on its way to the commit that introduced it; `final` is its line at rev. */
interface Suspect {
  readonly commit: string;
  readonly path: string;
  readonly blob: string;
  readonly mode: string;
  lines: { final: number; here: number }[];
  readonly time: number;
}

interface CommitFacts {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly time: number;
}

/**
 * What blame keeps from one run to the next: commits read, and for each pair of blobs diffed, where every
 * line of the newer one came from in the older (-1: changed). Bounded by entries, oldest dropped first.
 */
export class BlameCache {
  readonly commits = new Map<string, CommitFacts>();
  readonly lineMaps = new Map<string, Int32Array>();
  constructor(readonly maxEntries = 20000) {}

  remember<V>(map: Map<string, V>, key: string, value: V): V {
    if (map.size >= this.maxEntries) map.delete(map.keys().next().value as string);
    map.set(key, value);
    return value;
  }
}

const typeOf = (mode: string) => (mode === '120000' ? 'link' : mode === '160000' ? 'gitlink' : 'file');

/**
 * `git blame <rev> -- <path>` with git's default options: each line goes from a commit to the first parent
 * holding the same file (the whole file at once), else to each parent in turn whose diff keeps the line;
 * where the path is missing in a parent, a file the commit deleted and git calls its source (same content,
 * else 50% similar or more) is followed instead. The diffs are git's own (blame's: no context, indent
 * heuristic on, the common tail trimmed), so every line lands where git's lands.
 */
export type { BlameLine };

export async function blameFile(options: BlameOptions): Promise<BlameLine[]> {
  const { store } = options.repo;
  const cache = options.cache ?? new BlameCache();
  const lookup = new PathEntryLookup(store);
  const ignoreWs = options.ignoreWhitespace ?? false;
  const head = await resolveRevision(options.repo, options.rev ?? 'HEAD');

  const commitFacts = async (oid: string): Promise<CommitFacts> => {
    const known = cache.commits.get(oid);
    if (known) return known;
    const c = parseCommit((await store.readObject(oid)).data);
    return cache.remember(cache.commits, oid, { tree: c.tree, parents: c.parents, time: c.commitTime });
  };
  const blobs = new Map<string, Buffer>();
  const readBlob = async (oid: string): Promise<Buffer> => {
    let data = blobs.get(oid);
    if (!data) {
      data = asBuffer((await store.readObject(oid)).data);
      blobs.set(oid, data);
    }
    return data;
  };
  const lineMap = async (older: string, newer: string): Promise<Int32Array> => {
    const key = `${older}:${newer}:${ignoreWs ? 'w' : ''}`;
    const known = cache.lineMaps.get(key);
    if (known) return known;
    const diff = diffLines(await readBlob(older), await readBlob(newer), { trimCommonTail: true, ignoreWhitespace: ignoreWs });
    // the lines of the trimmed common tail map one to one after the diffed part
    const count = diff.lines2.count + lineCount(asBuffer(await readBlob(newer)).subarray(diff.lines2.starts[diff.lines2.count]!));
    const map = new Int32Array(count);
    let i1 = 0;
    let i2 = 0;
    for (const c of diff.changes) {
      while (i2 < c.start2) map[i2++] = i1++;
      for (let k = 0; k < c.count2; k++) map[i2++] = -1;
      i1 = c.start1 + c.count1;
    }
    while (i2 < count) map[i2++] = i1++;
    return cache.remember(cache.lineMaps, key, map);
  };

  const top = await commitFacts(head);
  const entry = await lookup.entryAt(top.tree, options.path);
  if (entry === null || typeOf(entryMode(entry)!) === 'gitlink') {
    throw new StrataError('PathNotInRepository', `${options.path} is not a file at ${options.rev ?? 'HEAD'}; nothing to blame.`);
  }
  const content = await readBlob(entryOid(entry)!);
  const total = splitRecords(content).count;
  const result: BlameLine[] = new Array<BlameLine>(total);

  // suspects by commit and path, processed newest first (git's order) so lines from several children meet
  const pending = new Map<string, Suspect>();
  const add = (s: Omit<Suspect, 'lines'>, lines: Suspect['lines']) => {
    if (lines.length === 0) return;
    const key = `${s.commit}\0${s.path}`;
    const known = pending.get(key);
    if (known) known.lines.push(...lines);
    else pending.set(key, { ...s, lines });
  };
  add(
    { commit: head, path: options.path, blob: entryOid(entry)!, mode: entryMode(entry)!, time: top.time },
    Array.from({ length: total }, (_, i) => ({ final: i, here: i })),
  );

  while (pending.size) {
    let next: Suspect | null = null;
    for (const s of pending.values()) if (!next || s.time > next.time) next = s;
    const suspect = next!;
    pending.delete(`${suspect.commit}\0${suspect.path}`);
    const facts = await commitFacts(suspect.commit);
    const parents: (Omit<Suspect, 'lines'> | null)[] = facts.parents.map(() => null);
    const parentFacts = await Promise.all(facts.parents.map((p) => commitFacts(p)));
    let whole: Omit<Suspect, 'lines'> | null = null;
    // pass 1: the same path in each parent; pass 2: a rename, where the path is missing
    for (let pass = 0; pass < 2 && !whole; pass++) {
      for (let i = 0; i < facts.parents.length && !whole; i++) {
        if (parents[i]) continue;
        const pf = parentFacts[i]!;
        let found: { path: string; entry: EntryKey } | null = null;
        if (pass === 0) {
          const e = await lookup.entryAt(pf.tree, suspect.path);
          if (e !== null && typeOf(entryMode(e)!) === typeOf(suspect.mode)) found = { path: suspect.path, entry: e };
        } else {
          found = await renameSource(store, pf.tree, facts.tree, suspect.path, suspect.blob);
        }
        if (!found) continue;
        const origin = {
          commit: facts.parents[i]!,
          path: found.path,
          blob: entryOid(found.entry)!,
          mode: entryMode(found.entry)!,
          time: pf.time,
        };
        if (origin.blob === suspect.blob) whole = origin;
        else if (!parents.some((p) => p?.blob === origin.blob)) parents[i] = origin;
      }
    }
    if (whole) {
      add(whole, suspect.lines);
      continue;
    }
    let remaining = suspect.lines;
    for (const origin of parents) {
      if (!origin || remaining.length === 0) continue;
      const map = await lineMap(origin.blob, suspect.blob);
      const passed: Suspect['lines'] = [];
      const kept: Suspect['lines'] = [];
      for (const l of remaining) {
        const there = map[l.here]!;
        if (there >= 0) passed.push({ final: l.final, here: there });
        else kept.push(l);
      }
      add(origin, passed);
      remaining = kept;
    }
    for (const l of remaining) result[l.final] = { line: l.final + 1, oid: suspect.commit, origLine: l.here + 1, origPath: suspect.path };
  }
  return result;
}

function lineCount(data: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  return data.length > 0 && data[data.length - 1] !== 10 ? n + 1 : n;
}

/** blame's find_rename: among the files the commit deleted, the one git's rename detection pairs with `path`. */
export async function renameSource(
  store: ObjectStore,
  parentTree: string,
  tree: string,
  path: string,
  blob: string,
): Promise<{ path: string; entry: EntryKey } | null> {
  const changes = await diffTrees(store, parentTree, tree);
  const deleted = changes.filter((c) => c.status === 'D' && c.before !== null);
  if (deleted.length === 0) return null;
  const lookup = new PathEntryLookup(store, false);
  const withMode = async (p: string) => lookup.entryAt(parentTree, p);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const exact = deleted.filter((c) => c.before === blob);
  if (exact.length) {
    const pick = exact.find((c) => baseName(c.path) === name) ?? exact[exact.length - 1]!;
    return { path: pick.path, entry: await withMode(pick.path) };
  }
  const dst = asBuffer((await store.readObject(blob)).data);
  const dstHashes = spanHashes(dst);
  let best: { path: string; score: number } | null = null;
  for (const c of deleted) {
    const src = asBuffer((await store.readObject(c.before!)).data);
    if (!sizesCanMatch(src.length, dst.length)) continue;
    const score = similarityScore(src, dst, dstHashes);
    if (score < DEFAULT_MIN_SCORE) continue;
    if (!best || score > best.score || (score === best.score && baseName(c.path) === name)) best = { path: c.path, score };
  }
  return best ? { path: best.path, entry: await withMode(best.path) } : null;
}
