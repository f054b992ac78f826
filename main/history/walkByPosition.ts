import { StrataError } from '../../shared/errors';
import type { CommitTable } from '../objects/commitTable';
import type { EntryKey, PathEntryLookup } from './pathEntries';
import { statusOf, type HistoryHit } from './walkFileHistory';
import type { TopLevelChanges } from '../index/topLevelChanges';
import type { PositionEntries } from '../index/positionEntries';

/**
 * The same walk as `git log -- <path>` (default simplification, git's order),
 * over a commit table by position: no commit objects, no strings per commit.
 * Where the table has Bloom filters, a commit they rule out is the same as
 * its first parent, as git takes it.
 */
export async function walkByPosition(o: {
  table: CommitTable;
  /** Top-level change sets learned for this table (Strata's own index): commits they rule out are not read. */
  topLevel?: TopLevelChanges;
  lookup: PathEntryLookup;
  /** The path's entry by position: what is there is used, what is looked up is added. */
  entries: PositionEntries;
  head: string;
  path: string;
  signal?: AbortSignal;
  onProgress?: (visited: number) => void;
}): Promise<{ hits: HistoryHit[]; visited: number }> {
  const t = o.table;
  const start = t.positionOf(o.head);
  if (start < 0) throw new Error('head not in the commit table');
  const keys = t.bloomKeys && t.maybeChangedAt ? t.bloomKeys(o.path) : null;
  if (!o.lookup.readsSync) throw new Error('walkByPosition needs a store that reads synchronously');
  const seen = new Uint8Array(t.count);
  const entryAt = (pos: number): EntryKey => {
    let e = o.entries.get(pos);
    if (e === undefined) {
      e = o.lookup.entryAtSync(t.treeAt(pos), o.path);
      o.entries.set(pos, e);
    }
    return e;
  };

  // binary heap of positions: newest commit time first, then the order queued
  const heapPos: number[] = [];
  const heapTime: number[] = [];
  const heapSeq: number[] = [];
  let seq = 0;
  const before = (a: number, b: number) => heapTime[a]! > heapTime[b]! || (heapTime[a] === heapTime[b] && heapSeq[a]! < heapSeq[b]!);
  const swap = (a: number, b: number) => {
    [heapPos[a], heapPos[b]] = [heapPos[b]!, heapPos[a]!];
    [heapTime[a], heapTime[b]] = [heapTime[b]!, heapTime[a]!];
    [heapSeq[a], heapSeq[b]] = [heapSeq[b]!, heapSeq[a]!];
  };
  const push = (pos: number) => {
    heapPos.push(pos);
    heapTime.push(t.timeAt(pos));
    heapSeq.push(seq++);
    let i = heapPos.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(i, p)) break;
      swap(i, p);
      i = p;
    }
  };
  const pop = (): number | undefined => {
    if (heapPos.length === 0) return undefined;
    const top = heapPos[0]!;
    const last = heapPos.length - 1;
    swap(0, last);
    heapPos.pop();
    heapTime.pop();
    heapSeq.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heapPos.length && before(l, best)) best = l;
      if (r < heapPos.length && before(r, best)) best = r;
      if (best === i) break;
      swap(i, best);
      i = best;
    }
    return top;
  };

  const parts = o.path.split('/');
  const hits: HistoryHit[] = [];
  seen[start] = 1;
  push(start);
  let visited = 0;
  for (let pos = pop(); pos !== undefined; pos = pop()) {
    if (++visited % 4096 === 0) {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
      o.onProgress?.(visited);
    }
    const parents = t.parentsAt(pos);
    if (parents.some((p) => p < 0)) throw new Error('commit table has a missing parent');
    const ruledOut = parents.length > 0 && ((keys && t.maybeChangedAt!(pos, keys) === false) || o.topLevel?.maybeChanged(pos, parts) === false);
    if (ruledOut) {
      const first = parents[0]!;
      if (!seen[first]) {
        seen[first] = 1;
        push(first);
      }
      continue;
    }
    const entry = entryAt(pos);
    let follow = parents;
    let treesame = false;
    if (parents.length === 0) treesame = entry === null;
    else {
      for (const p of parents) {
        if (entryAt(p) === entry) {
          follow = [p];
          treesame = true;
          break;
        }
      }
    }
    for (const p of follow) {
      if (seen[p]) continue;
      seen[p] = 1;
      push(p);
    }
    if (!treesame) {
      const parentEntry = parents.length ? entryAt(parents[0]!) : null;
      hits.push({ oid: t.oidAt(pos), status: statusOf(parentEntry, entry), path: o.path, entry, parentEntry });
    }
  }
  o.onProgress?.(visited);
  return { hits, visited };
}
