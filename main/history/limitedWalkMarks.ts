import type { CommitTable } from '../objects/commitTable';
import { CommitHeap } from './commitHeap';
import { walkedParents } from './walkFileHistory';

/** After the queue holds only commits the range leaves out, how many more git takes before it stops (revision.c's SLOP). */
const SLOP = 5;

/**
 * git's limited walk of a range `A..B` (revision.c's limit_list), the part every caller shares: the queue in date
 * order, the commits A reaches marked UNINTERESTING as the walk reads them, and when it stops. `parentsOf` gives a
 * commit's parents as the walk sees them (a history walk's simplified merge has one).
 */
export class LimitedWalk {
  readonly heap = new CommitHeap();
  private readonly seen: Uint8Array;
  /** git's UNINTERESTING: what A reaches, as far as the walk has marked it. */
  readonly left: Uint8Array;
  /** Commits whose parents git has read (marks pass on only through those). */
  readonly parsed: Uint8Array;
  /** The date of the last commit the walk took as wanted. */
  date = Infinity;
  private slop = SLOP;

  /** `bottom` null: no range, nothing marked yet (git blame --since marks as it blames). */
  constructor(
    private readonly table: CommitTable,
    private readonly parentsOf: (pos: number) => readonly number[],
    bottom: number | null,
    top: number,
  ) {
    this.seen = new Uint8Array(table.count);
    this.left = new Uint8Array(table.count);
    this.parsed = new Uint8Array(table.count);
    // A (git's BOTTOM) first, then B, as `A..B` puts them, both read before A's parents are marked (B among them, its own are)
    this.parsed[top] = 1;
    if (bottom !== null) {
      this.left[bottom] = 1;
      this.queue(bottom);
      this.markParentsLeft(bottom);
    }
    this.queue(top);
  }

  queue(pos: number): void {
    if (this.seen[pos]) return;
    this.seen[pos] = 1;
    this.parsed[pos] = 1;
    this.heap.push(pos, this.table.timeAt(pos));
  }

  /** Marks the commit's parents, and theirs through commits already read, as git's mark_parents_uninteresting. */
  markParentsLeft(pos: number): void {
    const pending = [...this.parentsOf(pos)];
    while (pending.length > 0) {
      const p = pending.pop()!;
      if (this.left[p]) continue;
      this.left[p] = 1;
      if (this.parsed[p]) pending.push(...this.parentsOf(p));
    }
  }

  /**
   * A commit the range leaves out, taken from the queue: its parents marked and queued (process_parents); false
   * where the walk stops after it (still_interesting: no wanted commit queued, none newer than the last taken, for SLOP more).
   */
  passLeft(pos: number): boolean {
    for (const p of this.parentsOf(pos)) {
      this.left[p] = 1;
      this.parsed[p] = 1;
      this.markParentsLeft(p);
      this.queue(p);
    }
    this.markParentsLeft(pos);
    const next = this.heap.peekTime();
    if (next === undefined) return false;
    if (this.date <= next || this.heap.some((q) => !this.left[q])) this.slop = SLOP;
    else if (--this.slop === 0) return false;
    return true;
  }
}

/**
 * The commits `A..B` leaves out as git has marked them once its limited walk of the range is done, with no path
 * (and with `since`, the older commits and what they reach, as `git blame --since A..B` walks)
 * (`git blame A..B` walks so before it blames): what A reaches, as far as the walk in date order got before only
 * such commits were left. Where committer dates go backwards a commit A reaches can be taken before its mark
 * arrives, or never marked at all: git then counts it in, and so do these marks.
 */
export function limitedWalkMarks(
  table: CommitTable,
  bottom: number | null,
  top: number,
  shallow: ReadonlySet<number>,
  since?: number,
): LimitedWalk {
  const walk = new LimitedWalk(table, (pos) => walkedParents(table, pos, shallow), bottom, top);
  // without a range git does not walk before it blames (nothing is marked until blame reaches an older commit)
  if (bottom === null) return walk;
  for (let pos = walk.heap.pop(); pos !== undefined; pos = walk.heap.pop()) {
    // --since: an older commit is left out with what it reaches, as the range's bottom is (limit_list)
    if (since !== undefined && table.timeAt(pos) < since) walk.left[pos] = 1;
    if (walk.left[pos]) {
      if (!walk.passLeft(pos)) break;
      continue;
    }
    for (const p of walkedParents(table, pos, shallow)) walk.queue(p);
    walk.date = table.timeAt(pos);
  }
  return walk;
}
