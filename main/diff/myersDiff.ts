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

const KEEP_RUN_RATIO = 4; // XDL_KPDIS_RUN
const MAX_EQUAL_LIMIT = 1024; // XDL_MAX_EQLIMIT
const SCAN_WINDOW = 100; // XDL_SIMSCAN_WINDOW
const MAX_COST_MIN = 256;
const HEURISTIC_MIN_COST = 256;
const SNAKE_COUNT = 20;
const HEURISTIC_FACTOR = 4;
const LINE_MAX = 0x7fffffff;

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
  const eff1 = new Int32Array(n1);
  const eff2 = new Int32Array(n2);
  for (let i = 0; i < n1; i++) eff1[i] = ha1[kept1[i]!]!;
  for (let i = 0; i < n2; i++) eff2[i] = ha2[kept2[i]!]!;
  const diagonals = n1 + n2 + 3;
  const maxCost = Math.max(bogoSqrt(diagonals), MAX_COST_MIN);
  const forward = new Int32Array(diagonals + 1);
  const backward = new Int32Array(diagonals + 1);
  const split = new Splitter(eff1, eff2, forward, backward, n2 + 1, maxCost);
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
      split.run(off1, lim1, off2, lim2, needMin === 1);
      boxes.push(off1, split.i1, off2, split.i2, split.minLow ? 1 : 0);
      boxes.push(split.i1, lim1, split.i2, lim2, split.minHigh ? 1 : 0);
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

/** The middle-snake search of one box, with xdiff's cost cut-offs (xdl_split). */
class Splitter {
  i1 = 0;
  i2 = 0;
  minLow = true;
  minHigh = true;

  constructor(
    private readonly ha1: Int32Array,
    private readonly ha2: Int32Array,
    private readonly kf: Int32Array,
    private readonly kb: Int32Array,
    private readonly base: number,
    private readonly maxCost: number,
  ) {}

  run(off1: number, lim1: number, off2: number, lim2: number, needMin: boolean): void {
    const { ha1, ha2, kf, kb, base } = this;
    const dmin = off1 - lim2;
    const dmax = lim1 - off2;
    const fmid = off1 - off2;
    const bmid = lim1 - lim2;
    const odd = ((fmid - bmid) & 1) !== 0;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    kf[base + fmid] = off1;
    kb[base + bmid] = lim1;
    for (let ec = 1; ; ec++) {
      let gotSnake = false;
      if (fmin > dmin) kf[base + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) kf[base + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = kf[base + d - 1]! >= kf[base + d + 1]! ? kf[base + d - 1]! + 1 : kf[base + d + 1]!;
        const prev1 = i1;
        let i2 = i1 - d;
        while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
          i1++;
          i2++;
        }
        if (i1 - prev1 > SNAKE_COUNT) gotSnake = true;
        kf[base + d] = i1;
        if (odd && bmin <= d && d <= bmax && kb[base + d]! <= i1) return this.found(i1, i2, true, true);
      }
      if (bmin > dmin) kb[base + --bmin - 1] = LINE_MAX;
      else ++bmin;
      if (bmax < dmax) kb[base + ++bmax + 1] = LINE_MAX;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = kb[base + d - 1]! < kb[base + d + 1]! ? kb[base + d - 1]! : kb[base + d + 1]! - 1;
        const prev1 = i1;
        let i2 = i1 - d;
        while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
          i1--;
          i2--;
        }
        if (prev1 - i1 > SNAKE_COUNT) gotSnake = true;
        kb[base + d] = i1;
        if (!odd && fmin <= d && d <= fmax && i1 <= kf[base + d]!) return this.found(i1, i2, true, true);
      }
      if (needMin) continue;

      if (gotSnake && ec > HEURISTIC_MIN_COST) {
        // a diagonal far from both corners, ending in a 20-line snake, is a good enough split
        let best = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          const dd = d > fmid ? d - fmid : fmid - d;
          const i1 = kf[base + d]!;
          const i2 = i1 - d;
          const v = i1 - off1 + (i2 - off2) - dd;
          if (v > HEURISTIC_FACTOR * ec && v > best && off1 + SNAKE_COUNT <= i1 && i1 < lim1 && off2 + SNAKE_COUNT <= i2 && i2 < lim2) {
            for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
              if (k === SNAKE_COUNT) {
                best = v;
                this.i1 = i1;
                this.i2 = i2;
                break;
              }
            }
          }
        }
        if (best > 0) return this.found(this.i1, this.i2, true, false);
        for (let d = bmax; d >= bmin; d -= 2) {
          const dd = d > bmid ? d - bmid : bmid - d;
          const i1 = kb[base + d]!;
          const i2 = i1 - d;
          const v = lim1 - i1 + (lim2 - i2) - dd;
          if (v > HEURISTIC_FACTOR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_COUNT && off2 < i2 && i2 <= lim2 - SNAKE_COUNT) {
            for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
              if (k === SNAKE_COUNT - 1) {
                best = v;
                this.i1 = i1;
                this.i2 = i2;
                break;
              }
            }
          }
        }
        if (best > 0) return this.found(this.i1, this.i2, false, true);
      }

      if (ec >= this.maxCost) {
        // too expensive: take the furthest-reaching diagonal of either direction
        let fbest = -1;
        let fbest1 = -1;
        for (let d = fmax; d >= fmin; d -= 2) {
          let i1 = Math.min(kf[base + d]!, lim1);
          let i2 = i1 - d;
          if (lim2 < i2) {
            i1 = lim2 + d;
            i2 = lim2;
          }
          if (fbest < i1 + i2) {
            fbest = i1 + i2;
            fbest1 = i1;
          }
        }
        let bbest = LINE_MAX;
        let bbest1 = LINE_MAX;
        for (let d = bmax; d >= bmin; d -= 2) {
          let i1 = Math.max(off1, kb[base + d]!);
          let i2 = i1 - d;
          if (i2 < off2) {
            i1 = off2 + d;
            i2 = off2;
          }
          if (i1 + i2 < bbest) {
            bbest = i1 + i2;
            bbest1 = i1;
          }
        }
        if (lim1 + lim2 - bbest < fbest - (off1 + off2)) return this.found(fbest1, fbest - fbest1, true, false);
        return this.found(bbest1, bbest - bbest1, false, true);
      }
    }
  }

  private found(i1: number, i2: number, minLow: boolean, minHigh: boolean): void {
    this.i1 = i1;
    this.i2 = i2;
    this.minLow = minLow;
    this.minHigh = minHigh;
  }
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
