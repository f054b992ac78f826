import type { Progress } from '../../../shared/model';
import { useMemo } from 'react';
import { formatProgress, PhaseClock } from '../../../shared/formatProgress';

export function ProgressBar(props: { progress: Progress | null; startedAt: number; onCancel?: () => void; title: string }) {
  const p = props.progress;
  // an ETA is the phase's own: the job's start (startedAt) stands for the first phase's
  // (one a job: a new job on the same bar starts its own)
  const clock = useMemo(() => new PhaseClock(props.startedAt), [props.startedAt]);
  const pct = p?.total ? Math.min(100, (100 * p.loaded) / p.total) : null;
  return (
    <div className="progress" role="status" aria-live="polite">
      <div className="progress-title">{props.title}</div>
      <div
        className={`progress-track${pct === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== null ? { 'aria-valuenow': Math.round(pct) } : {})}
      >
        <div className="progress-fill" style={{ width: pct === null ? '30%' : `${pct}%` }} />
      </div>
      <div className="progress-text">{p ? formatProgress(p, clock.elapsed(p, Date.now())) : 'Starting…'}</div>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
