import type { Progress } from '../../../shared/model';
import type { BackgroundWork } from '../timeline/useTimelineFacts';

/** "40%" of a background analysis under way, for its tab's title ('' when it is not running or has no total). */
export function workPercent(work: BackgroundWork<unknown>): string {
  const p: Progress | null = work.progress;
  return work.loading && p?.total ? `${Math.floor((100 * p.loaded) / p.total)}%` : '';
}

/** Above a tab's partial results: how far the analysis is (and why it waits: in line, or asleep beside a job asked for), and Stop. */
export function WorkStatus(p: { work: BackgroundWork<unknown>; what: string }) {
  if (!p.work.loading) return null;
  const pr = p.work.progress;
  return (
    <div className="work-status muted" role="status">
      {p.what}
      {pr?.total ? ` · ${pr.loaded} of ${pr.total} commits (${workPercent(p.work)})` : '…'}
      {p.work.soFar !== null && ' · the table fills in as they are read'}
      {pr?.message && ` · ${pr.message}`}{' '}
      <button type="button" className="link" onClick={p.work.cancel}>
        Stop
      </button>
    </div>
  );
}
