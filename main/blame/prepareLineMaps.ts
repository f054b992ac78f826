import type { Progress, Timeline } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { LineInterner, type InternedLines } from '../diff/internedLines';
import { isBinary } from '../diff/isBinary';
import { asBuffer } from '../diff/lineRecords';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid } from '../objects/entryKey';
import { parseCommitLinks } from '../objects/parseCommit';
import type { Repository } from '../repository/repository';
import { blameCacheOf, type BlameCache } from './blameFile';
import { preparedPair } from './preparedPair';
import { readStoredLineMaps, writeStoredLineMaps } from './storedLineMaps';

/** At most this many integers of changes kept for one path (64 MiB): a file rewritten thousands of times stops there, blame diffs the rest. */
const MAX_CHANGE_INTS = 16_000_000;

export interface PrepareLineMapsOptions {
  readonly repo: Repository;
  readonly timeline: Timeline;
  /** The repository handle's by default, which the blames of this repository read. */
  readonly cache?: BlameCache;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/**
 * Makes blame's diff (no context, the common tail trimmed, git's compaction) of each version of a timeline
 * against the file in its parents, ahead of any blame: blaming a version then follows its lines through the
 * versions below without diffing, so "blame before this commit", one version after another, answers at once.
 * Returns how many of the timeline's pairs are ready.
 */
export async function prepareLineMaps(options: PrepareLineMapsOptions): Promise<number> {
  const { repo, timeline } = options;
  const cache = options.cache ?? blameCacheOf(repo);
  const file = repo.index.blameMapsFile(timeline.path);
  // the file keeps the pairs of every timeline of the path prepared (with and without --follow, each branch)
  const pairs = readStoredLineMaps(file);
  let ints = 0;
  for (const p of pairs.values()) ints += p.changes.length;
  let ready = 0;
  const lookup = new PathEntryLookup(repo.store, false);
  let interner = new LineInterner();
  let newerLines: { oid: string; lines: InternedLines } | null = null;
  let made = 0;
  for (const [i, e] of timeline.entries.entries()) {
    if (ints > MAX_CHANGE_INTS) break;
    if (options.signal?.aborted) throw new StrataError('Cancelled', 'Preparing blame was cancelled.');
    if (i % 50 === 0) {
      options.onProgress?.({ phase: 'Preparing blame', loaded: i, total: timeline.entries.length });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (e.blob === null || e.directory || e.parents.length === 0) continue;
    // the file in each parent (a merge's too: blame diffs it against every parent whose file differs)
    const olders: string[] = [];
    for (const [j, parent] of e.parents.entries()) {
      const parentTree = parseCommitLinks((await repo.store.readObject(parent)).data).tree;
      const older = entryOid(await lookup.entryAt(parentTree, j === 0 ? (e.oldPath ?? e.path) : e.path));
      if (older !== null) olders.push(older);
    }
    // a parent with the same file takes every line whole: nothing is diffed
    if (olders.includes(e.blob)) continue;
    let nextLines: { oid: string; lines: InternedLines } | null = null;
    for (const [j, older] of olders.entries()) {
      const key = `${older}:${e.blob}`;
      if (pairs.has(key)) {
        ready++;
        continue;
      }
      const newerData = asBuffer((await repo.store.readObject(e.blob)).data);
      const olderData = asBuffer((await repo.store.readObject(older)).data);
      if (isBinary(newerData) || isBinary(olderData)) continue;
      ready++;
      if (interner.full) {
        interner = new LineInterner();
        newerLines = null;
        nextLines = null;
      }
      // newest first: this version's first parent is usually the next entry's version, interned from this one
      const newer: InternedLines = newerLines?.oid === e.blob ? newerLines.lines : interner.lines(newerData);
      newerLines = { oid: e.blob, lines: newer };
      const olderInterned = interner.lines(olderData, newer);
      const diff = interner.diff(olderInterned, newer, { trimCommonTail: true });
      const pair = preparedPair(diff.changes, newer.records.count);
      ints += pair.changes.length;
      pairs.set(key, cache.remember(cache.prepared, key, pair));
      if (j === 0) nextLines = { oid: older, lines: olderInterned };
      made++;
    }
    newerLines = nextLines;
  }
  if (made > 0) await writeStoredLineMaps(file, pairs);
  options.onProgress?.({ phase: 'Preparing blame', loaded: timeline.entries.length, total: timeline.entries.length });
  return ready;
}
