import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { ExportLedger } from '../../../shared/ledger';
import type { CommitDetails, Timeline, TimelineEntry, VersionDiff } from '../../../shared/model';
import { compareVersionTags } from '../../../shared/versionOrder';
import { parseMessageFacts } from '../../../shared/trailers';
import { ApiError } from '../client/messageClient';
import { EMPTY_FILTER, filterEntries, type TimelineFilter } from '../../../shared/timelineFilter';
import { timelineKeyOf } from '../../../shared/timelineKey';
import { pairDiffRequest, parentDiffRequest, type DiffRequest } from '../../../shared/parentDiff';
import { CommitDetailsPane } from '../diff/CommitDetailsPane';
import { CommitList } from './CommitList';
import { DiffPane, type DiffOptions, type DiffPaneHandle, languageFor } from '../diff/DiffPane';
import { ErrorBanner } from '../components/ErrorBanner';
import { FilterBar } from './FilterBar';
import { LedgerView } from '../exports/LedgerView';
import { TimeAxis } from './TimeAxis';
import { ReportMenu } from '../components/ReportMenu';
import { ChurnChart } from './ChurnChart';
import { FunctionsView } from '../functions/FunctionsView';

const isTyping = (t: EventTarget | null): boolean => t instanceof HTMLElement && (t.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null);

export function TimelineScreen(p: { client: StrataClient; timeline: Timeline; dark: boolean; diffOptions: DiffOptions; onDiffOptions: (o: DiffOptions) => void; onClose: () => void }) {
  const { client, timeline } = p;
  const [filter, setFilter] = useState<TimelineFilter>(EMPTY_FILTER);
  const [releases, setReleases] = useState<Readonly<Record<string, string>>>({});
  const [ledger, setLedger] = useState<ExportLedger | null>(null);
  const [ledgerLoading, setLedgerLoading] = useState(true);
  const [selected, setSelected] = useState<string | null>(timeline.entries[0]?.oid ?? null);
  const [pickA, setPickA] = useState<string | null>(null);
  const [pickB, setPickB] = useState<string | null>(null);
  const [tab, setTab] = useState<'diff' | 'exports' | 'functions'>('diff');
  const [functions, setFunctions] = useState<Readonly<Record<string, readonly string[]>> | null>(null);
  // the diff shown, with the request it answers: while another is asked for, the pane says it is loading
  const [diff, setDiff] = useState<{ key: string; diff: VersionDiff } | null>(null);
  const [diffWanted, setDiffWanted] = useState('');
  const [details, setDetails] = useState<CommitDetails | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const diffHandle = useRef<DiffPaneHandle | null>(null);
  const dir = timeline.repo.dir;

  const visible = useMemo(() => filterEntries(timeline.entries, filter, releases, functions ?? {}), [timeline.entries, filter, releases, functions]);
  const functionNames = useMemo(() => [...new Set(Object.values(functions ?? {}).flat())].sort(), [functions]);
  const byOid = useMemo(() => new Map(timeline.entries.map((e) => [e.oid, e])), [timeline.entries]);
  const facts = useMemo(() => new Map(timeline.entries.map((e) => [e.oid, parseMessageFacts(`${e.subject}\n\n${e.body}`)])), [timeline.entries]);
  const macroChanges = useMemo(() => new Set((ledger?.symbols ?? []).flatMap((s) => s.events.filter((e) => e.kind === 'changed').map((e) => e.oid))), [ledger]);
  const badges = useMemo(() => ({
    macro: new Set((ledger?.symbols ?? []).flatMap((s) => s.events.map((e) => e.oid))),
    fixes: new Set([...facts].filter(([, f]) => f.fixes.length > 0).map(([oid]) => oid)),
    backport: new Set([...facts].filter(([, f]) => f.upstream !== null).map(([oid]) => oid)),
  }), [ledger, facts]);
  const tagNames = useMemo(() => [...new Set(Object.values(releases))].sort(compareVersionTags), [releases]);

  useEffect(() => {
    const key = timelineKeyOf(timeline);
    client.call('findReleases', key).result.then(setReleases, (e: unknown) => setError(errorOf(e)));
    client.call('changedFunctions', key).result.then(setFunctions, (e: unknown) => setError(errorOf(e)));
    setLedgerLoading(true);
    client.call('exportLedger', key).result.then(setLedger, (e: unknown) => setError(errorOf(e))).finally(() => setLedgerLoading(false));
  }, [client, timeline]);

  const findInTimeline = useCallback((prefix: string) => timeline.entries.find((e) => e.oid.startsWith(prefix.toLowerCase())), [timeline.entries]);

  // The diff follows the selection, or compares the picked A and B.
  const current = selected ? byOid.get(selected) ?? null : null;
  useEffect(() => {
    let cancelled = false;
    const a = pickA ? byOid.get(pickA) : undefined;
    const b = pickB ? byOid.get(pickB) : undefined;
    let req: DiffRequest | null = null;
    if (a && b) req = pairDiffRequest(dir, a, b);
    else if (current) req = parentDiffRequest(dir, current);
    if (!req) return;
    const key = JSON.stringify(req);
    setDiffWanted(key);
    const t = setTimeout(() => {
      client.call('diffVersions', req!).result.then((d) => { if (!cancelled) setDiff({ key, diff: d }); }, (e: unknown) => {
        if (cancelled) return;
        setDiffWanted(''); // nothing is coming: the pane stops saying it is loading
        setError(errorOf(e));
      });
    }, 60);
    return () => { cancelled = true; clearTimeout(t); };
  }, [client, dir, current, pickA, pickB, byOid]);

  useEffect(() => {
    if (!current) return;
    let cancelled = false;
    setDetails(null);
    client.call('commitDetails', { dir, oid: current.oid }).result.then((d) => { if (!cancelled) setDetails(d); }, () => undefined);
    return () => { cancelled = true; };
  }, [client, dir, current]);

  const jump = useCallback((oid: string) => {
    if (!byOid.has(oid)) return;
    if (!visible.some((e) => e.oid === oid)) setFilter(EMPTY_FILTER);
    setSelected(oid);
    setPickA(null);
    setPickB(null);
    setTab('diff');
  }, [byOid, visible]);

  const openLink = useCallback((url: string) => {
    client.call('openExternal', { url }).result.then((r) => {
      if (!r.opened) window.open(r.url, '_blank', 'noopener,noreferrer');
    }, (e: unknown) => setError(errorOf(e)));
  }, [client]);

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === 'Escape' && isTyping(ev.target)) { (ev.target as HTMLElement).blur(); return; }
      if (isTyping(ev.target)) return;
      const i = visible.findIndex((e) => e.oid === selected);
      const move = (d: number) => {
        const next = visible[Math.max(0, Math.min(visible.length - 1, (i < 0 ? 0 : i) + d))];
        if (next) setSelected(next.oid);
      };
      switch (ev.key) {
        case 'j': case 'ArrowDown': move(1); break;
        case 'k': case 'ArrowUp': move(-1); break;
        case 'PageDown': move(15); break;
        case 'PageUp': move(-15); break;
        case 'Home': move(-visible.length); break;
        case 'End': move(visible.length); break;
        case 'Enter': setTab('diff'); diffHandle.current?.focus(); break;
        case '/': searchRef.current?.focus(); break;
        case '[': if (selected) setPickA(selected); break;
        case ']': if (selected) setPickB(selected); break;
        case 'n': diffHandle.current?.next(); break;
        case 'p': diffHandle.current?.previous(); break;
        case 'Escape': setPickA(null); setPickB(null); break;
        default: return;
      }
      ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, selected]);

  const a = pickA ? byOid.get(pickA) : undefined;
  const b = pickB ? byOid.get(pickB) : undefined;
  const label = (e: TimelineEntry | undefined, fallback: string) => (e ? `${e.oid.slice(0, 12)} · ${e.author.date.slice(0, 10)}` : fallback);
  const originalLabel = a && b ? `A: ${label(a, '')}` : current ? (current.status === 'A' || !current.parents[0] ? '(file did not exist)' : `parent ${current.parents[0]!.slice(0, 12)}`) : '';
  const modifiedLabel = a && b ? `B: ${label(b, '')}` : current ? label(current, '') : '';

  return (
    <div className="timeline-screen">
      <header className="toolbar">
        <button type="button" onClick={p.onClose} title="Back to the start screen">◀</button>
        <div className="title"><strong>{timeline.path}</strong> <span className="muted">in {timeline.repo.dir}{timeline.follow ? ' · following renames' : ''} · {timeline.stats.source === 'disk' ? 'opened from the index' : `indexed in ${(timeline.stats.millis / 1000).toFixed(1)} s`}</span></div>
        <div className="diff-toggles">
          <label><input type="checkbox" checked={p.diffOptions.inline} onChange={(e) => p.onDiffOptions({ ...p.diffOptions, inline: e.target.checked })} /> Inline</label>
          <label><input type="checkbox" checked={p.diffOptions.ignoreWhitespace} onChange={(e) => p.onDiffOptions({ ...p.diffOptions, ignoreWhitespace: e.target.checked })} /> Ignore whitespace</label>
          <label><input type="checkbox" checked={p.diffOptions.collapseUnchanged} onChange={(e) => p.onDiffOptions({ ...p.diffOptions, collapseUnchanged: e.target.checked })} /> Collapse unchanged</label>
          <button type="button" onClick={() => diffHandle.current?.previous()} title="Previous change (p)">↑ change</button>
          <button type="button" onClick={() => diffHandle.current?.next()} title="Next change (n)">↓ change</button>
        </div>
        <ReportMenu client={client} timeline={timeline} filter={filter} onError={setError} />
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <TimeAxis entries={visible} releases={releases} selected={selected} pickA={pickA} pickB={pickB} macroChanges={macroChanges} onSelect={jump} />
      <ChurnChart entries={visible} />
      <FilterBar filter={filter} onChange={setFilter} tags={tagNames} functions={functionNames} searchRef={searchRef} shown={visible.length} total={timeline.entries.length} />
      <div className="panes">
        <CommitList entries={visible} selected={selected} pickA={pickA} pickB={pickB} releases={releases} badges={badges} onSelect={setSelected} onOpen={(oid) => { setSelected(oid); setTab('diff'); diffHandle.current?.focus(); }} />
        <section className="right">
          <nav className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'diff'} onClick={() => setTab('diff')}>Diff</button>
            <button type="button" role="tab" aria-selected={tab === 'exports'} onClick={() => setTab('exports')}>Exports{ledger ? ` (${ledger.symbols.length})` : ''}</button>
            <button type="button" role="tab" aria-selected={tab === 'functions'} onClick={() => setTab('functions')}>Functions{functions ? ` (${functionNames.length})` : ''}</button>
            {filter.fn && <span className="picks">history of <code>{filter.fn}()</code> <button type="button" className="link" onClick={() => setFilter({ ...filter, fn: '' })}>show all</button></span>}
            {(a || b) && <span className="picks">A: {a ? a.oid.slice(0, 8) : '—'} · B: {b ? b.oid.slice(0, 8) : '—'} <button type="button" className="link" onClick={() => { setPickA(null); setPickB(null); }}>clear</button></span>}
          </nav>
          <div className="tab-body" hidden={tab !== 'diff'}>
            <div className="diff-and-details">
              <DiffPane original={diff?.diff.from.text ?? ''} modified={diff?.diff.to.text ?? ''} originalLabel={diff?.diff.from.binary ? 'binary file' : originalLabel} modifiedLabel={diff?.diff.to.binary ? 'binary file' : modifiedLabel}
                loading={diffWanted !== '' && diff?.key !== diffWanted} shownBlobs={diff ? { from: diff.diff.from.oid, to: diff.diff.to.oid } : null}
                language={languageFor(current?.path ?? timeline.path)} options={p.diffOptions} dark={p.dark} handleRef={(h) => { diffHandle.current = h; }} />
              {current && <CommitDetailsPane entry={current} details={details} release={releases[current.oid]} findInTimeline={findInTimeline}
                backportsOf={timeline.entries.filter((e) => facts.get(e.oid)?.upstream === current.oid)} onJump={jump} onOpenLink={openLink} />}
            </div>
          </div>
          {tab === 'exports' && <LedgerView ledger={ledger} loading={ledgerLoading} onJump={jump} />}
          {tab === 'functions' && <FunctionsView entries={timeline.entries} functions={functions} onPick={(fn) => {
            setFilter({ ...EMPTY_FILTER, fn });
            const newest = timeline.entries.find((e) => (functions?.[e.oid] ?? []).includes(fn));
            if (newest) setSelected(newest.oid);
            setTab('diff');
          }} />}
        </section>
      </div>
    </div>
  );
}

export function errorOf(e: unknown): ErrorInfo {
  if (e instanceof ApiError) return e.info;
  return { code: 'Internal', message: e instanceof Error ? e.message : String(e) };
}
