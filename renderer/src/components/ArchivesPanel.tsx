import { useEffect, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ArchiveSummary } from '../../../shared/discussion';
import type { ErrorInfo } from '../../../shared/errors';
import type { Progress } from '../../../shared/model';
import { errorOf } from '../client/messageClient';
import { ErrorBanner } from './ErrorBanner';
import { ProgressBar } from './ProgressBar';

const KIND: Record<ArchiveSummary['kind'], string> = {
  v2: 'public-inbox v2 inbox',
  epoch: 'public-inbox epoch',
  v1: 'public-inbox v1 inbox',
  mbox: 'mbox file',
};

/** Messages an archive has whose bytes its copy here lacks: why, and what brings them. */
function absentText(n: number): string {
  return (
    `${n} message${n === 1 ? ' is' : 's are'} not in this copy of the archive (a partial clone, git clone --filter, leaves them out; ` +
    'otherwise the copy is damaged) and not indexed: clone the archive whole, or attach its address, then Fetch new messages.'
  );
}

interface Job {
  readonly title: string;
  readonly jobId: string;
  readonly startedAt: number;
}

/**
 * The mailing-list archives attached to one repository: the list with "Fetch new messages", and a source to
 * attach (an inbox folder, an epoch, a v1 inbox, an mbox file, an http(s) address). Attaching clones and indexes
 * with progress and Cancel; a cancelled attach leaves nothing attached. Once attached, an archive is read offline.
 */
export function ArchivesPanel(p: {
  client: StrataClient;
  /** The repository's folder; empty: none given yet. */
  dir: string;
  /** Told after an archive was attached or fetched (the discussion is read again). */
  onChanged?: () => void;
  autoFocus?: boolean;
}) {
  const { client, dir } = p;
  const [source, setSource] = useState('');
  const [list, setList] = useState<readonly ArchiveSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sourceRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!dir) {
      setList(null);
      setListError(null);
      return;
    }
    let cancelled = false;
    // the start screen's folder is typed: ask once the typing pauses
    const timer = setTimeout(() => {
      client.call('listArchives', { dir }).result.then(
        (l) => {
          if (cancelled) return;
          setList(l);
          setListError(null);
        },
        (e: unknown) => {
          if (cancelled) return;
          setList(null);
          setListError(errorOf(e).message);
        },
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, dir, generation]);

  useEffect(() => {
    const focus = () => sourceRef.current?.focus();
    window.addEventListener('strata:archives-focus', focus);
    return () => window.removeEventListener('strata:archives-focus', focus);
  }, []);

  const run = async <M extends 'addArchive' | 'fetchArchives'>(method: M, title: string, params: { dir: string; source?: string }) => {
    setError(null);
    setDone(null);
    setProgress(null);
    const started =
      method === 'addArchive'
        ? client.call('addArchive', { dir: params.dir, source: params.source ?? '' }, setProgress)
        : client.call('fetchArchives', { dir: params.dir }, setProgress);
    setJob({ title, jobId: started.jobId, startedAt: Date.now() });
    try {
      const r = await started.result;
      const summaries: readonly ArchiveSummary[] = Array.isArray(r) ? r : [r];
      const added = summaries.reduce((n, s) => n + s.added, 0);
      const absent = summaries.reduce((n, s) => n + s.absent, 0);
      setDone(
        (method === 'addArchive'
          ? `Attached: ${summaries[0]!.messages} messages indexed.`
          : `${added} new message${added === 1 ? '' : 's'} indexed.`) + (absent ? ` ${absentText(absent)}` : ''),
      );
      if (method === 'addArchive') setSource('');
      p.onChanged?.();
    } catch (e) {
      const info = errorOf(e);
      if (info.code === 'Cancelled') setDone(method === 'addArchive' ? 'Cancelled: nothing was attached.' : 'Cancelled.');
      else setError(info);
    } finally {
      setJob(null);
      setGeneration((g) => g + 1);
    }
  };

  const browse = async () => {
    const r = await client.call('pickDirectory', { title: 'A public-inbox archive folder' }).result;
    if (r.dir) setSource(r.dir);
  };

  return (
    <div className="archives-panel">
      {!dir ? (
        <p className="muted">Give the repository folder above to see and attach its archives.</p>
      ) : listError ? (
        <p className="muted">{listError}</p>
      ) : list === null ? (
        <p className="muted">Reading the attached archives…</p>
      ) : list.length === 0 ? (
        <p className="muted">No archive attached to this repository yet.</p>
      ) : (
        <ul className="archives-list" aria-label="Attached archives">
          {list.map((a) => (
            <li key={a.source}>
              <code>{a.source}</code>{' '}
              <span className="muted">
                {KIND[a.kind]} · {a.messages} messages
                {a.absent ? <span title={absentText(a.absent)}> · {a.absent} not in this copy</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (dir && source.trim() && !job) void run('addArchive', `Attaching ${source.trim()}`, { dir, source: source.trim() });
        }}
      >
        <label>
          Archive: public-inbox folder, epoch (git/N.git), v1 inbox, mbox file, or http(s) address
          <span className="row">
            <input
              ref={sourceRef}
              name="archiveSource"
              value={source}
              onChange={(e) => setSource(e.target.value)}
              placeholder="https://lore.kernel.org/linux-mm/"
              autoFocus={p.autoFocus}
              disabled={!dir}
            />
            {client.kind === 'electron' && (
              <button type="button" onClick={() => void browse()} disabled={!dir}>
                Browse…
              </button>
            )}
          </span>
        </label>
        <span className="row">
          <button type="submit" disabled={!dir || !source.trim() || job !== null}>
            Attach archive
          </button>
          <button
            type="button"
            disabled={!dir || !list?.length || job !== null}
            onClick={() => void run('fetchArchives', 'Fetching new messages', { dir })}
          >
            Fetch new messages
          </button>
        </span>
      </form>
      {job && (
        <ProgressBar
          title={job.title}
          progress={progress}
          startedAt={job.startedAt}
          onCancel={() => void client.call('cancel', { jobId: job.jobId }).result}
        />
      )}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {done && (
        <p className="archives-done" role="status">
          {done}
        </p>
      )}
    </div>
  );
}

/** The panel over the timeline screen (the toolbar's Archives button, the menu, the Discussion tab). */
export function ArchivesDialog(p: { client: StrataClient; dir: string; onChanged: () => void; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') p.onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [p]);
  return (
    // data-own-keys: the timeline's single-key commands (j, k, f…) stay out of the dialog
    <div className="keys-overlay" role="dialog" aria-label="Mailing-list archives" data-own-keys>
      <div className="keys-card archives-card">
        <h2>Mailing-list archives</h2>
        <p className="muted">
          For <code>{p.dir}</code>. Attached archives are indexed on this machine and read offline.
        </p>
        <ArchivesPanel client={p.client} dir={p.dir} onChanged={p.onChanged} autoFocus />
        <button type="button" onClick={p.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
