/** One change: `count1` lines of the first file from `start1` replaced by `count2` from `start2` (0-based). */
export interface LineChange {
  readonly start1: number;
  readonly count1: number;
  readonly start2: number;
  readonly count2: number;
}

/** The runs of changed lines (flags at index line+1 on both sides) as changes, in order. */
export function collectChanges(changed1: Uint8Array, n1: number, changed2: Uint8Array, n2: number): LineChange[] {
  const changes: LineChange[] = [];
  let i1 = 0;
  let i2 = 0;
  while (i1 < n1 || i2 < n2) {
    if (changed1[i1 + 1] || changed2[i2 + 1]) {
      const start1 = i1;
      const start2 = i2;
      while (changed1[i1 + 1]) i1++;
      while (changed2[i2 + 1]) i2++;
      changes.push({ start1, count1: i1 - start1, start2, count2: i2 - start2 });
    } else {
      i1++;
      i2++;
    }
  }
  return changes;
}
