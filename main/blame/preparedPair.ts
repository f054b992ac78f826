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
