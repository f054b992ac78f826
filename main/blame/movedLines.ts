import type { LineChange } from '../diff/diffLines';
import type { LineRecords } from '../diff/lineRecords';

/**
 * Blame's diff (git's, without context: its common tail trimmed first) of a parent's file and the blamed version's
 * lines `from` on, `n` of them; null where the file holds none of those lines worth a score (no stretch can be there).
 */
export type BlockDiff = (from: number, n: number) => readonly LineChange[] | null;

/** What a parent took of a commit's open lines, and what stays (blocks it did not take, and blocks too small to try again). */
export interface BlocksTaken {
  /** Per block taken: the file it went to (index of the diffs given), its line in the blamed version, its line there, its length. */
  readonly taken: { readonly file: number; readonly final: number; readonly there: number; readonly n: number }[];
  /** Blocks no file holds, as (final, here, len) triples. */
  readonly open: number[];
  /** Blocks too small to try again (their score at most the score asked), as triples. */
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
  for (let i = starts[from]!; i < end; i++) if (isAsciiAlnum(data[i]!)) score++;
  return score;
}

/** git's isalnum (sane_ctype): ASCII letters and digits only. */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Splits blocks (triples) into those worth a search (scoring over `score`) and those too small (git's filter_small). */
export function splitSmall(final: LineRecords, score: number, runs: readonly number[], worth: number[], tooSmall: number[]): void {
  for (let i = 0; i < runs.length; i += 3) {
    const [f, h, n] = [runs[i]!, runs[i + 1]!, runs[i + 2]!];
    (blockScore(final, f, n) <= score ? tooSmall : worth).push(f, h, n);
  }
}

/**
 * Lines moved or copied from a parent's files (`git blame -M`: the file's own version in the parent, find_move_in_parent;
 * `-C`: other files, find_copy_in_parent). Each open block of the blamed version (`final`) is diffed against each
 * file; of the stretches a file holds unchanged, the one scoring most (the later one, and the later file, on a
 * tie) goes to its file at its line there, where it scores more than `score`, and what is left of the block on
 * either side is tried again, until nothing more is taken. `blocks` hold none too small (splitSmall first).
 */
export function takeBlocks(final: LineRecords, score: number, blocks: readonly number[], files: readonly BlockDiff[]): BlocksTaken {
  const taken: BlocksTaken['taken'] = [];
  const open: number[] = [];
  const tooSmall: number[] = [];
  let round = blocks.slice();
  while (round.length > 0) {
    const next: number[] = [];
    for (let i = 0; i < round.length; i += 3) {
      const [f, h, n] = [round[i]!, round[i + 1]!, round[i + 2]!];
      let best: Stretch | null = null;
      for (let file = 0; file < files.length; file++) {
        const found = bestStretch(final, files[file]!, f, n, file);
        if (found && (!best || found.score >= best.score)) best = found;
      }
      if (best && best.score > score) {
        taken.push({ file: best.file, final: f + best.from, there: best.there, n: best.n });
        if (best.from > 0) next.push(f, h, best.from);
        const after = best.from + best.n;
        if (after < n) next.push(f + after, h + after, n - after);
      } else open.push(f, h, n);
    }
    round = [];
    splitSmall(final, score, next, round, tooSmall);
  }
  return { taken, open, tooSmall };
}

interface Stretch {
  readonly file: number;
  /** Its first line in the block. */
  readonly from: number;
  readonly n: number;
  /** Its line in the file (0-based). */
  readonly there: number;
  readonly score: number;
}

/**
 * The stretch of the block (lines `from` on, `n` of them, of the blamed version) that the diff of a file and the
 * block leaves unchanged and that scores most: git's find_copy_in_blob with handle_split, over the stretches
 * between hunks and after the last.
 */
function bestStretch(final: LineRecords, diff: BlockDiff, from: number, n: number, file: number): Stretch | null {
  let best: Stretch | null = null;
  const consider = (tlno: number, plno: number, same: number) => {
    if (n <= tlno || tlno >= same) return;
    const score = blockScore(final, from + tlno, same - tlno);
    if (best && score < best.score) return;
    best = { file, from: tlno, n: same - tlno, there: plno, score };
  };
  const changes = diff(from, n);
  if (changes === null) return null;
  let tlno = 0;
  let plno = 0;
  for (const c of changes) {
    consider(tlno, plno, c.start2);
    plno = c.start1 + c.count1;
    tlno = c.start2 + c.count2;
  }
  consider(tlno, plno, n);
  return best;
}
