import { useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import { formatProgress, PhaseClock } from '../../../shared/formatProgress';
import type { Progress, Timeline } from '../../../shared/model';
import { errorOf } from '../client/messageClient';

/**
 * "Some versions not in this clone", and in a partial clone the way to fetch them from its promisor remote: the
 * fetch runs beside the timeline (progress, cancel), then the timeline is opened again with its counts.
 */
export function MissingVersionsNote(p: {
  client: StrataClient;
  timeline: Timeline;
  onError: (e: ErrorInfo) => void;
  /** The versions came: open the timeline again. */
  onFetched: () => void;
}) {
  const { timeline } = p;
  const [job, setJob] = useState<{ id: string; progress: Progress | null } | null>(null);
  const clock = useRef(new PhaseClock());
  const remote = timeline.stats.absentOn;
  const fetch = () => {
    clock.current = new PhaseClock(Date.now());
    let id = '';
    const call = p.client.call(
      'fetchMissingVersions',
      { dir: timeline.repo.dir, path: timeline.path, follow: timeline.follow, ...(timeline.rev ? { rev: timeline.rev } : {}) },
      (progress) => setJob((j) => (j && j.id === id ? { ...j, progress } : j)),
    );
    id = call.jobId;
    setJob({ id, progress: null });
    call.result.then(
      () => {
        setJob(null);
        p.onFetched();
      },
      (e: unknown) => {
        setJob(null);
        const error = errorOf(e);
        if (error.code !== 'Cancelled') p.onError(error);
      },
    );
  };
  return (
    <span className="missing-versions">
      <span className="found-note" role="status" data-testid="absent-note" title={timeline.stats.absent}>
        some versions not in this clone
      </span>
      {remote && !job ? (
        <button
          type="button"
          className="found-note"
          data-testid="fetch-missing"
          title={`Fetch the versions of ${timeline.path} this partial clone lacks from its remote "${remote}", then count them`}
          onClick={fetch}
        >
          fetch them from {remote}
        </button>
      ) : null}
      {job ? (
        <span className="found-note" role="status" data-testid="fetching-missing">
          {job.progress ? formatProgress(job.progress, clock.current.elapsed(job.progress, Date.now())) : `Asking ${remote}…`}{' '}
          <button type="button" onClick={() => void p.client.call('cancel', { jobId: job.id }).result.catch(() => undefined)}>
            Cancel
          </button>
        </span>
      ) : null}
    </span>
  );
}
