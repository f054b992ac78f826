import type { Progress, Timeline, TimelineEntry } from '../../shared/model';
import { graphEntries } from '../history/graphEntries';
import { StrataError } from '../../shared/errors';
import { InternedVersions } from '../diff/internedVersions';
import { isBinary } from '../diff/isBinary';
import { asBuffer } from '../diff/lineRecords';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid, isFolderEntry } from '../objects/entryKey';
import { parseCommitLinks } from '../objects/parseCommit';
import type { Repository } from '../repository/repository';
import { BlameCache, blameCacheOf, blameFile, renameSource, shallowStamp } from './blameFile';
import { StoredAnswers, writeStoredAnswers, type BlameAnswers } from './storedAnswers';
import { openCommitTable } from '../history/openCommitTable';
import { walkFileHistory } from '../history/walkFileHistory';
import { PositionEntries } from '../index/positionEntries';
import { readAll } from '../objects/objectReads';
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
 * A timeline without --follow ends where its path was added: where blame would go on into the file it was
 * renamed from, the versions of that file are prepared too.
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
  // newest first: a version's first parent's file is usually the next entry's, interned along this one
  const interned = new InternedVersions(4);
  let made = 0;
  const total = timeline.entries.length;
  let done = 0;
  // the timeline, then (without --follow) the history of each file its path was renamed from, as blame goes on into it
  const segments: (readonly Version[])[] = [timeline.entries];
  for (let s = 0; s < segments.length && s <= MAX_RENAMES; s++) {
    const versions = segments[s]!;
    for (const e of versions) {
      if (ints > MAX_CHANGE_INTS) break;
      if (options.signal?.aborted) throw new StrataError('Cancelled', 'Preparing blame was cancelled.');
      if (done++ % 50 === 0) {
        options.onProgress?.({ phase: 'Preparing blame', loaded: Math.min(done, total), total });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (e.blob === null || e.directory || e.parents.length === 0) continue;
      // the file in each parent (a merge's too: blame diffs it against every parent whose file differs)
      const olders: string[] = [];
      for (const [j, parent] of e.parents.entries()) {
        const parentTree = parseCommitLinks((await repo.store.readObject(parent)).data).tree;
        const entry = await lookup.entryAt(parentTree, j === 0 ? (e.oldPath ?? e.path) : e.path);
        // a folder in the parent: the file came there (nothing to diff)
        const older = isFolderEntry(entry) ? null : entryOid(entry);
        if (older !== null) olders.push(older);
      }
      // a parent with the same file takes every line whole: nothing is diffed
      if (olders.includes(e.blob)) continue;
      for (const older of olders) {
        const key = `${older}:${e.blob}`;
        if (pairs.has(key)) {
          ready++;
          continue;
        }
        const newerData = asBuffer((await repo.store.readObject(e.blob)).data);
        const olderData = asBuffer((await repo.store.readObject(older)).data);
        if (isBinary(newerData) || isBinary(olderData)) continue;
        ready++;
        interned.renewIfFull();
        const newer = interned.lines(e.blob, newerData);
        const olderInterned = interned.lines(older, olderData, newer);
        const diff = interned.diff(olderInterned, newer, { trimCommonTail: true });
        const pair = preparedPair(diff.changes, newer.records.count);
        ints += pair.changes.length;
        pairs.set(key, cache.rememberPair(cache.prepared, key, pair));
        made++;
      }
    }
    const oldest = versions[versions.length - 1];
    if (!timeline.follow && oldest && ints <= MAX_CHANGE_INTS) segments.push(...(await renamedFrom(repo, oldest, options.signal)));
  }
  if (made > 0) await writeStoredLineMaps(file, pairs);
  await keepNewestBlame(repo, timeline, options.signal);
  options.onProgress?.({ phase: 'Preparing blame', loaded: total, total });
  return ready;
}

/**
 * Blames the timeline's newest version over the pairs just prepared and keeps the answer on disk (storedAnswers),
 * unless it is kept already: the Blame tab opens on that version, and an older version's blame takes the lines
 * it shares with it from there. HEAD is blamed too where it is another commit: its answer is kept as the same one
 * where it is (the file passed whole from HEAD to that version, as it is unless a merge's sides differ in mode
 * only). Then the same for the version before, in a file of its own: the newest commit's parent, where "blame
 * before" goes first from a line the newest changed, kept as the previous timeline entry's answer too where it is
 * the same. Fresh caches, so that the versions each blame went through are all kept.
 */
async function keepNewestBlame(repo: Repository, timeline: Timeline, signal?: AbortSignal): Promise<void> {
  const newest = timeline.entries[0];
  const head = timeline.head;
  if (!head || !newest || newest.blob === null || newest.directory || newest.path !== timeline.path) return;
  const stamp = shallowStamp(await repo.store.shallowCommits());
  const blameAt = async (rev: string, path: string): Promise<BlameAnswers | null> => {
    let answers: BlameAnswers | null = null;
    try {
      await blameFile({
        repo,
        path,
        rev,
        cache: new BlameCache(),
        ...(signal ? { signal } : {}),
        onAnswers: (a) => void (answers = a),
      });
    } catch (err) {
      // a file blame cannot take (a symlink made a directory, a submodule, none at all): nothing to keep
      if (err instanceof StrataError && err.code === 'PathNotInRepository') return null;
      throw err;
    }
    return answers;
  };
  /** Keeps the blame of `first` at `path` in `file`, as the answer of `also` too where blaming it answers the same. */
  const keep = async (file: string, first: string, path: string, also: string | null): Promise<void> => {
    const kept = StoredAnswers.read(file, stamp);
    if (kept?.rootOf(first, path) && (also === null || also === first || kept.rootOf(also, path))) return;
    const answers = await blameAt(first, path);
    if (!answers) return;
    const other = also === null || also === first ? answers : await blameAt(also, path);
    const same = other !== null && JSON.stringify(other.lines) === JSON.stringify(answers.lines);
    const oids = same && also !== null && also !== first ? [first, also] : [first];
    await repo.index.trySave(() => writeStoredAnswers(file, { ...answers, oids }, stamp));
  };
  await keep(repo.index.blameAnswersFile(timeline.path), newest.oid, timeline.path, head);
  const parent = newest.parents[0];
  const previous = timeline.entries[1];
  const beforePath = newest.oldPath ?? timeline.path;
  if (parent && newest.status !== 'A') {
    const alsoPrevious = previous && previous.blob !== null && !previous.directory && previous.path === beforePath ? previous.oid : null;
    await keep(repo.index.blameBeforeFile(beforePath), parent, beforePath, alsoPrevious);
  }
}

/** What prepareLineMaps reads of a version: a timeline entry, or a commit of the history of a file renamed. */
type Version = Pick<TimelineEntry, 'oid' | 'parents' | 'path' | 'oldPath' | 'blob' | 'directory'>;

/** How many renames back blame's diffs are prepared. */
const MAX_RENAMES = 8;

/**
 * Where the file of a version that added its path came from, as blame finds it (renameSource: in each parent, a
 * file the commit deleted that git pairs with it), and the history of that file from the parent on: the versions
 * blame follows the lines into. Empty where the version did not add the path or no source is found.
 */
async function renamedFrom(repo: Repository, added: Version, signal?: AbortSignal): Promise<Version[][]> {
  if (added.blob === null || added.directory || added.parents.length === 0) return [];
  const { store, index } = repo;
  const lookup = new PathEntryLookup(store, false);
  const tree = parseCommitLinks((await store.readObject(added.oid)).data).tree;
  const parentTrees = await Promise.all(added.parents.map(async (p) => parseCommitLinks((await store.readObject(p)).data).tree));
  // blame takes the path from any parent that has it: then nothing was renamed here
  for (const t of parentTrees) if ((await lookup.entryAt(t, added.path)) !== null) return [];
  const out: Version[][] = [];
  for (const [j, parent] of added.parents.entries()) {
    const source = await renameSource(store, parentTrees[j]!, tree, added.path, added.blob);
    if (!source) continue;
    const shallow = await store.shallowCommits();
    const { table, own } = await openCommitTable({ store, index, heads: [parent], shallow, ...(signal ? { signal } : {}) });
    const anchor = own?.anchor;
    const entries =
      own && anchor ? PositionEntries.load(index.positionEntriesFile(source.path), anchor, own.count) : graphEntries(table, source.path);
    const shallowPositions = new Set([...shallow].map((oid) => table.positionOf(oid)).filter((pos) => pos >= 0));
    const { hits } = await readAll(
      walkFileHistory({
        table,
        head: table.positionOf(parent),
        path: source.path,
        follow: false,
        lookup,
        entries,
        ...(shallowPositions.size ? { shallow: shallowPositions } : {}),
        ...(signal ? { signal } : {}),
      }),
      store,
    );
    if (own && anchor && entries.dirty) await index.trySave(() => entries.save(index.positionEntriesFile(source.path), anchor));
    out.push([
      // the rename itself: the file as the commit has it, against its source in this parent
      { oid: added.oid, parents: [parent], path: added.path, oldPath: source.path, blob: added.blob },
      ...hits.map((h) => ({
        oid: h.oid,
        parents: table.parentsAt(table.positionOf(h.oid)).map((p) => table.oidAt(p)),
        path: h.path,
        blob: entryOid(h.entry),
      })),
    ]);
  }
  return out;
}
