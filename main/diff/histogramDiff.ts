import { myersDiff } from './myersDiff';

const MAX_CHAIN = 64;

/**
 * git's histogram diff (xhistogram.c's behaviour): in each range, the common region built around the
 * line of the first file that occurs least often (at most 64 times) is kept, and the ranges before and
 * after it are diffed again; a range whose common lines are all too frequent goes to the myers diff.
 * Line numbers are 1-based as in git; `changed` flags sit at index line.
 */
export function histogramDiff(ha1: Int32Array, ha2: Int32Array, changed1: Uint8Array, changed2: Uint8Array): void {
  const next = new Int32Array(ha1.length + 1); // next occurrence of the same line in the first range, 0: none
  const countAt = new Int32Array(ha1.length + 1); // occurrences in the first range of the class of each line
  const same = (l1: number, l2: number) => ha1[l1 - 1] === ha2[l2 - 1];
  const ranges: number[] = [1, ha1.length, 1, ha2.length];
  while (ranges.length) {
    let count2 = ranges.pop()!;
    let line2 = ranges.pop()!;
    let count1 = ranges.pop()!;
    let line1 = ranges.pop()!;
    for (;;) {
      if (count1 <= 0 && count2 <= 0) break;
      if (count1 === 0 || count2 === 0) {
        for (let i = 0; i < count1; i++) changed1[line1 + i] = 1;
        for (let i = 0; i < count2; i++) changed2[line2 + i] = 1;
        break;
      }
      const end1 = line1 + count1 - 1;
      const end2 = line2 + count2 - 1;
      // first occurrence and count of each class in the first range
      const firstOf = new Map<number, { ptr: number; cnt: number }>();
      for (let p = end1; p >= line1; p--) {
        const c = ha1[p - 1]!;
        const rec = firstOf.get(c);
        if (rec) {
          next[p] = rec.ptr;
          rec.ptr = p;
          rec.cnt++;
        } else {
          next[p] = 0;
          firstOf.set(c, { ptr: p, cnt: 1 });
        }
      }
      for (let p = line1; p <= end1; p++) countAt[p] = firstOf.get(ha1[p - 1]!)!.cnt;
      let bestCount = MAX_CHAIN + 1;
      let hasCommon = false;
      let begin1 = 0;
      let finish1 = 0;
      let begin2 = 0;
      let finish2 = 0;
      for (let b = line2; b <= end2;) {
        let bNext = b + 1;
        const rec = firstOf.get(ha2[b - 1]!);
        if (rec) {
          hasCommon = true;
          if (rec.cnt <= bestCount) {
            let as = rec.ptr;
            for (;;) {
              let np = next[as]!;
              let bs = b;
              let ae = as;
              let be = bs;
              let rc = rec.cnt;
              while (line1 < as && line2 < bs && same(as - 1, bs - 1)) {
                as--;
                bs--;
                if (1 < rc) rc = Math.min(rc, countAt[as]!);
              }
              while (ae < end1 && be < end2 && same(ae + 1, be + 1)) {
                ae++;
                be++;
                if (1 < rc) rc = Math.min(rc, countAt[ae]!);
              }
              if (bNext <= be) bNext = be + 1;
              if (finish1 - begin1 < ae - as || rc < bestCount) {
                begin1 = as;
                begin2 = bs;
                finish1 = ae;
                finish2 = be;
                bestCount = rc;
              }
              if (np === 0) break;
              while (np !== 0 && np <= ae) np = next[np]!;
              if (np === 0) break;
              as = np;
            }
          }
        }
        b = bNext;
      }
      if (hasCommon && MAX_CHAIN < bestCount) {
        const sub1 = new Uint8Array(count1);
        const sub2 = new Uint8Array(count2);
        myersDiff(ha1.subarray(line1 - 1, end1), ha2.subarray(line2 - 1, end2), false, sub1, sub2);
        changed1.set(sub1, line1);
        changed2.set(sub2, line2);
        break;
      }
      if (begin1 === 0 && begin2 === 0) {
        for (let i = 0; i < count1; i++) changed1[line1 + i] = 1;
        for (let i = 0; i < count2; i++) changed2[line2 + i] = 1;
        break;
      }
      ranges.push(line1, begin1 - line1, line2, begin2 - line2);
      count1 = end1 - finish1;
      line1 = finish1 + 1;
      count2 = end2 - finish2;
      line2 = finish2 + 1;
    }
  }
}
