import { useMemo, memo } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import type { Domain } from './timeScale';

/**
 * Lines added and deleted per month for the commits shown, as bars (additions up, deletions down); with a `domain`,
 * only the months of the time axis's span on screen (the chart follows its zoom).
 */
/** Memoized: a new selection (j/k) leaves the chart as it is. */
export const ChurnChart = memo(function ChurnChart(p: { entries: readonly TimelineEntry[]; domain?: Domain | null }) {
  const months = useMemo(() => {
    const m = new Map<string, { add: number; del: number; commits: number }>();
    const d = p.domain;
    for (const e of p.entries) {
      if (d) {
        const t = Date.parse(e.committer.date);
        if (t < d.start || t > d.end) continue;
      }
      const key = e.author.date.slice(0, 7);
      const v = m.get(key) ?? { add: 0, del: 0, commits: 0 };
      v.add += e.additions ?? 0;
      v.del += e.deletions ?? 0;
      v.commits++;
      m.set(key, v);
    }
    const keys = [...m.keys()].sort();
    if (keys.length === 0) return [];
    const out: { month: string; add: number; del: number; commits: number }[] = [];
    let [y, mo] = keys[0]!.split('-').map(Number) as [number, number];
    const last = keys[keys.length - 1]!;
    for (let guard = 0; guard < 1200; guard++) {
      const key = `${y}-${String(mo).padStart(2, '0')}`;
      out.push({ month: key, ...(m.get(key) ?? { add: 0, del: 0, commits: 0 }) });
      if (key === last) break;
      mo++;
      if (mo > 12) {
        mo = 1;
        y++;
      }
    }
    return out;
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
  const w = 100 / months.length;
  return (
    <div className="churn" aria-label="Lines changed per month">
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" width="100%" height="44">
        <line x1="0" x2="100" y1="20" y2="20" className="churn-axis" />
        {months.map((m, i) => (
          <g key={m.month}>
            <title>{`${m.month}: +${m.add} −${m.del} in ${m.commits} commit${m.commits === 1 ? '' : 's'}`}</title>
            {m.add > 0 && (
              <rect
                className="churn-add"
                x={i * w}
                width={Math.max(w * 0.8, 0.15)}
                y={20 - (19 * m.add) / max}
                height={(19 * m.add) / max}
              />
            )}
            {m.del > 0 && <rect className="churn-del" x={i * w} width={Math.max(w * 0.8, 0.15)} y={20} height={(19 * m.del) / max} />}
          </g>
        ))}
      </svg>
      <span className="churn-label">
        churn per month · {months[0]!.month} – {months[months.length - 1]!.month}
      </span>
    </div>
  );
});
