import type { LineChange } from '../diff/diffLines';

/** A pair's changes, flattened (start1, count1, start2, count2 each), and the newer version's line count. */
export interface PreparedPair {
  readonly changes: Int32Array;
  readonly count: number;
}

export function preparedPair(changes: readonly LineChange[], count: number): PreparedPair {
  const flat = new Int32Array(changes.length * 4);
  changes.forEach((c, i) => flat.set([c.start1, c.count1, c.start2, c.count2], i * 4));
  return { changes: flat, count };
}

/** Where every line of the newer version came from in the older (-1: changed); the trimmed common tail maps one to one. */
export function lineMapOf(p: PreparedPair): Int32Array {
  const map = new Int32Array(p.count);
  let i1 = 0;
  let i2 = 0;
  for (let k = 0; k < p.changes.length; k += 4) {
    const [start1, count1, start2, count2] = [p.changes[k]!, p.changes[k + 1]!, p.changes[k + 2]!, p.changes[k + 3]!];
    while (i2 < start2) map[i2++] = i1++;
    for (let j = 0; j < count2; j++) map[i2++] = -1;
    i1 = start1 + count1;
  }
  while (i2 < p.count) map[i2++] = i1++;
  return map;
}

/** The older version's line count: the newer's, less what the changes added, plus what they removed. */
export function olderLineCount(p: PreparedPair): number {
  let n = p.count;
  for (let k = 0; k < p.changes.length; k += 4) n += p.changes[k + 1]! - p.changes[k + 3]!;
  return n;
}

/**
 * Passes a run of `n` lines of the newer version (from `here` on; `final` in the blamed version) through the pair:
 * the stretches the changes leave alone go to `passed` at their lines in the older version, the changed ones stay
 * in `kept` where they are. Changes are in order of the newer version (as diffs give them).
 */
export function splitRun(
  p: PreparedPair,
  final: number,
  here: number,
  n: number,
  passed: { push(final: number, here: number, n: number): void },
  kept: { push(final: number, here: number, n: number): void },
): void {
  const c = p.changes;
  const changes = c.length >> 2;
  // the first change not wholly before `here` (its end in the newer version past it)
  let lo = 0;
  let hi = changes;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid * 4 + 2]! + c[mid * 4 + 3]! > here) hi = mid;
    else lo = mid + 1;
  }
  let k = lo;
  while (n > 0) {
    if (k >= changes) {
      // after the last change: older lines follow its end
      const shift =
        changes > 0 ? c[(changes - 1) * 4]! + c[(changes - 1) * 4 + 1]! - (c[(changes - 1) * 4 + 2]! + c[(changes - 1) * 4 + 3]!) : 0;
      passed.push(final, here + shift, n);
      return;
    }
    const start2 = c[k * 4 + 2]!;
    const end2 = start2 + c[k * 4 + 3]!;
    if (here < start2) {
      // unchanged up to the change, which starts at the same place in both versions
      const take = Math.min(n, start2 - here);
      passed.push(final, here + (c[k * 4]! - start2), take);
      final += take;
      here += take;
      n -= take;
    } else {
      const take = Math.min(n, end2 - here);
      kept.push(final, here, take);
      final += take;
      here += take;
      n -= take;
      k++;
    }
    while (k < changes && c[k * 4 + 2]! + c[k * 4 + 3]! <= here) k++;
  }
}
