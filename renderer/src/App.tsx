import { useCallback, useEffect, useRef, useState } from 'react';
import type { StrataClient } from '../../shared/api';
import type { ErrorInfo } from '../../shared/errors';
import { parseMenuAction } from '../../shared/menu';
import type { Progress, Timeline } from '../../shared/model';
import { ErrorBanner } from './components/ErrorBanner';
import { ProgressBar } from './components/ProgressBar';
import { StartScreen, type OpenRequest } from './components/StartScreen';
import { TimelineScreen, errorOf } from './timeline/TimelineScreen';
import type { DiffOptions } from './diff/DiffPane';

type Screen =
  /** `focus: 'path'` after a folder was picked from the menu: the file path is what is left to give (`at` remounts the form). */
  | { kind: 'start'; focus?: 'path'; at?: number }
  | { kind: 'busy'; title: string; jobId: string; startedAt: number }
  | { kind: 'timeline'; timeline: Timeline };

function useDarkMode(): boolean {
  const q = window.matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(q.matches);
  useEffect(() => {
    const on = () => setDark(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, [q]);
  return dark;
}

type CloneRequest = { url: string; path: string; depth?: number; since?: string; resumable?: boolean };

export function App(p: { client: StrataClient; initial: OpenRequest | null }) {
  const { client } = p;
  const [screen, setScreen] = useState<Screen>({ kind: 'start' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [diffOptions, setDiffOptions] = useState<DiffOptions>({ inline: false, ignoreWhitespace: false, collapseUnchanged: false });
  const dark = useDarkMode();
  const started = useRef(false);
  const lastRequest = useRef<OpenRequest | null>(null);
  const lastClone = useRef<CloneRequest | null>(null);

  const index = useCallback(async (r: OpenRequest) => {
    lastRequest.current = r;
    setError(null);
    setProgress(null);
    const job = client.call('indexFile', { dir: r.dir, path: r.path, follow: r.follow }, setProgress);
    setScreen({ kind: 'busy', title: `Indexing ${r.path}`, jobId: job.jobId, startedAt: Date.now() });
    try {
      setScreen({ kind: 'timeline', timeline: await job.result });
    } catch (e) {
      setError(errorOf(e));
      setScreen({ kind: 'start' });
    }
  }, [client]);

  const openSample = useCallback(async () => {
    setError(null);
    const job = client.call('openSample', {}, setProgress);
    setScreen({ kind: 'busy', title: 'Preparing the sample repository', jobId: job.jobId, startedAt: Date.now() });
    try {
      const r = await job.result;
      await index({ dir: r.repo.dir, path: r.path, follow: false });
    } catch (e) {
      setError(errorOf(e));
      setScreen({ kind: 'start' });
    }
  }, [client, index]);

  const clone = useCallback(async (r: CloneRequest) => {
    lastClone.current = r;
    setError(null);
    setProgress(null);
    const job = client.call('cloneRepository', { url: r.url, ...(r.depth ? { depth: r.depth } : {}), ...(r.since ? { since: r.since } : {}), ...(r.resumable === false ? { resumable: false } : {}) }, setProgress);
    setScreen({ kind: 'busy', title: `Cloning ${r.url}`, jobId: job.jobId, startedAt: Date.now() });
    try {
      const repo = await job.result;
      await index({ dir: repo.dir, path: r.path, follow: false });
    } catch (e) {
      setError(errorOf(e));
      setScreen({ kind: 'start' });
    }
  }, [client, index]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (p.initial) void index(p.initial);
    else if (client.kind === 'electron') {
      // The desktop reopens the last repository; on the very first start, the sample.
      client.call('listRecent', {}).result.then((recent) => {
        const last = recent[0];
        if (last) void index({ dir: last.dir, path: last.path, follow: last.follow });
        else void openSample();
      }, () => void openSample());
    }
  }, [p.initial, index, openSample, client]);

  useEffect(() => {
    window.strataBridge?.onMenu?.((raw) => {
      const action = parseMenuAction(raw);
      if (!action) return;
      switch (action.kind) {
        case 'open-sample': void openSample(); break;
        case 'open-local':
          // the folder from the system's dialog, then the start screen's form with it filled in, to name the file
          // (Electron has no window.prompt)
          void client.call('pickDirectory', { title: 'Open a local repository' }).result.then((r) => {
            if (!r.dir) return;
            lastRequest.current = { dir: r.dir, path: lastRequest.current?.path ?? 'mm/hmm.c', follow: false };
            setScreen({ kind: 'start', focus: 'path', at: Date.now() });
          });
          break;
        case 'clone': setScreen({ kind: 'start' }); break;
        case 'open-recent': void index(action.item); break;
        case 'toggle-inline': setDiffOptions((o) => ({ ...o, inline: !o.inline })); break;
        case 'toggle-whitespace': setDiffOptions((o) => ({ ...o, ignoreWhitespace: !o.ignoreWhitespace })); break;
        case 'export-report': window.dispatchEvent(new CustomEvent('strata:export-report')); break;
        case 'help-keys':
          window.alert('j / k or ↓ / ↑  move\nEnter  open the diff\n/  search\n[ and ]  pick A and B\nn / p  next / previous change\nEsc  clear A and B');
          break;
      }
    });
  }, [client, index, openSample]);

  /** What the error banner offers: the suggested path, or trying a cut clone again (which resumes from the kept steps). */
  const errorAction = (): { label: string; run: () => void } | null => {
    if (error?.suggestion && error.code === 'PathNotInRepository' && lastRequest.current) {
      return { label: `Open ${error.suggestion}`, run: () => void index({ ...lastRequest.current!, path: error.suggestion! }) };
    }
    if ((error?.code === 'NetworkLost' || error?.code === 'HostUnreachable') && lastClone.current) {
      const again = lastClone.current;
      return { label: error.resumable ? 'Resume the clone' : 'Try again', run: () => void clone(again) };
    }
    return null;
  };

  return (
    <div className={`app ${dark ? 'dark' : 'light'}`}>
      {screen.kind !== 'timeline' && <ErrorBanner error={error} onDismiss={() => setError(null)} {...(errorAction() ? { action: errorAction()! } : {})} />}
      {screen.kind === 'start' && <StartScreen key={screen.at ?? 0} focusPath={screen.focus === 'path'} client={client} last={lastRequest.current} lastClone={lastClone.current} onOpenSample={openSample} onOpen={(r) => void index(r)} onClone={(r) => void clone(r)} />}
      {screen.kind === 'busy' && (
        <div className="busy"><ProgressBar title={screen.title} progress={progress} startedAt={screen.startedAt} onCancel={() => { void client.call('cancel', { jobId: screen.jobId }).result; }} /></div>
      )}
      {screen.kind === 'timeline' && <TimelineScreen client={client} timeline={screen.timeline} dark={dark} diffOptions={diffOptions} onDiffOptions={setDiffOptions} onClose={() => setScreen({ kind: 'start' })} />}
    </div>
  );
}
