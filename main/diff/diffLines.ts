import { changedMiddle } from './changedMiddle';
import { collectChanges, type LineChange } from './collectChanges';
import { compactChanges } from './compactChanges';
import { histogramDiff } from './histogramDiff';
import { asBuffer, classifyLines, splitRecords, type LineRecords } from './lineRecords';
import { myersDiff } from './myersDiff';
import { patienceDiff } from './patienceDiff';

export type { LineChange };

import type { DiffAlgorithm, WhitespaceRule } from '../../shared/diffAlgorithm';

export { DIFF_ALGORITHMS, parseDiffAlgorithm, type DiffAlgorithm } from '../../shared/diffAlgorithm';

export interface LineDiffOptions {
  readonly algorithm?: DiffAlgorithm;
  /** git's default (diff.indentHeuristic=true). */
  readonly indentHeuristic?: boolean;
  /** `-w` (true), or another of git's whitespace rules. */
  readonly ignoreWhitespace?: boolean | WhitespaceRule;
  /**
   * Drop the common end of both files in 1 KiB blocks first, back to a line start, as git does for every
   * diff asked for without context (blame's): the lines dropped then do not count in xdiff's line classes.
   */
  readonly trimCommonTail?: boolean;
}

export interface LineDiff {
  readonly lines1: LineRecords;
  readonly lines2: LineRecords;
  readonly changes: readonly LineChange[];
}

/** Bytes to drop from the end of both, as git's trim_common_tail decides. */
export function commonTailToTrim(a: Buffer, b: Buffer): number {
  let trimmed = 0;
  const smaller = Math.min(a.length, b.length);
  // 64 blocks at a time, then one (alike 64 at once is each alike): a long file changed at its top is compared in
  // a few native calls, not one a KiB (blame's diffs of a 700 KB NEWS file spent 40 ms of 500 here)
  for (const block of [65_536, 1024])
    while (
      block + trimmed <= smaller &&
      a.compare(b, b.length - trimmed - block, b.length - trimmed, a.length - trimmed - block, a.length - trimmed) === 0
    )
      trimmed += block;
  let recovered = 0;
  const from = a.length - trimmed;
  while (recovered < trimmed) if (a[from + recovered++] === 10) break;
  return trimmed - recovered;
}

/** The changes git's diff finds between two files, after its compaction: what its hunks show. */
export function diffLines(before: Uint8Array | null, after: Uint8Array | null, options: LineDiffOptions = {}): LineDiff {
  const a = asBuffer(before);
  const b = asBuffer(after);
  const drop = options.trimCommonTail ? commonTailToTrim(a, b) : 0;
  const a1 = drop ? a.subarray(0, a.length - drop) : a;
  const b1 = drop ? b.subarray(0, b.length - drop) : b;
  const lines1 = splitRecords(a1);
  const lines2 = splitRecords(b1);
  const n1 = lines1.count;
  const n2 = lines2.count;
  // one flag per line at index line+1, with a 0 on each side
  const changed1 = new Uint8Array(n1 + 2);
  const changed2 = new Uint8Array(n2 + 2);
  const algorithm = options.algorithm ?? 'myers';
  let same1: (i: number, j: number) => boolean;
  let same2: (i: number, j: number) => boolean;
  if ((algorithm === 'myers' || algorithm === 'minimal') && !options.ignoreWhitespace) {
    // lines are compared as bytes; only the changed middle is put in classes
    const middle = changedMiddle(a1, b1, algorithm === 'minimal');
    changed1.set(middle.changed1, middle.head + 1);
    changed2.set(middle.changed2, middle.head + 1);
    same1 = sameBytes(lines1);
    same2 = sameBytes(lines2);
  } else {
    const { classes1, classes2 } = classifyLines(lines1, lines2, options.ignoreWhitespace ?? false);
    if (algorithm === 'patience') patienceDiff(classes1, classes2, changed1, changed2);
    else if (algorithm === 'histogram') histogramDiff(classes1, classes2, changed1, changed2);
    else myersDiff(classes1, classes2, algorithm === 'minimal', changed1.subarray(1, n1 + 1), changed2.subarray(1, n2 + 1));
    same1 = (i, j) => classes1[i] === classes1[j];
    same2 = (i, j) => classes2[i] === classes2[j];
  }
  const indent = options.indentHeuristic ?? true;
  compactChanges(same1, changed1, lines1, changed2, n2, indent);
  compactChanges(same2, changed2, lines2, changed1, n1, indent);
  return { lines1, lines2, changes: collectChanges(changed1, n1, changed2, n2) };
}

function sameBytes(r: LineRecords): (i: number, j: number) => boolean {
  const { data, starts } = r;
  return (i, j) => {
    const si = starts[i]!;
    const sj = starts[j]!;
    const len = starts[i + 1]! - si;
    return len === starts[j + 1]! - sj && data.compare(data, sj, sj + len, si, si + len) === 0;
  };
}
