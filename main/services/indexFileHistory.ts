import type { Progress, Timeline, TimelineEntry, TimelinePartial } from '../../shared/model';
import { graphEntries } from '../history/graphEntries';
import { isObjectMissing, StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid, isFolderEntry } from '../objects/entryKey';
import { PositionEntries } from '../index/positionEntries';
import { openCommitTable } from '../history/openCommitTable';
import { type HistoryHit, type WalkOptions, walkFileHistory } from '../history/walkFileHistory';
import { walkRangeHistory } from '../history/walkRangeHistory';
import { readAll } from '../objects/objectReads';
import { TopLevelChanges } from '../index/topLevelChanges';
import { INDEX_FORMAT, type IndexStore, type StoredTimeline } from '../index/indexStore';
import { countPairs } from './countPipeline';
import type { BinaryByAttributes } from '../diff/countLineChanges';
import { binaryByAttributes } from '../lineLog/diffDriver';
import { type DiffAlgorithm, parseDiffAlgorithm } from '../diff/diffLines';
import { readConfigValue } from '../git/gitConfig';
import { parseCommit, splitMessage } from '../objects/parseCommit';
import type { ObjectStore } from '../objects/objectStore';
import { resolveRevision } from '../objects/resolveRevision';
import { repositoryTags } from './repositoryTags';
import { readCommit, rootTreeOf } from './readVersions';
import { renameSource } from '../blame/blameFile';
import { closestPath, listTreePaths } from './suggestPath';
import { mapPerson, repositoryMailmap } from '../mailmap/repositoryMailmap';
import type { Mailmap } from '../mailmap/mailmap';
import { fetchAdvice, promisorRemote, readingTrees } from './missingVersions';
import { renameGapMessage } from './renameGaps';
import { revisionRange, type TimelineWindow } from '../../shared/timelineKey';
import { reachedFrom } from '../history/reachedFrom';

export interface IndexFileHistoryOptions {
  readonly repo: Repository;
  readonly path: string;
  readonly follow?: boolean;
  /** Branch, tag or commit to index from; HEAD by default. */
  readonly rev?: string;
  /**
   * git log --since and --until, in seconds: the list of that walk (see WalkOptions), computed from what is kept of
   * the whole history and not kept itself.
   */
  readonly window?: TimelineWindow;
  /** git log --first-parent: first parents only (merges compared with theirs); like `window`, computed and not kept. */
  readonly firstParent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /**
   * The list as soon as the walk has found it, then its +/- counts as they are computed (see TimelinePartial); a
   * walk that takes long sends what it has found so far before that.
   */
  readonly onPartial?: (part: TimelinePartial) => void;
  /** How long a walk goes before it shows what it has found so far, whatever its pace (by default: see EARLY_LIST_MS). */
  readonly earlyListMs?: number;
  /** From how many bytes of message bodies the list is sent without them, and they after it (by default: see BODIES_APART_FROM). */
  readonly bodiesApartFrom?: number;
}

/** Fewer counts than this to compute: the whole answer comes about as soon as the list would. */
const PARTIAL_FROM = 40;
/** How often computed counts are sent while the rest are computed. */
const COUNTS_EVERY_MS = 250;
/**
 * A walk still going EARLY_SURE_MS after it began shows the commits it has found (a kernel's first walk without
 * Bloom filters takes tens of seconds; git log prints as it goes), then more at most every EARLY_EVERY_MS; one
 * going EARLY_LIST_MS shows them sooner where, at the pace it goes, it has at least EARLY_WORTH_MS to go. Timed from
 * the walk, not the open: after a commit index read from every commit, the walk itself is over in a moment, and a
 * list shown twice costs the page a second drawing (a 3,000-commit walk's whole list came 0.3 s later). The first
 * showing is at most EARLY_FIRST_ROWS commits, a screenful.
 */
const EARLY_LIST_MS = 50;
const EARLY_SURE_MS = 250;
const EARLY_WORTH_MS = 400;
const EARLY_EVERY_MS = 1000;
const EARLY_FIRST_ROWS = 100;
/** How many lists of a date window or of the first-parent line stay on a repository handle (computed, not kept on disk). */
const RECENT_NARROWED = 4;
/** From this many bytes of bodies (UTF-16 units), a list is sent without them, and they after it (TimelinePartial's bodiesFollow). */
const BODIES_APART_FROM = 256 * 1024;
/** STRATA_BODIES_APART_FROM sets it for a whole process (a host whose UI is tested on a small history). */
const bodiesApartFrom = (): number => {
  const set = Number(process.env.STRATA_BODIES_APART_FROM ?? NaN);
  return Number.isFinite(set) && set >= 0 ? set : BODIES_APART_FROM;
};
/** STRATA_EARLY_LIST_MS sets a time after which a walk shows what it found, whatever its pace, for a whole process (a host whose UI is tested on a walk that small). */
const earlyListMs = (): number | undefined => {
  const set = Number(process.env.STRATA_EARLY_LIST_MS ?? NaN);
  return Number.isFinite(set) && set >= 0 ? set : undefined;
};

/** Which timeline, in an opened repository: a TimelineKey with the handle in place of its folder. */
export interface RepositoryTimelineKey {
  readonly repo: Repository;
  readonly path: string;
  readonly follow: boolean;
  readonly rev?: string;
}

/**
 * Whether the timeline is all of its head's history (not a range A..B, not the first-parent line): what a service
 * keeps per path and head (the export ledger, the changed functions, the releases) stands for that history alone.
 */
export function isWholeHistory(timeline: Timeline): boolean {
  return !timeline.firstParent && (timeline.rev === undefined || revisionRange(timeline.rev) === null);
}

/**
 * The timeline a derived service works from (it reports its own progress, so the index's is not passed on);
 * `firstParent`: its first-parent line (computed, not kept: a service that keeps its answers per key asks for the
 * whole timeline).
 */
export function timelineOf(key: RepositoryTimelineKey, signal?: AbortSignal, firstParent = false): Promise<Timeline> {
  return indexFileHistory({
    repo: key.repo,
    path: key.path,
    follow: key.follow,
    rev: key.rev,
    signal,
    ...(firstParent ? { firstParent } : {}),
  });
}

export function normalizeRepoPath(p: string): string {
  const clean = p
    .replace(/\\/g, '/')
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\/{2,}/g, '/');
  if (!clean || clean.split('/').some((s) => s === '..' || s === '.')) {
    throw new StrataError('InvalidRequest', `"${p}" is not a path inside a repository; give it relative to the top, like mm/hmm.c.`);
  }
  return clean;
}

/**
 * Indexes the history of one file: reopens the stored index when HEAD has not
 * moved, walks only what is new when it has, and stores the result atomically.
 * A stored file that is damaged is rebuilt and the user told so; where the
 * index names an object the repository lacks, the index is distrusted and
 * rebuilt once before the repository is said to be damaged.
 */
export async function indexFileHistory(options: IndexFileHistoryOptions): Promise<Timeline> {
  return (await indexOrWalk(options, false))!;
}

/**
 * The path's entry in each commit its history walks, found and kept in the index (what `log -L` reads), without
 * the timeline's list and counts where no timeline is stored: `git log -L` shows no counts, and reading and diffing
 * every version for them was half of a first `-L` (0.45 s of 0.8 s on the kernel-shaped file).
 */
export async function walkPathEntries(options: Omit<IndexFileHistoryOptions, 'onPartial'>): Promise<void> {
  await indexOrWalk(options, true);
}

async function indexOrWalk(options: IndexFileHistoryOptions, walkOnly: boolean): Promise<Timeline | null> {
  // people as git log shows them (the index keeps what the commits say: a new .mailmap needs no new index)
  const mailmap = await repositoryMailmap(options.repo);
  const onPartial = options.onPartial;
  const mapped: IndexFileHistoryOptions = {
    ...options,
    ...(onPartial
      ? {
          onPartial: (p) =>
            onPartial(p.kind === 'counts' || p.kind === 'bodies' ? p : { ...p, timeline: withMailmap(p.timeline, mailmap) }),
        }
      : {}),
  };
  const withPeople = (t: Timeline | null) => t && withMailmap(t, mailmap);
  try {
    return withPeople(await indexOnce(mapped, [], walkOnly));
  } catch (err) {
    if (!(err instanceof StrataError) || err.code !== 'ObjectMissing' || options.signal?.aborted) throw err;
    await options.repo.index.distrust(normalizeRepoPath(options.path), options.follow ?? false, storedRev(options.rev));
    return withPeople(await indexOnce(mapped, ['it named an object the repository lacks'], walkOnly));
  }
}

function withMailmap(t: Timeline, mailmap: Mailmap): Timeline {
  if (mailmap.size === 0) return t;
  return {
    ...t,
    entries: t.entries.map((e) => {
      const author = mapPerson(mailmap, e.author);
      const committer = mapPerson(mailmap, e.committer);
      return author === e.author && committer === e.committer ? e : { ...e, author, committer };
    }),
  };
}

/** The timeline; with `walkOnly`, null once the path's entries are walked and kept (a stored timeline is still returned). */
async function indexOnce(options: IndexFileHistoryOptions, damaged: string[], walkOnly: boolean): Promise<Timeline | null> {
  const started = Date.now();
  const filePath = normalizeRepoPath(options.path);
  const follow = options.follow ?? false;
  const { info, store, index } = options.repo;
  if (info.head === null && options.rev === undefined) {
    const branches = options.repo.refs.listBranches().map((b) => b.name);
    if (branches.length === 0) throw new StrataError('EmptyRepository', `${info.dir} has no commits yet; there is no history to show.`);
    throw new StrataError(
      'EmptyRepository',
      `${info.dir}: HEAD names ${info.branch ? `the branch ${info.branch}, which has` : 'a branch with'} no commits yet, but the repository has other branches: ${branches.join(', ')}. Pick one with --rev (e.g. --rev ${branches[0]}).`,
    );
  }
  // a range (git log A..B): B's history without what A reaches
  const range = options.rev === undefined ? null : revisionRange(options.rev);
  const head = await resolveRevision(options.repo, range ? range.top : (options.rev ?? 'HEAD'));
  const bottom = range ? await resolveRevision(options.repo, range.bottom) : undefined;
  // the counts are git's for the repository's diff.algorithm (git log --numstat honours it)
  const algorithm = await diffAlgorithmOf(options.repo);
  await index.sweepOrphans();
  const onDamaged = (what: string) => () => void damaged.push(what);
  const rev = storedRev(options.rev);
  const loaded = await index.loadTimeline(filePath, follow, onDamaged('the stored timeline'), rev);
  const sameCounts = (t: StoredTimeline | null): t is StoredTimeline => t !== null && (t.algorithm ?? 'myers') === algorithm;
  const stored = sameCounts(loaded) && basisHolds(loaded, index, filePath) ? loaded : null;
  // a commit's counts do not depend on where the walk started: a branch's first index takes HEAD's
  const countsFrom = sameCounts(loaded) ? loaded : rev !== undefined ? await index.loadTimeline(filePath, follow, undefined) : null;
  const tags = await repositoryTags(options.repo);
  const shallowSet = await store.shallowCommits();
  const shallow = [...shallowSet].sort().join(',');
  const window = options.window ?? {};
  const firstParent = options.firstParent === true;
  if (firstParent && follow)
    throw new StrataError('InvalidRequest', '--first-parent and --follow do not go together here: give one of them.');
  // a list of another walk than the file's kept one: computed, not kept
  const narrowed = window.since !== undefined || window.until !== undefined || firstParent;
  // the last few of those stay on the handle: the search asks for the list again at each string typed (-S"…")
  const recent = options.repo.kept.get('narrowedTimelines', () => new Map<string, Timeline>());
  const recentKey =
    narrowed && !walkOnly ? JSON.stringify([filePath, follow, rev, head, bottom, shallow, algorithm, window, firstParent]) : null;
  const remembered = recentKey === null ? undefined : recent.get(recentKey);
  if (remembered) return { ...remembered, tags };
  if (stored && stored.head === head && stored.shallow === shallow && stored.bottom === bottom && !narrowed) {
    return {
      repo: info,
      path: filePath,
      follow,
      head,
      ...(rev !== undefined ? { rev } : {}),
      entries: stored.entries,
      tags,
      stats: {
        commitsRead: 0,
        commitsVisited: 0,
        millis: Date.now() - started,
        source: 'disk',
        ...(stored.renamedFrom ? { renamedFrom: stored.renamedFrom } : {}),
      },
    };
  }

  const progress = options.onProgress ?? (() => undefined);
  const unsaved: (string | null | undefined)[] = [await index.trySave(() => index.removeRetired(filePath, follow))];
  // answers by commit position are kept in entries; a followed rename's path is looked up by root tree, twice per commit
  const lookup = new PathEntryLookup(store, follow);
  const opened = await openCommitTable({
    store,
    index,
    refs: options.repo.refs,
    heads: bottom ? [head, bottom] : [head],
    shallow: shallowSet,
    lookAhead: { path: filePath, lookup },
    keepCommits: !walkOnly,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: progress,
    onDamaged: (what) => damaged.push(what),
  });
  const { table, own } = opened;
  unsaved.push(opened.unsaved);
  const anchor = own?.anchor;
  const entriesFile = index.positionEntriesFile(filePath);
  // git's graph may be rewritten by git at any time: its positions are not worth keeping entries for
  const byPosition =
    opened.found ??
    (own && anchor
      ? PositionEntries.load(entriesFile, anchor, own.count, onDamaged("the path's entries by commit"))
      : graphEntries(table, filePath));
  const topLevel = own && anchor ? TopLevelChanges.load(index.topLevelFile, anchor, onDamaged('the change sets')) : null;
  const useTopLevel = topLevel !== null && topLevel.size > 0 && topLevel.size <= table.count;
  const shallowPositions = new Set([...shallowSet].map((oid) => table.positionOf(oid)).filter((pos) => pos >= 0));

  const reuse = new Map<string, TimelineEntry>();
  for (const e of sameCounts(countsFrom) ? countsFrom.entries : []) reuse.set(e.oid, e);
  const source = stored ? 'incremental' : 'full';
  const timelineOf = (entries: TimelineEntry[], visited: number): Timeline => ({
    repo: info,
    path: filePath,
    follow,
    ...(firstParent ? { firstParent: true as const } : {}),
    head,
    ...(rev !== undefined ? { rev } : {}),
    entries,
    tags,
    stats: { commitsRead: opened.commitsRead, commitsVisited: visited, millis: Date.now() - started, source },
  });
  /** A listed commit's bytes: as the commit index read them a moment ago where they were kept, else read again. */
  const commitBytes = (oid: string): Uint8Array => opened.commits?.get(table.positionOf(oid)) ?? store.readObjectSync!(oid).data;
  // each hit's entry, in the list's order, and whether its counts are still to compute (not kept from before)
  const described: { entry: TimelineEntry; fresh: boolean }[] = [];
  const describeUpTo = (found: readonly HistoryHit[], end = found.length) => {
    for (let i = described.length; i < end; i++) {
      const hit = found[i]!;
      const old = reuse.get(hit.oid);
      // without a promise per commit (thousands of them before the list is out): the store reads synchronously
      described.push(
        old && sameHit(old, hit)
          ? { entry: old, fresh: false }
          : { entry: describeCommit(hit, parseCommit(commitBytes(hit.oid))), fresh: true },
      );
    }
  };
  let visitedSoFar = 0;
  let shown = 0;
  const walkFrom = Date.now();
  const setEarly = options.earlyListMs ?? earlyListMs();
  let showAt = walkFrom + (setEarly ?? EARLY_LIST_MS);
  /** Whether the first showing waits: before EARLY_SURE_MS, a walk that is nearly over at its pace. */
  const nearlyOver = (now: number, visited: number): boolean =>
    setEarly === undefined && now - walkFrom < EARLY_SURE_MS && ((now - walkFrom) * (table.count - visited)) / visited < EARLY_WORTH_MS;
  const showFound =
    options.onPartial && !walkOnly && store.readObjectSync
      ? (found: readonly HistoryHit[], visited: number) => {
          visitedSoFar = visited;
          const now = Date.now();
          if (now < showAt || found.length === shown || (shown === 0 && nearlyOver(now, visited))) return;
          describeUpTo(found, shown === 0 ? Math.min(found.length, EARLY_FIRST_ROWS) : found.length);
          options.onPartial!({
            kind: 'walking',
            timeline: timelineOf(
              described.slice(shown).map((d) => d.entry),
              visitedSoFar,
            ),
            from: shown,
            visited: visitedSoFar,
            total: table.count,
          });
          shown = described.length;
          showAt = Date.now() + EARLY_EVERY_MS;
        }
      : undefined;
  const bottomAt = bottom === undefined ? -1 : table.positionOf(bottom);
  // without --follow, git's limited walk, its marks as they come; --follow simplifies nothing, so all A reaches is left out
  const walk =
    bottom !== undefined && !follow && !firstParent ? (w: WalkOptions) => walkRangeHistory({ ...w, bottom: bottomAt }) : walkFileHistory;
  const walked = await readingTrees(options.repo, () =>
    readAll(
      walk({
        table,
        head: table.positionOf(head),
        path: filePath,
        follow,
        lookup,
        entries: byPosition,
        ...(shallowPositions.size ? { shallow: shallowPositions } : {}),
        ...(bottom && (follow || firstParent) ? { excluded: reachedFrom(table, bottomAt, shallowPositions), bottom: bottomAt } : {}),
        ...(firstParent ? { firstParent } : {}),
        ...(useTopLevel ? { topLevel } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (visited) => {
          visitedSoFar = visited;
          progress({ phase: 'Walking history', loaded: visited, total: table.count });
        },
        ...(showFound ? { onHits: showFound } : {}),
        ...(store.objectSize ? { sizeOf: (oid: string) => store.objectSize!(oid) } : {}),
        ...window,
      }),
      store,
    ),
  );
  const hits = walked.hits;
  // kept for the next walk; a first open saves them once the list is out
  const savePositions = async () => {
    if (own && anchor && byPosition.dirty) unsaved.push(await index.trySave(() => byPosition.save(entriesFile, anchor)));
  };
  if (walkOnly) {
    await savePositions();
    return null;
  }
  const visitedCount = walked.visited;

  const empty =
    hits.length === 0
      ? narrowed
        ? `No commit ${windowWords(window, firstParent)} changes ${filePath}${options.rev ? ` in ${options.rev}` : ''} (git log ${windowArgs(window, firstParent)} lists none).`
        : range && (await new PathEntryLookup(store, false).entryAt(await rootTreeOf(store, head), filePath)) !== null
          ? `No commit in ${options.rev} changes ${filePath} (git log ${options.rev} -- ${filePath} lists none).`
          : await explainEmptyHistory(store, head, filePath, follow)
      : undefined;

  const cancelled = () => new StrataError('Cancelled', 'Indexing was cancelled; the index on disk is unchanged.');
  // first the commits (the list), then the +/- counts, which read both versions of the file and diff them
  const entries: TimelineEntry[] = [];
  const toCount: number[] = [];
  for (const [i, hit] of hits.entries()) {
    if (options.signal?.aborted) throw cancelled();
    if (store.readObjectSync) describeUpTo(hits, i + 1);
    else {
      const old = reuse.get(hit.oid);
      described.push(
        old && sameHit(old, hit)
          ? { entry: old, fresh: false }
          : { entry: describeCommit(hit, await readCommit(store, hit.oid)), fresh: true },
      );
    }
    entries.push(described[i]!.entry);
    if (described[i]!.fresh) toCount.push(i);
    if (i % 200 === 0) progress({ phase: 'Reading commits', loaded: i, total: hits.length });
  }
  // a list already shown while walking is sent whole again whatever its size: it replaces what was shown
  const partial = toCount.length >= PARTIAL_FROM || shown > 0 ? options.onPartial : undefined;
  // the bodies of a list sent without them: with the first batch of counts, so the page draws the list meanwhile
  let bodiesLater: (() => void) | null = null;
  if (partial) {
    const counting = toCount.map((i) => hits[i]!.oid);
    let bodyLength = 0;
    for (const e of entries) bodyLength += e.body.length;
    if (bodyLength < (options.bodiesApartFrom ?? bodiesApartFrom()))
      partial({ kind: 'entries', timeline: timelineOf([...entries], visitedCount), counting });
    else {
      const bare = entries.map((e) => (e.body ? { ...e, body: '' } : e));
      partial({ kind: 'entries', timeline: timelineOf(bare, visitedCount), counting, bodiesFollow: true });
      const bodies = entries.filter((e) => e.body).map((e) => [e.oid, e.body] as const);
      bodiesLater = () => partial({ kind: 'bodies', bodies });
    }
  }
  await savePositions();
  let batch: Extract<TimelinePartial, { kind: 'counts' }>['counts'][number][] = [];
  let sent = Date.now();
  let done = 0;
  // on two cores: the newest first here, the oldest first on the other (countPairs)
  let absent = 0;
  // where the attributes say a file is binary (or text) whatever its bytes, git's counts follow them
  const binaryOf = new Map<string, boolean | undefined>();
  for (const i of toCount) {
    for (const p of [hits[i]!.path, hits[i]!.oldPath ?? hits[i]!.path])
      if (!binaryOf.has(p)) binaryOf.set(p, await binaryByAttributes(info, p));
  }
  const binaryHint = (h: HistoryHit): BinaryByAttributes | undefined => {
    const before = binaryOf.get(h.oldPath ?? h.path);
    const after = binaryOf.get(h.path);
    return before === undefined && after === undefined
      ? undefined
      : { ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  };
  await countPairs({
    store,
    algorithm,
    pairs: toCount.map((i) => {
      const binary = binaryHint(hits[i]!);
      return { before: hits[i]!.parentEntry, after: hits[i]!.entry, ...(binary ? { binary } : {}) };
    }),
    onAbsent: (k) => {
      absent++;
      const i = toCount[k]!;
      entries[i] = { ...entries[i]!, absent: true };
    },
    ...(options.signal ? { signal: options.signal } : {}),
    onCounted: (k, counts) => {
      const i = toCount[k]!;
      entries[i] = { ...entries[i]!, additions: counts.additions, deletions: counts.deletions };
      if (partial) {
        batch.push(entries[i]!.absent ? [hits[i]!.oid, null, null, true] : [hits[i]!.oid, counts.additions, counts.deletions]);
        if (Date.now() - sent >= COUNTS_EVERY_MS) {
          partial({ kind: 'counts', counts: batch });
          batch = [];
          sent = Date.now();
          bodiesLater?.();
          bodiesLater = null;
        }
      }
      if (++done % 50 === 0) progress({ phase: 'Counting lines', loaded: done, total: toCount.length });
    },
  });
  if (options.signal?.aborted) throw cancelled();
  bodiesLater?.();
  const renamedFrom = follow ? null : await renamedBefore(store, entries.at(-1), shallowSet);
  const renameGaps = walked.renameGaps.length
    ? await renameGapMessage(walked.renameGaps, options.repo, filePath, promisorRemote(info.gitdir))
    : undefined;
  if (!narrowed) progress({ phase: 'Saving index', loaded: hits.length, total: hits.length });
  // counts left unknown for versions this copy lacks are not kept, nor renames searched without content it lacks:
  // the next open counts and searches again, with what a fetch brought
  if (absent === 0 && !renameGaps && !narrowed)
    unsaved.push(
      await index.trySave(() =>
        index.saveTimeline({
          format: INDEX_FORMAT,
          path: filePath,
          follow,
          head,
          ...(rev !== undefined ? { rev } : {}),
          ...(bottom ? { bottom } : {}),
          shallow,
          entries,
          ...(algorithm !== 'myers' ? { algorithm } : {}),
          ...(renamedFrom ? { renamedFrom } : {}),
          basis: {
            ...(useTopLevel ? { topLevel: topLevel.generation.toString('hex') } : {}),
            ...(own && anchor ? { positions: byPosition.generation.toString('hex') } : {}),
          },
        }),
      ),
    );
  const notSaved = unsaved.find((u) => u);
  // where the versions a partial clone lacks can be fetched from
  const absentOn = absent ? promisorRemote(info.gitdir) : null;
  const answer = timelineOf(entries, visitedCount);
  const timeline: Timeline = {
    ...answer,
    stats: {
      ...answer.stats,
      ...(notSaved ? { unsaved: notSaved } : {}),
      ...(damaged.length ? { repaired: repairedMessage(damaged) } : {}),
      ...(absent ? { absent: await absentMessage(absent, options.repo, filePath, absentOn) } : {}),
      ...(absentOn ? { absentOn } : {}),
      ...(empty ? { empty } : {}),
      ...(renamedFrom ? { renamedFrom } : {}),
      ...(renameGaps ? { renameGaps } : {}),
    },
  };
  if (recentKey !== null && !absent) {
    recent.delete(recentKey);
    recent.set(recentKey, timeline);
    if (recent.size > RECENT_NARROWED) recent.delete(recent.keys().next().value!);
  }
  return timeline;
}

/**
 * The path the file of a timeline's oldest version came from, where that version added it and a parent's file the
 * commit deleted is its source as blame finds one (blameFile's renameSource); null otherwise, and where the parents
 * are not in this copy (a shallow clone's boundary, a partial clone).
 */
async function renamedBefore(store: ObjectStore, oldest: TimelineEntry | undefined, shallow: ReadonlySet<string>): Promise<string | null> {
  if (!oldest || oldest.status !== 'A' || oldest.blob === null || oldest.directory || oldest.parents.length === 0) return null;
  if (shallow.has(oldest.oid)) return null;
  try {
    const tree = await rootTreeOf(store, oldest.oid);
    for (const parent of oldest.parents) {
      const source = await renameSource(store, await rootTreeOf(store, parent), tree, oldest.path, oldest.blob);
      if (source) return source.path;
    }
  } catch (err) {
    if (!isObjectMissing(err)) throw err;
  }
  return null;
}

async function absentMessage(n: number, repo: Repository, file: string, remote: string | null): Promise<string> {
  const versions = `${n} version${n === 1 ? '' : 's'} of ${file}`;
  const counts = `${n === 1 ? 'its' : 'their'} +/- counts are not known`;
  if (remote !== null)
    return `${versions} ${n === 1 ? 'was' : 'were'} left on the partial clone's remote "${remote}": ${counts}. ${await fetchAdvice(repo, remote, file)} Then open the file again.`;
  return (
    `${versions} ${n === 1 ? 'is' : 'are'} not in ${repo.info.gitdir}, which is no partial clone: the repository is damaged ` +
    `(git fsck names what it lacks), and ${counts}. Fetch or clone it again.`
  );
}

/** The revision a timeline is stored under: none for HEAD, named or not. */
function storedRev(rev: string | undefined): string | undefined {
  return rev === 'HEAD' ? undefined : rev;
}

/** Whether the files a stored timeline was computed from are the ones there now (none was rebuilt since). */
function basisHolds(t: StoredTimeline, index: IndexStore, filePath: string): boolean {
  const b = t.basis;
  if (b?.topLevel && TopLevelChanges.generationIn(index.topLevelFile) !== b.topLevel) return false;
  if (b?.positions && PositionEntries.generationIn(index.positionEntriesFile(filePath)) !== b.positions) return false;
  return true;
}

function repairedMessage(damaged: readonly string[]): string {
  return `Strata's index was damaged (${[...new Set(damaged)].join(', ')}): it was not trusted, and what is shown was computed again from the repository.`;
}

function sameHit(e: TimelineEntry, h: HistoryHit): boolean {
  return e.status === h.status && e.path === h.path && (e.oldPath ?? undefined) === h.oldPath && e.blob === entryOid(h.entry);
}

/** The repository's `diff.algorithm` (its own config), myers where it is not set or not one git knows. */
export async function diffAlgorithmOf(repo: Repository): Promise<DiffAlgorithm> {
  return parseDiffAlgorithm(await readConfigValue(repo.info.gitdir, 'diff.algorithm')) ?? 'myers';
}

/** A hit's entry from its commit alone: counts are computed after the list is out (null until then). */
function describeCommit(hit: HistoryHit, commit: ReturnType<typeof parseCommit>): TimelineEntry {
  const { subject, body } = splitMessage(commit.message);
  return {
    oid: hit.oid,
    parents: commit.parents,
    author: commit.author,
    committer: commit.committer,
    subject,
    body,
    status: hit.status,
    path: hit.path,
    ...(hit.oldPath !== undefined ? { oldPath: hit.oldPath } : {}),
    blob: entryOid(hit.entry),
    ...(isFolderEntry(hit.entry ?? hit.parentEntry) ? { directory: true } : {}),
    additions: null,
    deletions: null,
  };
}

/**
 * Why a walk found no commit: a path that is not there is refused (with the closest one there is); a file that
 * is there and that no commit lists is git log --follow's way with a file that only merges brought and changed
 * (it shows no merge): the empty list is git's, said in words.
 */
async function explainEmptyHistory(store: ObjectStore, head: string, filePath: string, follow: boolean): Promise<string> {
  const root = await rootTreeOf(store, head);
  if ((await new PathEntryLookup(store, false).entryAt(root, filePath)) !== null) {
    return follow
      ? `git log --follow lists no commit for ${filePath}: it came into this history, and changed, only in merge commits, which --follow does not show. Open it without --follow to see those merges.`
      : `No commit of ${head.slice(0, 12)}'s history changes ${filePath} (git log lists none).`;
  }
  const paths = await listTreePaths(store, root);
  const suggestion = closestPath(filePath, paths);
  // without --follow git walks the simplified history (a side branch's changes to a file since deleted can hide
  // there); --follow reads every commit
  const found = follow ? 'no commit ever changed it' : 'git log (without --follow) lists no commit for it';
  const hint = follow ? '' : ' Follow renames (--follow) reads every commit, side branches too, and may find its history.';
  throw new StrataError(
    'PathNotInRepository',
    `${filePath} does not exist at ${head.slice(0, 12)} and ${found}${suggestion ? `; did you mean ${suggestion}?` : '.'}${hint}`,
    suggestion,
  );
}

/** "since 2019-01-31 14:00:00 UTC until …", as an empty window's message says it. */
function windowWords(w: TimelineWindow, firstParent: boolean): string {
  const at = (s: number) =>
    new Date(s * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
  return [
    firstParent ? 'of the first-parent line' : '',
    w.since !== undefined ? `since ${at(w.since)}` : '',
    w.until !== undefined ? `until ${at(w.until)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function windowArgs(w: TimelineWindow, firstParent: boolean): string {
  return [
    firstParent ? '--first-parent' : '',
    w.since !== undefined ? `--since=@${w.since}` : '',
    w.until !== undefined ? `--until=@${w.until}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
