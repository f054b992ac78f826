import fs from 'node:fs';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import type { CommitTable } from '../objects/commitTable';
import type { ObjectStore } from '../objects/objectStore';
import type { IndexStore } from '../index/indexStore';
import type { PositionEntries } from '../index/positionEntries';
import { StrataCommitIndex } from '../index/strataCommitIndex';
import { EntryPipeline } from './entryPipeline';
import { withGraphBloom } from './graphBloomTable';
import type { PathEntryLookup } from './pathEntries';
import { KeptCommitBytes } from './keptCommitBytes';
import { fileStamp } from '../objects/fileStamp';
import type { RefStore } from '../objects/refStore';

/**
 * Repositories with fewer packed objects than this build their commit index without looking the path up on the
 * other core: starting the worker takes longer than their look-ups (3,000 commits: 20-50 ms sooner to the list).
 * A test sets it to 0 to have the look-ahead on small repositories.
 */
export const lookAheadFrom = { objects: 50_000 };

/**
 * Refs outside refs/tags/ naming other commits than the heads, past which a new commit index reads the commits the
 * heads reach by id rather than every commit the packs hold, front to back: their packs hold those refs' histories
 * too. A GitHub mirror's pull requests (OpenZFS: 63,351 commits stored, 11,109 reached from HEAD; the first index of
 * arc.c 1.4–1.6 s → 0.8–1.0 s), a stable tree's branches. Front to back costs less a commit (no index look-up; 100,000
 * small commits of a kernel-shaped history in 1.0 s against 1.3), so a clone with a few branches keeps it.
 */
export const FRONT_TO_BACK_TIPS = 32;

/** Whether the refs name few commits besides the heads' (see FRONT_TO_BACK_TIPS). */
function fewOtherTips(refs: RefStore, heads: readonly string[]): boolean {
  const tips = new Set<string>();
  for (const r of refs.listAll())
    if (!r.name.startsWith('refs/tags/') && !heads.includes(r.oid) && tips.add(r.oid).size > FRONT_TO_BACK_TIPS) return false;
  return true;
}

/**
 * The commit index each index store (one a repository handle) loaded or saved last, with its file's stamp then:
 * a kernel's takes 10-20 ms to load, and every timeline and blame opens it. Another process that extends the file
 * changes the stamp, and the file is read again.
 */
const keptIndex = new WeakMap<IndexStore, { stamp: string; shallow: string; index: StrataCommitIndex }>();

export interface OpenedCommitTable {
  readonly table: CommitTable;
  /** Strata's own commit index, where it serves (null: git's commit-graph does). */
  readonly own: StrataCommitIndex | null;
  /** Commit objects read to build or extend the table. */
  readonly commitsRead: number;
  /** The path's entry per commit, looked up on the other core while a new commit index was built. */
  readonly found?: PositionEntries;
  /** Why the commit index could not be saved (a full disk, a read-only home); absent when it was. */
  readonly unsaved?: string;
  /** With `keepCommits`, the bytes of commits read to build or extend the index (the first of them, up to a budget). */
  readonly commits?: KeptCommitBytes;
}

/**
 * The commit table every walk runs over: git's commit-graph where it has
 * changed-path Bloom filters and every head (and the repository is not
 * shallow), else Strata's own commit index, built on first use (from git's
 * commit-graph where there is one: no commit read) and extended with new
 * commits only. Building it from nothing without a graph reads every commit:
 * `lookAhead` (a path and a look-up over a store with synchronous reads) then
 * has the path looked up in each commit's root tree meanwhile, on the other core.
 */
export async function openCommitTable(o: {
  store: ObjectStore;
  index: IndexStore;
  heads: readonly string[];
  shallow: ReadonlySet<string>;
  /** The repository's refs: where they name many other commits, a new index reads commits by id (FRONT_TO_BACK_TIPS). */
  refs?: RefStore;
  lookAhead?: { path: string; lookup: PathEntryLookup };
  /** The caller goes on to read commits the index reads (a timeline describes those it lists): keep their bytes. */
  keepCommits?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Hears of a stored commit index that was damaged (it is rebuilt). */
  onDamaged?: (what: string) => void;
}): Promise<OpenedCommitTable> {
  const graph = o.shallow.size === 0 ? (o.store.commitGraph?.() ?? null) : null;
  // with changed-path Bloom filters git's graph is the better table; without them Strata's own index is (built from
  // the graph, no commit read): the change sets it learns and the entries kept by its positions make later walks fast
  if (graph?.hasBloom && o.heads.every((h) => graph.positionOf(h) >= 0)) return { table: graph, own: null, commitsRead: 0 };
  // the index this handle loaded or saved last, while its file is unchanged and it has every head: read-only from here on
  // (a deepened clone's index is extended: the parents behind the old boundary are read in)
  const kept = keptIndex.get(o.index);
  const shallow = [...o.shallow].sort().join(',');
  if (
    kept &&
    kept.stamp === fileStamp(o.index.commitIndexFile) &&
    kept.shallow === shallow &&
    o.heads.every((h) => kept.index.positionOf(h) >= 0)
  )
    return { table: withGraphBloom(kept.index, graph), own: kept.index, commitsRead: 0 };
  const loaded = StrataCommitIndex.load(o.index.commitIndexFile, () => o.onDamaged?.('the commit index'));
  // change sets are kept by position: a commit index built anew makes them meaningless
  const removed = loaded ? null : await o.index.trySave(() => fs.promises.rm(o.index.topLevelFile, { force: true }));
  const graphBuilt = !loaded && graph !== null && graph.count > 0 ? StrataCommitIndex.fromGraph(graph) : null;
  const own = loaded ?? graphBuilt ?? StrataCommitIndex.empty();
  // a worker takes longer to start than a small repository's look-ups take here
  const worthAWorker = (o.store.packedObjects?.() ?? 0) >= lookAheadFrom.objects;
  const pipeline =
    !loaded && !graph && o.lookAhead && o.store.readObjectSync && worthAWorker ? new EntryPipeline(o.store.gitdir, o.lookAhead.path) : null;
  const commits = o.keepCommits ? new KeptCommitBytes() : undefined;
  let changed: number;
  try {
    changed = await own.extend(o.store, o.heads, {
      shallow: o.shallow,
      ...(!loaded && !graph && o.refs && !fewOtherTips(o.refs, o.heads) ? { frontToBack: false } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (n) => o.onProgress?.({ phase: 'Indexing commits', loaded: n, message: 'once per repository' }),
      ...(pipeline ? { onCommit: (pos: number, tree: string | Buffer, at?: number) => pipeline.add(pos, tree, at) } : {}),
      ...(commits ? { onCommitBytes: (pos: number, data: Uint8Array) => commits.keep(pos, data) } : {}),
      ...(graph ? { linksOf: (id: Buffer, at: number, ids: { buf: Buffer }) => graph.linksOf(id, at, ids) } : {}),
    });
  } catch (err) {
    await pipeline?.stop();
    throw err;
  }
  const found =
    pipeline && o.lookAhead
      ? await pipeline.finish(
          o.lookAhead.lookup,
          (pos) => own.treeAt(pos),
          o.signal,
          (done, total) => o.onProgress?.({ phase: `Looking up ${o.lookAhead!.path} in each commit`, loaded: done, total }),
        )
      : undefined;
  if (o.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
  const unsaved = (changed > 0 || graphBuilt ? await o.index.trySave(() => own.save(o.index.commitIndexFile)) : null) ?? removed;
  const stamp = unsaved === undefined || unsaved === null ? fileStamp(o.index.commitIndexFile) : null;
  if (stamp) keptIndex.set(o.index, { stamp, shallow, index: own });
  return {
    table: withGraphBloom(own, graph),
    own,
    commitsRead: own.commitsRead,
    ...(found ? { found } : {}),
    ...(unsaved ? { unsaved } : {}),
    ...(commits ? { commits } : {}),
  };
}
