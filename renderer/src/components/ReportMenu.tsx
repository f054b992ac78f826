import { useEffect, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model';
import type { TimelineFilter } from '../../../shared/timelineFilter';
import { timelineKeyOf } from '../../../shared/timelineKey';
import { ApiError } from '../client/messageClient';

/** File → Export report: the filtered timeline in the chosen format, saved by the browser or the desktop. */
export function ReportMenu(p: { client: StrataClient; timeline: Timeline; filter: TimelineFilter; onError: (e: ErrorInfo) => void }) {
  const [format, setFormat] = useState<'html' | 'md' | 'json' | 'csv' | 'pdf'>('html');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const r = await p.client.call('writeReport', { ...timelineKeyOf(p.timeline), format, filter: p.filter }).result;
      const body = r.encoding === 'base64' ? Uint8Array.from(atob(r.content), (c) => c.charCodeAt(0)) : r.content;
      const url = URL.createObjectURL(new Blob([body], { type: r.mime }));
      const link = document.createElement('a');
      link.href = url;
      link.download = r.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      p.onError(e instanceof ApiError ? e.info : { code: 'Internal', message: String(e) });
    } finally {
      setBusy(false);
    }
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
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Exporting…' : 'Export report'}
      </button>
    </div>
  );
}
