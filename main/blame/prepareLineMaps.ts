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
import { preparedPair, type PreparedPair } from './preparedPair';
import { writeStoredLineMaps } from './storedLineMaps';

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
 * against the file in its first parent, ahead of any blame: blaming a version then follows its lines through
 * the versions below without diffing, so "blame before this commit", one version after another, answers at
 * once. Merges are left to blame (it diffs them against every parent). Returns how many pairs are ready.
 */
export async function prepareLineMaps(options: PrepareLineMapsOptions): Promise<number> {
  const { repo, timeline } = options;
  const cache = options.cache ?? blameCacheOf(repo);
  const file = repo.index.blameMapsFile(timeline.path);
  cache.readStored(file);
  const pairs = new Map<string, PreparedPair>();
  const lookup = new PathEntryLookup(repo.store, false);
  let interner = new LineInterner();
  let newerLines: { oid: string; lines: InternedLines } | null = null;
  let made = 0;
  for (const [i, e] of timeline.entries.entries()) {
    if (options.signal?.aborted) throw new StrataError('Cancelled', 'Preparing blame was cancelled.');
    if (i % 50 === 0) {
      options.onProgress?.({ phase: 'Preparing blame', loaded: i, total: timeline.entries.length });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const first = e.parents[0];
    if (e.blob === null || e.directory || e.parents.length !== 1 || first === undefined) continue;
    const parentTree = parseCommitLinks((await repo.store.readObject(first)).data).tree;
    const older = entryOid(await lookup.entryAt(parentTree, e.oldPath ?? e.path));
    if (older === null || older === e.blob) continue;
    const key = `${older}:${e.blob}`;
    const known = cache.prepared.get(key);
    if (known) {
      pairs.set(key, known);
      continue;
    }
    const newerData = asBuffer((await repo.store.readObject(e.blob)).data);
    const olderData = asBuffer((await repo.store.readObject(older)).data);
    if (isBinary(newerData) || isBinary(olderData)) continue;
    if (interner.full) {
      interner = new LineInterner();
      newerLines = null;
    }
    // newest first: this version's parent is usually the next entry's version, interned from this one
    const newer = newerLines?.oid === e.blob ? newerLines.lines : interner.lines(newerData);
    const olderInterned = interner.lines(olderData, newer);
    const diff = interner.diff(olderInterned, newer, { trimCommonTail: true });
    pairs.set(key, cache.remember(cache.prepared, key, preparedPair(diff.changes, newer.records.count)));
    newerLines = { oid: older, lines: olderInterned };
    made++;
  }
  if (made > 0) await writeStoredLineMaps(file, pairs);
  options.onProgress?.({ phase: 'Preparing blame', loaded: timeline.entries.length, total: timeline.entries.length });
  return pairs.size;
}
