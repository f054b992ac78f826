import type { Progress, Timeline, TimelineEntry } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import { CommitLinkSource } from '../history/commitLinks';
import { PathEntryLookup, entryOid } from '../history/pathEntries';
import { PositionEntries } from '../index/positionEntries';
import { EntryPipeline } from '../history/entryPipeline';
import { type HistoryHit, walkFileHistory } from '../history/walkFileHistory';
import { walkByPosition } from '../history/walkByPosition';
import type { CommitTable } from '../objects/commitTable';
import { StrataCommitIndex } from '../index/strataCommitIndex';
import { TopLevelChanges } from '../index/topLevelChanges';
import fs from 'node:fs';
import { IndexStore } from '../index/indexStore';
import { countLineChanges } from '../diff/lineDiff';
import { splitMessage } from '../objects/parseCommit';
import type { ObjectStore } from '../objects/objectStore';
import { peeledTags, resolveRevision } from '../objects/resolveRevision';
import { readCommit, readEntryContent, rootTreeOf } from './readVersions';
import { closestPath, listTreePaths } from './suggestPath';

export interface IndexFileHistoryOptions {
  readonly repo: Repository;
  readonly path: string;
  readonly follow?: boolean;
  /** Branch, tag or commit to index from; HEAD by default. */
  readonly rev?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Which timeline, in an opened repository: a TimelineKey with the handle in place of its folder. */
export interface RepositoryTimelineKey {
  readonly repo: Repository;
  readonly path: string;
  readonly follow: boolean;
  readonly rev?: string;
}

export function normalizeRepoPath(p: string): string {
  const clean = p.replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  if (!clean || clean.split('/').some((s) => s === '..' || s === '.')) {
    throw new StrataError('InvalidRequest', `"${p}" is not a path inside a repository; give it relative to the top, like mm/hmm.c.`);
  }
  return clean;
}

/**
 * Indexes the history of one file: reopens the stored index when HEAD has not
 * moved, walks only what is new when it has, and stores the result atomically.
 */
export async function indexFileHistory(options: IndexFileHistoryOptions): Promise<Timeline> {
  const started = Date.now();
  const filePath = normalizeRepoPath(options.path);
  const follow = options.follow ?? false;
  const { info, store, index } = options.repo;
  if (info.head === null && options.rev === undefined) {
    throw new StrataError('EmptyRepository', `${info.dir} has no commits yet; there is no history to show.`);
  }
  const head = await resolveRevision(options.repo, options.rev ?? 'HEAD');
  const stored = await index.loadTimeline(filePath, follow);
  const tags = await peeledTags(options.repo);
  const shallowSet = await store.shallowCommits();
  const shallow = [...shallowSet].sort().join(',');
  if (stored && stored.head === head && stored.shallow === shallow) {
    return { repo: info, path: filePath, follow, head, entries: stored.entries, tags, stats: { commitsRead: 0, commitsVisited: 0, millis: Date.now() - started, source: 'disk' } };
  }

  const progress = options.onProgress ?? (() => undefined);
  // walks by position read trees synchronously (Strata's own reader); other stores walk by id.
  // By position, each commit's entry is kept by position: root trees need not be remembered.
  const byPosition = !follow && shallowSet.size === 0 && store.readObjectSync !== undefined;
  const lookup = new PathEntryLookup(store, !byPosition);
  const table = byPosition ? await commitTableFor(store, index, head, filePath, lookup, options.signal, progress) : null;
  let hits: HistoryHit[];
  let commitsRead: number;
  let visitedCount: number;
  if (table) {
    const r = await walkByPosition({
      table: table.table, lookup, entries: table.entries, head, path: filePath,
      ...(table.topLevel ? { topLevel: table.topLevel } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (visited) => progress({ phase: 'Walking history', loaded: visited, total: table.table.count }),
    });
    hits = r.hits;
    commitsRead = table.commitsRead;
    visitedCount = r.visited;
    if (table.keep && table.entries.dirty) await table.entries.save(table.keep.file, table.keep.anchor);
  } else {
    const links = new CommitLinkSource(store, await index.loadCommitLinks(), shallowSet);
    const pathCache = await index.loadPathEntries(filePath, follow);
    hits = await walkFileHistory({
      store, links, lookup, pathCache, head, path: filePath, follow,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (visited) => progress({ phase: 'Walking history', loaded: visited, message: `${links.commitsRead} commits read` }),
    });
    commitsRead = links.commitsRead;
    visitedCount = links.commitsVisited;
    if (links.commitsRead > 0) await index.saveCommitLinks(links.known);
    await index.savePathEntries(filePath, follow, pathCache);
  }

  if (hits.length === 0) await explainEmptyHistory(store, head, filePath);

  const reuse = new Map<string, TimelineEntry>();
  for (const e of stored?.entries ?? []) reuse.set(e.oid, e);
  const entries: TimelineEntry[] = [];
  for (const [i, hit] of hits.entries()) {
    if (options.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; the index on disk is unchanged.');
    const old = reuse.get(hit.oid);
    entries.push(old && sameHit(old, hit) ? old : await describeHit(store, hit));
    if (i % 50 === 0) progress({ phase: 'Reading changes', loaded: i, total: hits.length });
  }
  progress({ phase: 'Saving index', loaded: hits.length, total: hits.length });
  await index.saveTimeline({ format: 1, path: filePath, follow, head, shallow, entries });
  return {
    repo: info, path: filePath, follow, head, entries, tags,
    stats: { commitsRead, commitsVisited: visitedCount, millis: Date.now() - started, source: stored ? 'incremental' : 'full' },
  };
}

function sameHit(e: TimelineEntry, h: HistoryHit): boolean {
  return e.status === h.status && e.path === h.path && (e.oldPath ?? undefined) === h.oldPath && e.blob === entryOid(h.entry);
}

async function describeHit(store: ObjectStore, hit: HistoryHit): Promise<TimelineEntry> {
  const commit = await readCommit(store, hit.oid);
  const { subject, body } = splitMessage(commit.message);
  const counts = countLineChanges(await readEntryContent(store, hit.parentEntry), await readEntryContent(store, hit.entry));
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
    additions: counts.additions,
    deletions: counts.deletions,
  };
}

async function explainEmptyHistory(store: ObjectStore, head: string, filePath: string): Promise<never> {
  const paths = await listTreePaths(store, await rootTreeOf(store, head));
  const suggestion = closestPath(filePath, paths);
  throw new StrataError(
    'PathNotInRepository',
    `${filePath} does not exist at ${head.slice(0, 12)} and no commit ever changed it${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
    suggestion,
  );
}

/**
 * git's commit-graph when it covers HEAD; otherwise Strata's own commit index,
 * built on first use and extended with new commits only.
 */
async function commitTableFor(store: ObjectStore, index: IndexStore, head: string, filePath: string, lookup: PathEntryLookup, signal: AbortSignal | undefined, progress: (p: Progress) => void): Promise<{ table: CommitTable; commitsRead: number; topLevel?: TopLevelChanges; entries: PositionEntries; keep?: { file: string; anchor: Buffer } } | null> {
  const graph = store.commitGraph?.() ?? null;
  // git's graph may be rewritten by git at any time: its positions are not worth keeping entries for
  if (graph && graph.positionOf(head) >= 0) return { table: graph, commitsRead: 0, entries: new PositionEntries(graph.count) };
  const file = index.commitIndexFile;
  const topFile = index.topLevelFile;
  const loaded = StrataCommitIndex.load(file);
  // change sets are kept by position: a commit index built anew makes them meaningless
  if (!loaded) await fs.promises.rm(topFile, { force: true });
  const own = loaded ?? StrataCommitIndex.empty();
  // building the index from nothing reads every commit: the path is looked up in their trees meanwhile, on the other core
  const pipeline = loaded ? null : new EntryPipeline(store.gitdir, filePath);
  let added: number;
  try {
    added = await own.extend(store, [head], signal, (n) => progress({ phase: 'Indexing commits', loaded: n, message: 'once per repository' }), pipeline ? (pos, tree) => pipeline.add(pos, tree) : undefined);
  } catch (err) {
    pipeline?.stop();
    throw err;
  }
  const found = await pipeline?.finish(lookup, (pos) => own.treeAt(pos), signal, (done, total) => progress({ phase: `Looking up ${filePath} in each commit`, loaded: done, total }));
  if (signal?.aborted) return null;
  if (added > 0) await own.save(file);
  const anchor = own.anchor;
  const topLevel = TopLevelChanges.load(topFile, anchor);
  const entriesFile = index.positionEntriesFile(filePath);
  // a new index was looked up whole by the pipeline (what it missed, the walk looks up)
  const entries = found ?? PositionEntries.load(entriesFile, anchor, own.count);
  return { table: own, commitsRead: own.commitsRead, ...(topLevel.size > 0 && topLevel.size <= own.count ? { topLevel } : {}), entries, keep: { file: entriesFile, anchor } };
}
