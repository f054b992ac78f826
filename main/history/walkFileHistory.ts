import type { ChangeStatus } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { CommitHeap } from './commitHeap';
import type { CommitLinkSource } from './commitLinks';
import { type EntryKey, entryMode, PathEntryLookup } from './pathEntries';
import { findRenameSource } from './findRenameSource';
import type { ObjectStore } from '../objects/objectStore';

export interface HistoryHit {
  readonly oid: string;
  readonly status: ChangeStatus;
  readonly path: string;
  readonly oldPath?: string;
  readonly entry: EntryKey;
  /** The entry in the first parent the change is measured against (at oldPath for a rename). */
  readonly parentEntry: EntryKey;
}

export interface WalkOptions {
  readonly store: ObjectStore;
  readonly links: CommitLinkSource;
  readonly lookup: PathEntryLookup;
  /** Entries of `path` per commit, kept between runs; filled as the walk goes. */
  readonly pathCache: Map<string, EntryKey>;
  readonly head: string;
  readonly path: string;
  readonly follow: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (visited: number) => void;
}

/**
 * The commits that changed a path, as `git log -- <path>` lists them: a walk by
 * committer date with git's default history simplification (a commit the same
 * as one of its parents at the path is dropped, and only that parent is followed).
 * With `follow`, what `git log --follow` lists: every commit is walked, merges are
 * not shown, and an addition found to be a rename switches the path followed.
 */
export async function walkFileHistory(opts: WalkOptions): Promise<HistoryHit[]> {
  return opts.follow ? walkFollow(opts) : walkSimplified(opts);
}

async function entryOf(opts: WalkOptions, oid: string, path: string): Promise<EntryKey> {
  const cacheable = path === opts.path;
  if (cacheable) {
    const known = opts.pathCache.get(oid);
    if (known !== undefined) return known;
  }
  const links = await opts.links.links(oid);
  const entry = await opts.lookup.entryAt(links.tree, path);
  if (cacheable) opts.pathCache.set(oid, entry);
  return entry;
}

function checkpoint(opts: WalkOptions, visited: number): void {
  if (opts.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
  if (visited % 2000 === 0) opts.onProgress?.(visited);
}

async function walkSimplified(opts: WalkOptions): Promise<HistoryHit[]> {
  const hits: HistoryHit[] = [];
  const heap = new CommitHeap();
  const seen = new Set<string>([opts.head]);
  heap.push(opts.head, (await opts.links.links(opts.head)).time);
  let visited = 0;
  const graph = opts.links.graph?.hasBloom ? opts.links.graph : null;
  const keys = graph ? graph.bloomKeys(opts.path) : [];
  for (let oid = heap.pop(); oid !== undefined; oid = heap.pop()) {
    checkpoint(opts, ++visited);
    const { parents, graphPos } = await opts.links.links(oid);
    // A changed-path Bloom filter that rules the path out means: the same as the first parent (as git uses it).
    if (graph && graphPos !== undefined && parents.length > 0 && graph.maybeChangedAt(graphPos, keys) === false) {
      const first = parents[0]!;
      if (!seen.has(first)) {
        seen.add(first);
        heap.push(first, (await opts.links.links(first)).time);
      }
      continue;
    }
    const entry = await entryOf(opts, oid, opts.path);
    let follow: readonly string[] = parents;
    let treesame = false;
    if (parents.length === 0) {
      treesame = entry === null;
    } else {
      for (const parent of parents) {
        if ((await entryOf(opts, parent, opts.path)) === entry) {
          follow = [parent];
          treesame = true;
          break;
        }
      }
    }
    for (const parent of follow) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      heap.push(parent, (await opts.links.links(parent)).time);
    }
    if (!treesame) {
      const parentEntry = parents.length ? await entryOf(opts, parents[0]!, opts.path) : null;
      hits.push({ oid, status: statusOf(parentEntry, entry), path: opts.path, entry, parentEntry });
    }
  }
  opts.onProgress?.(visited);
  return hits;
}

async function walkFollow(opts: WalkOptions): Promise<HistoryHit[]> {
  const hits: HistoryHit[] = [];
  const heap = new CommitHeap();
  const seen = new Set<string>([opts.head]);
  heap.push(opts.head, (await opts.links.links(opts.head)).time);
  let path = opts.path;
  let visited = 0;
  for (let oid = heap.pop(); oid !== undefined; oid = heap.pop()) {
    checkpoint(opts, ++visited);
    const { parents } = await opts.links.links(oid);
    for (const parent of parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      heap.push(parent, (await opts.links.links(parent)).time);
    }
    if (parents.length > 1) continue; // git log shows no diff for merges, so --follow never lists them
    const entry = await entryOf(opts, oid, path);
    const parentEntry = parents.length ? await entryOf(opts, parents[0]!, path) : null;
    if (entry === parentEntry) continue;
    if (parentEntry === null && entry !== null && parents.length === 1) {
      const parentTree = (await opts.links.links(parents[0]!)).tree;
      const source = await findRenameSource(opts.store, parentTree, entry, path);
      if (source) {
        const tree = (await opts.links.links(oid)).tree;
        const stillThere = (await opts.lookup.entryAt(tree, source.path)) !== null;
        hits.push({ oid, status: stillThere ? 'C' : 'R', path, oldPath: source.path, entry, parentEntry: source.entry });
        path = source.path;
        continue;
      }
    }
    hits.push({ oid, status: statusOf(parentEntry, entry), path, entry, parentEntry });
  }
  opts.onProgress?.(visited);
  return hits;
}

export function statusOf(before: EntryKey, after: EntryKey): ChangeStatus {
  if (before === null) return 'A';
  if (after === null) return 'D';
  const a = entryMode(before);
  const b = entryMode(after);
  return a !== b && (a === '120000' || b === '120000' || a === '160000' || b === '160000') ? 'T' : 'M';
}
