import { useMemo } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import type { TimelineSelection } from '../timeline/useTimelineSelection';

/**
 * Every C function the history touched, with how often and when last: pick one to see its own history, which is
 * `git log -L :fn:path`'s (the count of a picked function is then that history's).
 */
export function FunctionsView(p: {
  entries: readonly TimelineEntry[];
  functions: Readonly<Record<string, readonly string[]>> | null;
  history: TimelineSelection['functionHistory'];
  onPick: (fn: string) => void;
}) {
  const rows = useMemo(() => {
    if (!p.functions) return [];
    const m = new Map<string, { count: number; last: string; first: string }>();
    for (const e of p.entries) {
      for (const fn of p.functions[e.oid] ?? []) {
        const v = m.get(fn) ?? { count: 0, last: e.author.date, first: e.author.date };
        v.count++;
        if (e.author.date > v.last) v.last = e.author.date;
        if (e.author.date < v.first) v.first = e.author.date;
        m.set(fn, v);
      }
    }
    return [...m.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  }, [p.entries, p.functions]);
  if (!p.functions) return <div className="ledger muted">Finding which functions each commit changed…</div>;
  return (
    <div className="ledger">
      <table>
        <thead>
          <tr>
            <th>Function</th>
            <th title="Commits whose diff touched the function; a picked function shows its git log -L history's count">Commits</th>
            <th>First changed</th>
            <th>Last changed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([fn, v]) => (
            <tr key={fn}>
              <td>
                <button type="button" className="link" onClick={() => p.onPick(fn)}>
                  <code>{fn}</code>
                </button>
              </td>
              <td>
                {p.history?.fn === fn && p.history.source === 'lines' ? (
                  <span title={`git log -L ${p.history.regex ? `':${p.history.regex}:'` : `:${fn}:`} lists ${p.history.count} commits`}>
                    {p.history.count} (its lines' history)
                  </span>
                ) : (
                  v.count
                )}
              </td>
              <td>{v.first.slice(0, 10)}</td>
              <td>{v.last.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
