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

import { splitBox, splitHeap } from './myersSplit';

const KEEP_RUN_RATIO = 4; // XDL_KPDIS_RUN
const MAX_EQUAL_LIMIT = 1024; // XDL_MAX_EQLIMIT
const SCAN_WINDOW = 100; // XDL_SIMSCAN_WINDOW
const MAX_COST_MIN = 256;

/** xdiff's integer square root estimate: 2^(number of base-4 digits of n). */
export function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

/**
 * Marks the changed lines of the middle of two files, the part after their common first lines and before
 * their common last lines. `others1[i]` is how many lines of the whole second file equal middle line i of
 * the first (and `others2` the other way round); `lines1`, `lines2` count the whole files.
 */
export function diffMiddle(
  ha1: Int32Array,
  ha2: Int32Array,
  others1: Int32Array,
  others2: Int32Array,
  lines1: number,
  lines2: number,
  minimal: boolean,
  changed1: Uint8Array,
  changed2: Uint8Array,
): void {
  const kept1 = keptLines(ha1, others1, lines1, changed1);
  const kept2 = keptLines(ha2, others2, lines2, changed2);
  const n1 = kept1.length;
  const n2 = kept2.length;
  const diagonals = n1 + n2 + 3;
  const maxCost = Math.max(bogoSqrt(diagonals), MAX_COST_MIN);
  // the search's heap (see myersSplit): both sequences, the forward and backward paths by diagonal, the answer
  const p2 = n1;
  const pf = p2 + n2;
  const pb = pf + diagonals + 1;
  const out = pb + diagonals + 1;
  const heap = splitHeap(out + 4);
  const eff1 = heap.subarray(0, n1);
  const eff2 = heap.subarray(p2, p2 + n2);
  for (let i = 0; i < n1; i++) eff1[i] = ha1[kept1[i]!]!;
  for (let i = 0; i < n2; i++) eff2[i] = ha2[kept2[i]!]!;
  // diagonal d of the paths at pf + base + d (d from -(n2 + 1))
  const base = n2 + 1;
  // boxes still to compare: off1, lim1, off2, lim2, minimal (what the recursion of xdl_recs_cmp visits)
  const boxes: number[] = [0, n1, 0, n2, minimal ? 1 : 0];
  while (boxes.length) {
    const needMin = boxes.pop()!;
    let lim2 = boxes.pop()!;
    let off2 = boxes.pop()!;
    let lim1 = boxes.pop()!;
    let off1 = boxes.pop()!;
    while (off1 < lim1 && off2 < lim2 && eff1[off1] === eff2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && eff1[lim1 - 1] === eff2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) changed2[kept2[off2]!] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) changed1[kept1[off1]!] = 1;
    } else {
      splitBox(0, p2, pf + base, pb + base, off1, lim1, off2, lim2, needMin === 1, maxCost, out);
      const i1 = heap[out]!;
      const i2 = heap[out + 1]!;
      boxes.push(off1, i1, off2, i2, heap[out + 2]!);
      boxes.push(i1, lim1, i2, lim2, heap[out + 3]!);
    }
  }
}

/** Lines that take part in the search; the others are marked changed. */
function keptLines(ha: Int32Array, others: Int32Array, lines: number, changed: Uint8Array): Int32Array {
  const limit = Math.min(bogoSqrt(lines), MAX_EQUAL_LIMIT);
  const n = ha.length;
  // 0: no match in the other file, 1: some, 2: many
  const kind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const m = others[i]!;
    kind[i] = m === 0 ? 0 : m >= limit ? 2 : 1;
  }
  const kept = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (kind[i] === 1 || (kind[i] === 2 && !amidUnmatched(kind, i, n))) kept[k++] = i;
    else changed[i] = 1;
  }
  return kept.subarray(0, k);
}

/** Whether a many-times-matched line sits in a run mostly made of lines without a match (xdl_clean_mmatch). */
function amidUnmatched(kind: Uint8Array, i: number, n: number): boolean {
  const s = Math.max(0, i - SCAN_WINDOW);
  const e = Math.min(n - 1, i + SCAN_WINDOW);
  let unmatched = 0;
  let many = 1;
  for (let j = i - 1; j >= s; j--) {
    if (kind[j] === 0) unmatched++;
    else if (kind[j] === 2) many++;
    else break;
  }
  if (unmatched === 0) return false;
  let unmatchedAfter = 0;
  for (let j = i + 1; j <= e; j++) {
    if (kind[j] === 0) unmatchedAfter++;
    else if (kind[j] === 2) many++;
    else break;
  }
  if (unmatchedAfter === 0) return false;
  unmatched += unmatchedAfter;
  // `many` counts the line itself once from each side's scan, as xdiff's two runs do
  many += 1;
  return many * KEEP_RUN_RATIO < many + unmatched;
}

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
