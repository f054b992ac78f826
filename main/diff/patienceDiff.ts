import { myersDiff } from './myersDiff';

const NON_UNIQUE = -1;

interface Unique {
  line1: number;
  /** 0: not in the second range yet; NON_UNIQUE: more than once in either range. */
  line2: number;
  previous: Unique | null;
  next: Unique | null;
}

/**
 * git's patience diff (xpatience.c's behaviour): lines found exactly once in each range anchor the
 * diff through their longest common sequence, the common lines around each anchor are grown, and the
 * ranges between are diffed again the same way; a range without such lines goes to the myers diff.
 * Line numbers are 1-based here as in git; `changed` flags sit at line (index line-1+1).
 */
export function patienceDiff(ha1: Int32Array, ha2: Int32Array, changed1: Uint8Array, changed2: Uint8Array): void {
  const ranges: number[] = [1, ha1.length, 1, ha2.length];
  const same = (l1: number, l2: number) => ha1[l1 - 1] === ha2[l2 - 1];
  while (ranges.length) {
    const count2 = ranges.pop()!;
    const line2 = ranges.pop()!;
    const count1 = ranges.pop()!;
    const line1 = ranges.pop()!;
    if (count1 === 0 || count2 === 0) {
      for (let i = 0; i < count1; i++) changed1[line1 + i] = 1;
      for (let i = 0; i < count2; i++) changed2[line2 + i] = 1;
      continue;
    }
    const byClass = new Map<number, Unique>();
    const order: Unique[] = [];
    for (let l = line1; l < line1 + count1; l++) {
      const known = byClass.get(ha1[l - 1]!);
      if (known) known.line2 = NON_UNIQUE;
      else {
        const u: Unique = { line1: l, line2: 0, previous: null, next: null };
        byClass.set(ha1[l - 1]!, u);
        order.push(u);
      }
    }
    let matches = false;
    for (let l = line2; l < line2 + count2; l++) {
      const known = byClass.get(ha2[l - 1]!);
      if (!known) continue;
      matches = true;
      known.line2 = known.line2 !== 0 ? NON_UNIQUE : l;
    }
    if (!matches) {
      for (let i = 0; i < count1; i++) changed1[line1 + i] = 1;
      for (let i = 0; i < count2; i++) changed2[line2 + i] = 1;
      continue;
    }
    // longest sequence of unique pairs increasing in both files (patience sorting)
    const piles: Unique[] = [];
    for (const u of order) {
      if (u.line2 === 0 || u.line2 === NON_UNIQUE) continue;
      let left = -1;
      let right = piles.length;
      while (left + 1 < right) {
        const middle = left + ((right - left) >> 1);
        if (piles[middle]!.line2 > u.line2) right = middle;
        else left = middle;
      }
      u.previous = left < 0 ? null : piles[left]!;
      piles[left + 1] = u;
    }
    if (piles.length === 0) {
      const sub1 = new Uint8Array(count1);
      const sub2 = new Uint8Array(count2);
      myersDiff(ha1.subarray(line1 - 1, line1 - 1 + count1), ha2.subarray(line2 - 1, line2 - 1 + count2), false, sub1, sub2);
      changed1.set(sub1, line1);
      changed2.set(sub2, line2);
      continue;
    }
    let first: Unique | null = piles[piles.length - 1]!;
    first.next = null;
    while (first.previous) {
      first.previous.next = first;
      first = first.previous;
    }
    // walk the anchors: grow common lines around each, queue the ranges between
    const end1 = line1 + count1;
    const end2 = line2 + count2;
    let l1 = line1;
    let l2 = line2;
    for (;;) {
      let next1: number;
      let next2: number;
      if (first) {
        next1 = first.line1;
        next2 = first.line2;
        while (next1 > l1 && next2 > l2 && same(next1 - 1, next2 - 1)) {
          next1--;
          next2--;
        }
      } else {
        next1 = end1;
        next2 = end2;
      }
      while (l1 < next1 && l2 < next2 && same(l1, l2)) {
        l1++;
        l2++;
      }
      if (next1 > l1 || next2 > l2) ranges.push(l1, next1 - l1, l2, next2 - l2);
      if (!first) break;
      while (first.next && first.next.line1 === first.line1 + 1 && first.next.line2 === first.line2 + 1) first = first.next;
      l1 = first.line1 + 1;
      l2 = first.line2 + 1;
      first = first.next;
    }
  }
}
