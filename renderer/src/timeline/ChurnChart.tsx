import { useMemo, memo } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import { xOf, type Domain } from './timeScale';
import { commitMonth, commitTime } from './commitTimes';

/**
 * Lines added and deleted per month for the commits shown, as bars (additions up, deletions down; heights by the
 * square root of the lines, exact in each bar's title), each month where the time axis above has it: with a
 * `domain` (the axis's span on screen) the chart follows its zoom and shows only the commits in it; without one it
 * spans the months of the commits. Months go by the committer date, in UTC, as the axis places commits and draws
 * its month ticks.
 */
/** Memoized: a new selection (j/k) leaves the chart as it is. */
export const ChurnChart = memo(function ChurnChart(p: { entries: readonly TimelineEntry[]; domain?: Domain | null }) {
  const months = useMemo(() => {
    const m = new Map<number, { add: number; del: number; commits: number }>();
    const d = p.domain;
    for (const e of p.entries) {
      const t = commitTime(e);
      if (d && (t < d.start || t > d.end)) continue;
      const key = commitMonth(e);
      const v = m.get(key) ?? { add: 0, del: 0, commits: 0 };
      v.add += e.additions ?? 0;
      v.del += e.deletions ?? 0;
      v.commits++;
      m.set(key, v);
    }
    return [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([key, v]) => {
        const year = Math.floor(key / 12);
        const month = key % 12;
        return {
          month: `${year}-${String(month + 1).padStart(2, '0')}`,
          start: Date.UTC(year, month, 1),
          end: Date.UTC(year, month + 1, 1),
          ...v,
        };
      });
  }, [p.entries, p.domain]);
  if (months.length === 0)
    // the same height with nothing in it: the layout below does not move when a filter matches nothing
    return (
      <div className="churn" aria-label="Lines changed per month">
        <svg width="100%" height="44" />
        <span className="churn-label">churn per month · no commit shown</span>
      </div>
    );
  const max = Math.max(1, ...months.map((m) => Math.max(m.add, m.del)));
  // heights by the square root: the month a file was written (thousands of lines) leaves the others readable
  const height = (lines: number) => 19 * Math.sqrt(lines / max);
  const span = p.domain ?? { start: months[0]!.start, end: months[months.length - 1]!.end };
  const clamp = (x: number) => Math.max(0, Math.min(100, x));
  return (
    <div className="churn" aria-label="Lines changed per month">
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" width="100%" height="44">
        <line x1="0" x2="100" y1="20" y2="20" className="churn-axis" />
        {months.map((m) => {
          const x1 = clamp(xOf(m.start, span, 100));
          const x2 = clamp(xOf(m.end, span, 100));
          const x = x1 + (x2 - x1) * 0.05;
          const width = Math.max((x2 - x1) * 0.9, 0.15);
          return (
            <g key={m.month}>
              <title>{`${m.month}: +${m.add} −${m.del} in ${m.commits} commit${m.commits === 1 ? '' : 's'}`}</title>
              {m.add > 0 && <rect className="churn-add" x={x} width={width} y={20 - height(m.add)} height={height(m.add)} />}
              {m.del > 0 && <rect className="churn-del" x={x} width={width} y={20} height={height(m.del)} />}
            </g>
          );
        })}
      </svg>
      <span className="churn-label">
        churn per month · {months[0]!.month} – {months[months.length - 1]!.month}
      </span>
    </div>
  );
});
