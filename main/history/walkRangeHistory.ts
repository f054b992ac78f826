import { StrataError } from '../../shared/errors';
import type { EntryKey } from '../objects/entryKey';
import type { ObjectReads } from '../objects/objectReads';
import { LimitedWalk } from './limitedWalkMarks';
import { changeHit, walkedParents, type HistoryHit, type WalkOptions, type WalkResult } from './walkFileHistory';

/**
 * What `git log A..B -- <path>` lists (renames not followed): git's limited walk (revision.c's limit_list) replayed
 * over the commit table. The commits A reaches are marked as git marks them, while the walk goes, in its order; a
 * merge is simplified only to a relevant parent (one not marked yet, or A itself), so which merges are listed
 * depends on how far the marks have come when git reaches them, as it does in git. `o.head` is B.
 */
export function* walkRangeHistory(o: WalkOptions & { readonly bottom: number }): ObjectReads<WalkResult> {
  const t = o.table;
  /** A merge simplified to one parent: its parents are that one from then on (marks pass on through it alone). */
  const simplifiedTo = new Map<number, number>();
  const keys = t.bloomKeys && t.maybeChangedAt ? t.bloomKeys(o.path) : null;
  const parts = o.path.split('/');

  const parentsOf = (pos: number): readonly number[] => {
    const only = simplifiedTo.get(pos);
    return only !== undefined ? [only] : walkedParents(t, pos, o.shallow);
  };
  const entryAt = function* (pos: number): ObjectReads<EntryKey> {
    const cached = o.entries.get(pos);
    if (cached !== undefined) return cached;
    const e = yield* o.lookup.lookUp(t.treeAt(pos), o.path);
    o.entries.set(pos, e);
    return e;
  };

  const bottom = o.bottom;
  const walk = new LimitedWalk(t, parentsOf, bottom, o.head);
  const { heap, left, parsed } = walk;

  /** Commits the walk took as wanted, in its order, and whether each is the same as its parents at the path. */
  const taken: { pos: number; treesame: boolean; parentEntry: EntryKey; entry: EntryKey }[] = [];
  let visited = 0;
  for (let pos = heap.pop(); pos !== undefined; pos = heap.pop()) {
    if (++visited % 4096 === 0) {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
      o.onProgress?.(visited);
    }
    // --since: an older commit is one the range leaves out, and so is all it reaches (limit_list)
    if (o.since !== undefined && t.timeAt(pos) < o.since) left[pos] = 1;
    if (left[pos]) {
      if (!walk.passLeft(pos)) break;
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
    for (const p of parentsOf(pos)) walk.queue(p);
    // --until: a newer commit's parents are walked, but it is not taken, nor its date
    if (o.until !== undefined && t.timeAt(pos) > o.until) continue;
    walk.date = t.timeAt(pos);
    taken.push({ pos, treesame, parentEntry, entry });
  }

  // what git lists: the wanted commits that changed the path and were not marked as A's by the end of the walk
  const hits: HistoryHit[] = [];
  for (const c of taken) {
    if (c.treesame || left[c.pos]) continue;
    hits.push(yield* changeHit(t.oidAt(c.pos), o.path, c.parentEntry, c.entry));
  }
  o.onHits?.(hits, visited);
  o.onProgress?.(visited);
  return { hits, visited, renameGaps: [] };
}
