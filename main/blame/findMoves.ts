import type { LineChange } from '../diff/diffLines';
import type { LineRecords } from '../diff/lineRecords';
import { LineSet } from './lineSet';

export interface MoveSearch {
  /** The blamed version's lines: a block's text (and its score) is read there, as git reads the final image. */
  readonly final: LineRecords;
  /** `-M<num>`: a block is taken as moved only where it scores more than this. */
  readonly score: number;
}

/** Blame's diff (git's, without context: its common tail trimmed first) of a parent's file and the blamed version's lines `from` on, `n` of them. */
export type BlockDiff = (from: number, n: number) => readonly LineChange[];

/** What one parent took of a commit's open lines, and what stays (blocks it did not take, and blocks too small to try). */
export interface MovesFound {
  readonly moved: LineSet;
  /** Blocks no parent's file holds, as (final, here, len) triples. */
  readonly open: number[];
  /** Blocks too small to try again (their score at most the move score), as triples. */
  readonly tooSmall: number[];
}

/**
 * git's score of a block of the blamed version (blame_entry_score): one, plus its ASCII letters and digits. A
 * block of braces and blank lines scores little, and is not worth saying it came from elsewhere.
 */
export function blockScore(final: LineRecords, from: number, n: number): number {
  const { data, starts } = final;
  const end = starts[from + n]!;
  let score = 1;
  for (let i = starts[from]!; i < end; i++) {
    const c = data[i]!;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) score++;
  }
  return score;
}

/** Splits blocks (triples) into those worth a search (score over the move score) and those too small. */
export function splitSmall(search: MoveSearch, runs: readonly number[], worth: number[], tooSmall: number[]): void {
  for (let i = 0; i < runs.length; i += 3) {
    const [f, h, n] = [runs[i]!, runs[i + 1]!, runs[i + 2]!];
    (blockScore(search.final, f, n) <= search.score ? tooSmall : worth).push(f, h, n);
  }
}

/**
 * `git blame -M` in one parent (find_move_in_parent): each open block of the commit's version is diffed against
 * the parent's whole file; the longest-scoring stretch the parent holds (the later one on a tie) goes to the
 * parent at its line there, where it scores more than the move score, and what is left of the block on either
 * side is tried again, until nothing more moves. `blocks` hold no block too small (splitSmall first).
 */
export function findMovesInParent(search: MoveSearch, blocks: readonly number[], parent: BlockDiff): MovesFound {
  const moved = new LineSet(false);
  const open: number[] = [];
  const tooSmall: number[] = [];
  const { final } = search;
  let round = blocks.slice();
  while (round.length > 0) {
    const next: number[] = [];
    for (let i = 0; i < round.length; i += 3) {
      const [f, h, n] = [round[i]!, round[i + 1]!, round[i + 2]!];
      const best = bestStretch(search, parent, f, n);
      if (best && blockScore(final, f + best.from, best.n) > search.score) {
        moved.push(f + best.from, best.there, best.n);
        if (best.from > 0) next.push(f, h, best.from);
        const after = best.from + best.n;
        if (after < n) next.push(f + after, h + after, n - after);
      } else open.push(f, h, n);
    }
    round = [];
    splitSmall(search, next, round, tooSmall);
  }
  return { moved, open, tooSmall };
}

/**
 * The stretch of the block (lines `from` on, `n` of them, of the blamed version) that the diff of the parent's
 * file and the block leaves unchanged and that scores most: its first line in the block, its length, and its
 * line in the parent (0-based). git's find_copy_in_blob with handle_split: the stretches between hunks, and
 * after the last.
 */
function bestStretch(search: MoveSearch, parent: BlockDiff, from: number, n: number): { from: number; n: number; there: number } | null {
  const { final } = search;
  let best: { from: number; n: number; there: number; score: number } | null = null;
  const consider = (tlno: number, plno: number, same: number) => {
    if (n <= tlno || tlno >= same) return;
    const score = blockScore(final, from + tlno, same - tlno);
    if (best && score < best.score) return;
    best = { from: tlno, n: same - tlno, there: plno, score };
  };
  let tlno = 0;
  let plno = 0;
  for (const c of parent(from, n)) {
    consider(tlno, plno, c.start2);
    plno = c.start1 + c.count1;
    tlno = c.start2 + c.count2;
  }
  consider(tlno, plno, n);
  return best;
}
