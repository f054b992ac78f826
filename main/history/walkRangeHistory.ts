import { StrataError } from '../../shared/errors';
import type { EntryKey } from '../objects/entryKey';
import type { ObjectReads } from '../objects/objectReads';
import { CommitHeap } from './commitHeap';
import { statusOf, walkedParents, type HistoryHit, type WalkOptions, type WalkResult } from './walkFileHistory';

/** After the queue holds only commits the range leaves out, how many more git takes before it stops (revision.c's SLOP). */
const SLOP = 5;

/**
 * What `git log A..B -- <path>` lists (renames not followed): git's limited walk (revision.c's limit_list) replayed
 * over the commit table. The commits A reaches are marked as git marks them, while the walk goes, in its order; a
 * merge is simplified only to a relevant parent (one not marked yet, or A itself), so which merges are listed
 * depends on how far the marks have come when git reaches them, as it does in git. `o.head` is B.
 */
export function* walkRangeHistory(o: WalkOptions & { readonly bottom: number }): ObjectReads<WalkResult> {
  const t = o.table;
  const heap = new CommitHeap();
  const seen = new Uint8Array(t.count);
  /** git's UNINTERESTING: what A reaches, as far as the walk has marked it. */
  const left = new Uint8Array(t.count);
  /** Commits whose parents git has read (marks pass on only through those). */
  const parsed = new Uint8Array(t.count);
  /** A merge simplified to one parent: its parents are that one from then on (marks pass on through it alone). */
  const simplifiedTo = new Map<number, number>();
  const keys = t.bloomKeys && t.maybeChangedAt ? t.bloomKeys(o.path) : null;
  const parts = o.path.split('/');

  const parentsOf = (pos: number): readonly number[] => {
    const only = simplifiedTo.get(pos);
    return only !== undefined ? [only] : walkedParents(t, pos, o.shallow);
  };
  const queue = (pos: number): void => {
    if (seen[pos]) return;
    seen[pos] = 1;
    parsed[pos] = 1;
    heap.push(pos, t.timeAt(pos));
  };
  const markParentsLeft = (pos: number): void => {
    const pending = [...parentsOf(pos)];
    while (pending.length > 0) {
      const p = pending.pop()!;
      if (left[p]) continue;
      left[p] = 1;
      if (parsed[p]) pending.push(...parentsOf(p));
    }
  };
  const entryAt = function* (pos: number): ObjectReads<EntryKey> {
    const cached = o.entries.get(pos);
    if (cached !== undefined) return cached;
    const e = yield* o.lookup.lookUp(t.treeAt(pos), o.path);
    o.entries.set(pos, e);
    return e;
  };

  // A (git's BOTTOM) first, then B, as `A..B` puts them, both read before A's parents are marked (B among them, its own are)
  const bottom = o.bottom;
  left[bottom] = 1;
  parsed[o.head] = 1;
  queue(bottom);
  markParentsLeft(bottom);
  queue(o.head);

  /** Commits the walk took as wanted, in its order, and whether each is the same as its parents at the path. */
  const taken: { pos: number; treesame: boolean; parentEntry: EntryKey; entry: EntryKey }[] = [];
  let date = Infinity;
  let slop = SLOP;
  let visited = 0;
  for (let pos = heap.pop(); pos !== undefined; pos = heap.pop()) {
    if (++visited % 4096 === 0) {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
      o.onProgress?.(visited);
    }
    if (left[pos]) {
      for (const p of parentsOf(pos)) {
        left[p] = 1;
        parsed[p] = 1;
        markParentsLeft(p);
        queue(p);
      }
      markParentsLeft(pos);
      // still_interesting: go on while a wanted commit is queued, or one newer than the last taken, for SLOP more
      const next = heap.peekTime();
      if (next === undefined) break;
      if (date <= next || heap.some((q) => !left[q])) slop = SLOP;
      else if (--slop === 0) break;
      continue;
    }
    const parents = parentsOf(pos);
    const entry = yield* entryAt(pos);
    let treesame: boolean;
    let parentEntry: EntryKey = null;
    if (parents.length === 0) treesame = entry === null;
    else {
      // revision.c's try_to_simplify_commit; the changed-path filters answer "the same" for the first parent only
      let relevant = 0;
      let relevantChange = false;
      let otherChange = false;
      let simplified = false;
      for (const [n, p] of parents.entries()) {
        parsed[p] = 1;
        const isRelevant = !left[p] || p === bottom;
        if (isRelevant) relevant++;
        const sameByFilter =
          n === 0 && ((keys && t.maybeChangedAt!(pos, keys) === false) || o.topLevel?.maybeChanged(pos, parts) === false);
        const parentAt = sameByFilter ? entry : yield* entryAt(p);
        if (n === 0) parentEntry = parentAt;
        if (parentAt === entry) {
          if (!isRelevant) continue;
          if (parents.length > 1) simplifiedTo.set(pos, p);
          simplified = true;
          break;
        }
        if (isRelevant) relevantChange = true;
        else otherChange = true;
      }
      treesame = simplified || (relevant > 0 ? !relevantChange : !otherChange);
    }
    for (const p of parentsOf(pos)) queue(p);
    date = t.timeAt(pos);
    taken.push({ pos, treesame, parentEntry, entry });
  }

  // what git lists: the wanted commits that changed the path and were not marked as A's by the end of the walk
  const hits: HistoryHit[] = [];
  for (const c of taken) {
    if (c.treesame || left[c.pos]) continue;
    hits.push({ oid: t.oidAt(c.pos), status: statusOf(c.parentEntry, c.entry), path: o.path, entry: c.entry, parentEntry: c.parentEntry });
  }
  o.onHits?.(hits, visited);
  o.onProgress?.(visited);
  return { hits, visited, renameGaps: [] };
}
