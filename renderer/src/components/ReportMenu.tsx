import { useEffect, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import { formatProgress, PhaseClock } from '../../../shared/formatProgress';
import type { Progress, Timeline } from '../../../shared/model';
import type { TimelineFilter } from '../../../shared/timelineFilter';
import { timelineKeyOf } from '../../../shared/timelineKey';
import { errorOf } from '../client/messageClient';

/**
 * File → Export report: the filtered timeline in the chosen format, saved by the browser or the desktop; while it
 * is made, how far it is (reading, counting, printing a PDF's parts) and a way to stop it.
 */
export function ReportMenu(p: { client: StrataClient; timeline: Timeline; filter: TimelineFilter; onError: (e: ErrorInfo) => void }) {
  const [format, setFormat] = useState<'html' | 'md' | 'json' | 'csv' | 'pdf'>('html');
  const [job, setJob] = useState<{ id: string; progress: Progress | null } | null>(null);
  const clock = useRef(new PhaseClock());
  const busy = job !== null;
  const run = async () => {
    if (busy) return;
    clock.current = new PhaseClock(Date.now());
    let id = '';
    const call = p.client.call(
      'writeReport',
      { ...timelineKeyOf(p.timeline), ...(p.timeline.firstParent ? { firstParent: true } : {}), format, filter: p.filter },
      (progress: Progress) => setJob((j) => (j && j.id === id ? { ...j, progress } : j)),
    );
    id = call.jobId;
    setJob({ id, progress: null });
    try {
      const r = await call.result;
      const body = r.encoding === 'base64' ? base64Bytes(r.content) : r.content;
      const url = URL.createObjectURL(new Blob([body], { type: r.mime }));
      const link = document.createElement('a');
      link.href = url;
      link.download = r.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      const error = errorOf(e);
      if (error.code !== 'Cancelled') p.onError(error);
    } finally {
      setJob((j) => (j && j.id === id ? null : j));
    }
  };
  const cancel = () => {
    if (job) void p.client.call('cancel', { jobId: job.id }).result.catch(() => undefined);
  };
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onMenu = () => void runRef.current();
    window.addEventListener('strata:export-report', onMenu);
    return () => window.removeEventListener('strata:export-report', onMenu);
  }, []);
  return (
    <div className="report-menu">
      <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)} aria-label="Report format">
        <option value="html">HTML</option>
        <option value="md">Markdown</option>
        <option value="json">JSON</option>
        <option value="csv">CSV</option>
        <option value="pdf">PDF</option>
      </select>
      {job ? (
        // in the button's place, short (the tool bar keeps its rows at 1024 px); the whole line in its tooltip
        <span
          className="report-progress"
          role="status"
          data-testid="report-progress"
          title={job.progress ? formatProgress(job.progress, clock.current.elapsed(job.progress, Date.now())) : 'Starting…'}
        >
          <span className="report-progress-text">{job.progress ? shortProgress(job.progress) : 'Exporting…'}</span>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => void run()}>
          Export report
        </button>
      )}
    </div>
  );
}

/** "Printing the PDF 3/6", "Counting lines 40%": the phase and how far, without the ETA. */
function shortProgress(p: Progress): string {
  if (!p.total) return `${p.phase}…`;
  return p.total <= 20 ? `${p.phase} ${p.loaded}/${p.total}` : `${p.phase} ${Math.floor((100 * p.loaded) / p.total)}%`;
}

/** Base64 as bytes, in a plain loop: Uint8Array.from with a function per character held the page 2 s for a 10 MB PDF. */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
