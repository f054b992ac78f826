/**
 * git's default line diff (xdiff's xdl_do_diff), written from Myers' "An O(ND) Difference Algorithm and
 * its Variations" and git's documented behaviour. It is not a minimal diff, on purpose, in three ways
 * that decide which lines git calls changed, hence `git log --numstat`'s counts and blame:
 *  - lines the other file lacks are marked changed before the search; lines found too often in the other
 *    file (at least sqrt(lines), at most 1024 times) are too, when they sit in a run of such lines
 *    (the run rule: one kept line for every 4 discarded or worse, looking at most 100 lines each way);
 *  - once the edit cost passes 256, a diagonal that reached a 20-line snake far enough is taken as the
 *    split point instead of the true middle snake;
 *  - past a cost of sqrt(lines of both files) (at least 256) the furthest-reaching diagonal is taken.
 * `minimal` (`--minimal`) keeps the discarding but turns both cut-offs off.
 */

import { searchMiddle } from './myersSplit';

/** xdiff's integer square root estimate: 2^(number of base-4 digits of n). */
export function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

/**
 * Marks the changed lines of the middle of two files, the part after their common first lines and before
 * their common last lines, into changed1 and changed2 (zeroed). `others1[i]` is how many lines of the whole
 * second file equal middle line i of the first (and `others2` the other way round); `lines1`, `lines2` count
 * the whole files. The search itself is myersSplit's asm.js module.
 */
export const diffMiddle = searchMiddle;

/**
 * The whole of xdl_do_diff's myers path over two class sequences (whole files, or the part of two files
 * that patience and histogram hand back to it): common first and last lines, then the middle.
 */
export function myersDiff(ha1: Int32Array, ha2: Int32Array, minimal: boolean, changed1: Uint8Array, changed2: Uint8Array): void {
  const n1 = ha1.length;
  const n2 = ha2.length;
  let start = 0;
  const lim = Math.min(n1, n2);
  while (start < lim && ha1[start] === ha2[start]) start++;
  let tail = 0;
  while (tail < lim - start && ha1[n1 - 1 - tail] === ha2[n2 - 1 - tail]) tail++;
  let classes = 0;
  for (const c of ha1) if (c >= classes) classes = c + 1;
  for (const c of ha2) if (c >= classes) classes = c + 1;
  const count1 = new Int32Array(classes);
  const count2 = new Int32Array(classes);
  for (const c of ha1) count1[c]!++;
  for (const c of ha2) count2[c]!++;
  const mid1 = ha1.subarray(start, n1 - tail);
  const mid2 = ha2.subarray(start, n2 - tail);
  const others1 = new Int32Array(mid1.length);
  const others2 = new Int32Array(mid2.length);
  for (let i = 0; i < mid1.length; i++) others1[i] = count2[mid1[i]!]!;
  for (let i = 0; i < mid2.length; i++) others2[i] = count1[mid2[i]!]!;
  diffMiddle(mid1, mid2, others1, others2, n1, n2, minimal, changed1.subarray(start, n1 - tail), changed2.subarray(start, n2 - tail));
}
