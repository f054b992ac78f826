/**
 * Sets of line ranges as `git log -L` keeps them: half-open [start, end) with 0-based lines, sorted,
 * non-empty and neither overlapping nor touching. The operations follow git's documented line-log
 * behaviour, including its edge cases (a deletion exactly at a range's edge does not touch it).
 */
export interface LineRange {
  start: number;
  end: number;
}

/** A diff as two parallel lists: hunk i replaced parent[i] by target[i]. */
export interface RangeDiff {
  readonly parent: LineRange[];
  readonly target: LineRange[];
}

/** Sorts and merges ranges given by a user (overlapping and adjacent ones become one, empty ones go). */
export function normalizeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: LineRange[] = [];
  for (const r of sorted) {
    if (r.start === r.end) continue;
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The union of two sets, in canonical form. */
export function unionRanges(a: readonly LineRange[], b: readonly LineRange[]): LineRange[] {
  return normalizeRanges([...a, ...b]);
}

/** `a` without the lines of `b`. */
export function subtractRanges(a: readonly LineRange[], b: readonly LineRange[]): LineRange[] {
  const out: LineRange[] = [];
  let j = 0;
  for (const r of a) {
    let start = r.start;
    const end = r.end;
    while (start < end) {
      while (j < b.length && start >= b[j]!.end) j++;
      const cut = b[j];
      if (!cut || end <= cut.start) {
        out.push({ start, end });
        break;
      }
      if (start < cut.start) out.push({ start, end: cut.start });
      start = cut.end;
    }
  }
  return out;
}

const overlaps = (a: LineRange, b: LineRange) => !(a.end <= b.start || b.end <= a.start);

/** The hunks of a diff whose target side overlaps one of the ranges (what the commit is to blame for). */
export function touchedHunks(diff: RangeDiff, ranges: readonly LineRange[]): RangeDiff {
  const out: RangeDiff = { parent: [], target: [] };
  let j = 0;
  if (ranges.length === 0) return out;
  for (let i = 0; i < diff.target.length; i++) {
    const t = diff.target[i]!;
    while (t.start > ranges[j]!.end) {
      j++;
      if (j === ranges.length) return out;
    }
    if (overlaps(t, ranges[j]!)) {
      out.parent.push(diff.parent[i]!);
      out.target.push(t);
    }
  }
  return out;
}

/** Moves ranges of untouched lines to where they sit in the parent: each by the size change of all hunks before its start. */
function shiftAcross(ranges: readonly LineRange[], diff: RangeDiff): LineRange[] {
  const out: LineRange[] = [];
  let j = 0;
  let offset = 0;
  for (const r of ranges) {
    while (j < diff.target.length && r.start >= diff.target[j]!.start) {
      const p = diff.parent[j]!;
      const t = diff.target[j]!;
      offset += p.end - p.start - (t.end - t.start);
      j++;
    }
    out.push({ start: r.start + offset, end: r.end + offset });
  }
  return out;
}

/**
 * The ranges seen from the parent: the lines the commit changed are replaced by the parent's side of
 * those hunks, the others are moved across the diff. Also returns the hunks that touched the ranges.
 */
export function mapAcrossDiff(ranges: readonly LineRange[], diff: RangeDiff): { parentRanges: LineRange[]; touched: RangeDiff } {
  const touched = touchedHunks(diff, ranges);
  const kept = subtractRanges(ranges, touched.target);
  return { parentRanges: unionRanges(shiftAcross(kept, diff), touched.parent), touched };
}
