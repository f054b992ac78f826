import type { TimelineEntry } from '../../../shared/model';

/**
 * A commit's time and month, worked out once per entry: a filter makes a new list at every key, of the same entry
 * objects, and the axis and the chart read the time of each (10,000 dates parsed again per key cost more than the
 * filtering itself).
 */
const times = new WeakMap<TimelineEntry, number>();
const months = new WeakMap<TimelineEntry, number>();

/** The committer date, in milliseconds since the epoch. */
export function commitTime(e: TimelineEntry): number {
  let t = times.get(e);
  if (t === undefined) times.set(e, (t = Date.parse(e.committer.date)));
  return t;
}

/** The committer date's month in UTC, counted from year 0 (year * 12 + month). */
export function commitMonth(e: TimelineEntry): number {
  let m = months.get(e);
  if (m === undefined) {
    const at = new Date(commitTime(e));
    months.set(e, (m = at.getUTCFullYear() * 12 + at.getUTCMonth()));
  }
  return m;
}

/** The earliest and latest of the times, NaN for none (a loop: spreading 100,000 arguments overflows the stack). */
export function timeRange(ts: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const t of ts) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}
