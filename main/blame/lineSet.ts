/**
 * Lines on their way through a blame, as runs: `len` lines from `final` in the blamed version, at `here` on in the
 * version at hand (0-based), kept flat as (final, here, len) triples. A blame moves its lines through every
 * version it passes, and lines travel in blocks: a run is split only where a diff cuts it, so a step costs its
 * runs and the diff's changes, not the file's lines (git's blame_entry ranges). Small integers in a plain array:
 * a blame makes a few sets per version, and typed arrays cost more to make than these runs to fill.
 */
export class LineSet {
  /**
   * `joins`: a run pushed where the last one ends (in both versions) lengthens it. git keeps such blocks apart
   * (its entries are cut where diffs cut them), and where only lines are asked for that changes nothing; blame -M
   * diffs each block as a whole, so it keeps them apart too.
   */
  constructor(readonly joins = true) {}
  /** (final, here, len) per run. */
  private data: number[] = [];
  /** Lines in all runs. */
  length = 0;
  /** Whether the runs are known to be ordered by `here` (see finalAt). */
  private ordered = false;

  get runs(): number {
    return this.data.length / 3;
  }
  finalOf(run: number): number {
    return this.data[run * 3]!;
  }
  hereOf(run: number): number {
    return this.data[run * 3 + 1]!;
  }
  lenOf(run: number): number {
    return this.data[run * 3 + 2]!;
  }

  /** Lines 0 … n-1, each where it is. */
  static identity(n: number): LineSet {
    const s = new LineSet();
    s.push(0, 0, n);
    return s;
  }

  /** The set of the runs `flat` gives, as (final, here, len) triples. */
  static ofRuns(flat: ArrayLike<number>, joins = true): LineSet {
    const s = new LineSet(joins);
    // (a loop: Array.from over a typed array costs several times more)
    const d = new Array<number>(flat.length);
    for (let i = 0; i < flat.length; i++) d[i] = flat[i]!;
    for (let i = 2; i < d.length; i += 3) s.length += d[i]!;
    s.data = d;
    return s;
  }

  /** The runs, as (final, here, len) triples, in order of `here` (put in order once, when first asked). */
  flat(): readonly number[] {
    if (!this.ordered) this.order();
    return this.data;
  }

  /** The runs, as (final, here, len) triples, in the order they are held. */
  unordered(): readonly number[] {
    return this.data;
  }

  /**
   * Each stretch of these lines that `known` (runs as `flat` gives them: in order of `here`) holds (by line here): `found(final, knownFinal, n)`, `n` lines
   * from `final` here and `knownFinal` in `known`; the lines it does not hold go to `open`, in this set's order.
   * Run against run: a blame settles thousands of lines a version this way, where line by line cost a search each.
   */
  settle(known: ArrayLike<number>, found: (final: number, knownFinal: number, n: number) => void, open: LineSet): void {
    const d = this.data;
    const k = known;
    const runs = k.length / 3;
    // where these runs are in order too (most often: a diff keeps lines in order), the known runs are walked once
    let from = 0;
    let lastHere = -1;
    for (let i = 0; i < d.length; i += 3) {
      let f = d[i]!;
      let h = d[i + 1]!;
      let n = d[i + 2]!;
      // the first known run not wholly before h: on from the last where these are in order, else searched
      let lo = 0;
      if (h >= lastHere) {
        lo = from;
        while (lo < runs && k[lo * 3 + 1]! + k[lo * 3 + 2]! <= h) lo++;
      } else {
        let hi = runs;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (k[mid * 3 + 1]! + k[mid * 3 + 2]! > h) hi = mid;
          else lo = mid + 1;
        }
      }
      from = lo;
      lastHere = h;
      for (let r = lo; n > 0 && r < runs; r++) {
        const kh = k[r * 3 + 1]!;
        if (kh >= h + n) break;
        if (kh > h) {
          const gap = kh - h;
          open.push(f, h, gap);
          f += gap;
          h += gap;
          n -= gap;
        }
        const take = Math.min(n, kh + k[r * 3 + 2]! - h);
        found(f, k[r * 3]! + (h - kh), take);
        f += take;
        h += take;
        n -= take;
      }
      if (n > 0) open.push(f, h, n);
    }
  }

  /** `n` lines from `final`, at `here` on; joined to the last run where they continue it. */
  push(final: number, here: number, n = 1): void {
    if (n <= 0) return;
    this.length += n;
    this.ordered = false;
    const d = this.data;
    const last = d.length - 3;
    if (this.joins && last >= 0 && d[last]! + d[last + 2]! === final && d[last + 1]! + d[last + 2]! === here) {
      d[last + 2]! += n;
      return;
    }
    d.push(final, here, n);
  }

  pushAll(other: LineSet): void {
    const o = other.data;
    for (let i = 0; i < o.length; i += 3) this.push(o[i]!, o[i + 1]!, o[i + 2]!);
  }

  copy(): LineSet {
    const s = new LineSet(this.joins);
    s.data = this.data.slice();
    s.length = this.length;
    return s;
  }

  /** Each line: its line in the blamed version and where it is here. */
  forEachLine(fn: (final: number, here: number) => void): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += 3) {
      const f = d[i]!;
      const h = d[i + 1]!;
      for (let k = 0, n = d[i + 2]!; k < n; k++) fn(f + k, h + k);
    }
  }

  /** The blamed-version line of the line here, -1 where no run holds it (the runs are put in order of `here` first). */
  finalAt(here: number): number {
    if (!this.ordered) this.order();
    const d = this.data;
    let lo = 0;
    let hi = d.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = d[mid * 3 + 1]!;
      if (here < h) hi = mid - 1;
      else if (here >= h + d[mid * 3 + 2]!) lo = mid + 1;
      else return d[mid * 3]! + (here - h);
    }
    return -1;
  }

  private order(): void {
    const d = this.data;
    let sorted = true;
    for (let i = 4; i < d.length && sorted; i += 3) sorted = d[i - 3]! <= d[i]!;
    if (!sorted) this.data = orderedRuns(d);
    this.ordered = true;
  }
}

/**
 * Runs (final, here, len) in order of `here`, where no two hold the same line: each run as one number, its `here`
 * above its index (exact below 2^53: 2^29 lines, 2^24 runs), sorted as numbers by the typed array's own sort (a
 * comparator over indexes cost 30 times more: 1.3 s of a blame of git.git's Makefile).
 */
export function orderedRuns(d: ArrayLike<number>): number[] {
  const runs = d.length / 3;
  const index = (k: number, r: number) => {
    out[k * 3] = d[r * 3]!;
    out[k * 3 + 1] = d[r * 3 + 1]!;
    out[k * 3 + 2] = d[r * 3 + 2]!;
  };
  const out = new Array<number>(d.length);
  if (runs >= SPAN) {
    Array.from({ length: runs }, (_, r) => r)
      .sort((a, b) => d[a * 3 + 1]! - d[b * 3 + 1]!)
      .forEach((r, k) => index(k, r));
    return out;
  }
  const keys = new Float64Array(runs);
  for (let r = 0; r < runs; r++) keys[r] = d[r * 3 + 1]! * SPAN + r;
  keys.sort();
  for (let k = 0; k < runs; k++) index(k, keys[k]! % SPAN);
  return out;
}

const SPAN = 1 << 24;
