import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model';
import { errorOf } from '../client/messageClient';
import { ArchivesDialog } from '../components/ArchivesPanel';
import { ErrorBanner } from '../components/ErrorBanner';
import type { DiffOptions, DiffPaneHandle } from '../diff/DiffPane';
import { LayoutButtons } from '../layout/LayoutButtons';
import { Splitter } from '../layout/Splitter';
import { LayoutContext, useWorkbenchLayout } from '../layout/workbenchLayout';
import { TIMELINE_TABS } from '../tabs/registry';
import { TabbedPanel } from '../tabs/TabbedPanel';
import { DIFF_TAB, type BlameLineAsk, type TimelineTabContext } from '../tabs/timelineTab';
import { commitBadges } from './commitBadges';
import { CommitList } from './CommitList';
import { FilterBar } from './FilterBar';
import { TimeCharts } from './TimeCharts';
import { TimelineToolbar } from './TimelineToolbar';
import { KeysOverlay } from './KeysOverlay';
import { CommitMenu, type CommitMenuItem } from './CommitMenu';
import { commitWebUrl } from '../../../shared/repoWebView';
import { highlightNeedles } from '../../../shared/searchHighlight';
import type { ViewLocation } from '../../../shared/viewLocation';
import { showViewInAddress } from '../app/viewAddress';
import type { WalkingState } from '../app/useOpener';
import type { KeyCommand } from './timelineKeys';
import { EMPTY_FILTER, whyEmpty } from '../../../shared/timelineFilter';
import { useTimelineFacts } from './useTimelineFacts';
import { useTimelineKeys } from './useTimelineKeys';
import { useTimelineSelection } from './useTimelineSelection';

/** One file's history: toolbar, time axis, churn, filter, the commit list, and the tabs beside it. */
export function TimelineScreen(p: {
  client: StrataClient;
  timeline: Timeline;
  dark: boolean;
  diffOptions: DiffOptions;
  onDiffOptions: (o: DiffOptions) => void;
  onClose: () => void;
  /** Where to start: the selection, A/B and filter the address (or this session's last visit) names. */
  initialView: ViewLocation | null;
  /** Open another file of the same repository. */
  onOpenFile: (path: string) => void;
  /** Open this file's timeline at another branch or tag (null: HEAD). */
  onOpenRev: (rev: string | null) => void;
  /** Open this file's timeline again with renames followed, or not (git log --follow). */
  onOpenFollow: (follow: boolean) => void;
  /** Open this file's timeline again as its first-parent line, or not (git log --first-parent). */
  onOpenFirstParent: (firstParent: boolean) => void;
  /** Commits whose +/- counts are still being computed: the list came before them. */
  counting?: ReadonlySet<string> | undefined;
  /** The list so far of a walk still going. */
  walking?: WalkingState | undefined;
}) {
  const { client, timeline } = p;
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [tab, setTab] = useState(DIFF_TAB);
  const [archivesShown, setArchivesShown] = useState(false);
  const [archivesGeneration, setArchivesGeneration] = useState(0);
  const facts = useTimelineFacts(client, timeline, setError, archivesGeneration, p.counting === undefined);
  const selection = useTimelineSelection(client, timeline, facts, p.initialView);
  const badges = useMemo(
    () => commitBadges(facts.ledger, facts.messages, facts.backports),
    [facts.ledger, facts.messages, facts.backports],
  );
  const searchRef = useRef<HTMLInputElement>(null);
  const diffHandle = useRef<DiffPaneHandle | null>(null);
  const { filter, setFilter, visible, a, b } = selection;
  const layout = useWorkbenchLayout();
  const [keysShown, setKeysShown] = useState(false);
  // the span the time axis shows (the churn chart follows its zoom), and the tags it names releases by
  const releaseNames = useMemo(() => timeline.tags.map((t) => t.name), [timeline.tags]);
  const [menu, setMenu] = useState<{ oid: string; x: number; y: number } | null>(null);
  const [notice, setNotice] = useState('');
  const focus = layout.shown.focus;
  const highlight = useMemo(() => highlightNeedles(filter.text), [filter.text]);

  useEffect(() => {
    const view = {
      dir: timeline.repo.dir,
      path: timeline.path,
      follow: timeline.follow,
      ...(timeline.firstParent ? { firstParent: true } : {}),
      rev: timeline.rev ?? null,
      selected: selection.selected,
      a: selection.pickA,
      b: selection.pickB,
      filter,
    };
    // a moment after the view settles (holding j does not rewrite the address per row), and at once when the page goes
    const write = () => showViewInAddress(view);
    const t = setTimeout(write, 200);
    window.addEventListener('pagehide', write);
    return () => {
      clearTimeout(t);
      window.removeEventListener('pagehide', write);
    };
  }, [timeline, selection.selected, selection.pickA, selection.pickB, filter]);

  const jump = useCallback(
    (oid: string) => {
      selection.jump(oid);
      setTab(DIFF_TAB);
    },
    [selection],
  );

  const openDiff = (oid?: string) => {
    if (oid) selection.select(oid);
    setTab(DIFF_TAB);
    diffHandle.current?.focus();
  };

  const openLink = useCallback(
    (url: string) => {
      client.call('openExternal', { url }).result.then(
        (r) => {
          if (!r.opened) window.open(r.url, '_blank', 'noopener,noreferrer');
        },
        (e: unknown) => setError(errorOf(e)),
      );
    },
    [client],
  );

  const copy = (text: string, what: string) => {
    // the clipboard needs a secure context: Electron's pages and the web host's loopback address are
    navigator.clipboard.writeText(text).then(
      () => setNotice(`Copied ${what}`),
      (e: unknown) => setError(errorOf(e)),
    );
  };
  const menuItems = (oid: string): CommitMenuItem[] => {
    const e = selection.byOid.get(oid);
    if (!e) return [];
    const web = commitWebUrl(timeline.repo.origin, oid);
    const blameAt = () => {
      selection.jump(oid);
      setTab('blame');
    };
    return [
      { label: 'Pick as A', hint: '[', run: () => selection.pick('a', oid) },
      { label: 'Pick as B', hint: ']', run: () => selection.pick('b', oid) },
      { label: 'Copy commit id', run: () => copy(oid, `commit id ${oid.slice(0, 12)}`) },
      { label: 'Copy subject', run: () => copy(e.subject, 'the subject') },
      ...(web ? [{ label: `Open on ${new URL(web).hostname}`, run: () => openLink(web) }] : []),
      { label: 'Blame at this version', run: blameAt },
      { label: 'History of lines… (pick them in Blame)', hint: 'h', run: blameAt },
    ];
  };
  const openMenuAtSelection = () => {
    const row = selection.selected ? document.getElementById(`c-${selection.selected}`) : null;
    if (!row || !selection.selected) return;
    const r = row.getBoundingClientRect();
    setMenu({ oid: selection.selected, x: r.left + 24, y: r.bottom });
  };

  useTimelineKeys((c: KeyCommand) => {
    switch (c.kind) {
      case 'move':
        selection.move(c.by);
        break;
      case 'open-diff':
        openDiff();
        break;
      case 'search':
        searchRef.current?.focus();
        break;
      case 'pick':
        selection.pick(c.which);
        break;
      case 'mark':
        selection.moveToMark(c.direction);
        break;
      case 'change':
        if (c.direction === 'next' && selection.marked) selection.moveToMark('next');
        else if (c.direction === 'next') diffHandle.current?.next();
        else diffHandle.current?.previous();
        break;
      case 'clear-picks':
        if (keysShown) setKeysShown(false);
        else selection.clearPicks();
        break;
      case 'help':
        setKeysShown((v) => !v);
        break;
      case 'menu':
        openMenuAtSelection();
        break;
      case 'layout':
        layout.toggle(c.part);
        break;
    }
  });

  // the menu's Repository → Mailing-list Archives
  useEffect(() => {
    const show = () => setArchivesShown(true);
    window.addEventListener('strata:archives', show);
    return () => window.removeEventListener('strata:archives', show);
  }, []);

  // Alt+Left / Alt+Right: back and forward through the selections jumped between
  const goRef = useRef(selection.go);
  goRef.current = selection.go;
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (!ev.altKey || (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight')) return;
      goRef.current(ev.key === 'ArrowLeft' ? 'back' : 'forward');
      ev.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // the list and the axis follow j/k at once; the tabs (diff, blame, details…) follow the selection as soon as
  // there is time, and a render of theirs a newer key press makes stale is dropped rather than finished
  const tabSelection = useDeferredValue(selection);
  const tabsHeld = useHeldWhileWalking(p.walking !== undefined);
  const [blameAsked, setBlameAsked] = useState<BlameLineAsk | null>(null);
  const ctx: TimelineTabContext = {
    client,
    timeline,
    facts,
    selection: tabSelection,
    diffOptions: p.diffOptions,
    onDiffOptions: p.onDiffOptions,
    dark: p.dark,
    bindDiffPane: (h) => {
      diffHandle.current = h;
    },
    show: setTab,
    jump,
    openFile: p.onOpenFile,
    openRev: p.onOpenRev,
    openLink,
    onError: setError,
    showArchives: () => setArchivesShown(true),
    blameLine: (at) => {
      setBlameAsked(at);
      setTab('blame');
    },
    blameAsked,
  };

  return (
    <LayoutContext value={layout}>
      <div className={focus ? 'timeline-screen focus-mode' : 'timeline-screen'}>
        <TimelineToolbar
          client={client}
          timeline={timeline}
          filter={filter}
          diffOptions={p.diffOptions}
          onDiffOptions={p.onDiffOptions}
          diffHandle={diffHandle}
          onClose={p.onClose}
          onError={setError}
          onArchives={() => setArchivesShown(true)}
          onOpenRev={p.onOpenRev}
          onOpenFollow={p.onOpenFollow}
          onOpenFirstParent={p.onOpenFirstParent}
          onReopen={() => (timeline.firstParent ? p.onOpenFirstParent(true) : p.onOpenFollow(timeline.follow))}
          walking={p.walking !== undefined}
        >
          <span className="layout-buttons" role="group" aria-label="History">
            <button type="button" disabled={!selection.canGo.back} onClick={() => selection.go('back')} title="Back (Alt+←)">
              Back
            </button>
            <button type="button" disabled={!selection.canGo.forward} onClick={() => selection.go('forward')} title="Forward (Alt+→)">
              Forward
            </button>
          </span>
          <LayoutButtons layout={layout} />
        </TimelineToolbar>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {keysShown && <KeysOverlay onClose={() => setKeysShown(false)} />}
        {archivesShown && (
          <ArchivesDialog
            client={client}
            dir={timeline.repo.dir}
            onChanged={() => setArchivesGeneration((g) => g + 1)}
            onClose={() => setArchivesShown(false)}
          />
        )}
        {menu && (
          <CommitMenu
            x={menu.x}
            y={menu.y}
            title={menu.oid.slice(0, 12)}
            items={menuItems(menu.oid)}
            onClose={() => {
              setMenu(null);
              document.querySelector<HTMLElement>('.commit-list')?.focus();
            }}
          />
        )}
        {layout.shown.charts && !focus && (
          <TimeCharts
            entries={visible}
            releases={facts.releases}
            releaseNames={releaseNames}
            selected={selection.selected}
            pickA={a?.oid ?? null}
            pickB={b?.oid ?? null}
            macroChanges={badges.macroChanges}
            replies={facts.replies}
            onSelect={jump}
          />
        )}
        {!focus && (
          <FilterBar
            filter={filter}
            onChange={setFilter}
            tags={facts.tagNames}
            functions={facts.functionNames}
            searchRef={searchRef}
            shown={visible.length}
            total={timeline.entries.length}
            {...(p.counting?.size ? { counting: p.counting.size } : {})}
            {...(p.walking ? { walking: p.walking } : {})}
            searchingThreads={selection.searchingThreads}
            marked={selection.marked?.size ?? null}
            searchingPickaxe={selection.searchingPickaxe}
          />
        )}
        {(a || b) && (
          <div className="compare-state" role="status" aria-label="Comparing">
            <span>
              Comparing <span className="badge a">A</span> <code>{a ? a.oid.slice(0, 12) : '—'}</code> … <span className="badge b">B</span>{' '}
              <code>{b ? b.oid.slice(0, 12) : 'pick B (] or the menu)'}</code>
            </span>
            {selection.swapped && <span className="note">A and B swapped: A is the older</span>}
            {a && b && <span className="note">j/k move B</span>}
            <button type="button" onClick={selection.clearPicks} title="Stop comparing (Esc)">
              Stop comparing
            </button>
          </div>
        )}
        {notice && (
          <div className="notice" role="status" onAnimationEnd={() => setNotice('')}>
            {notice}
          </div>
        )}
        <div className="panes">
          {layout.shown.list && !focus && (
            <>
              <div className="list-pane" style={{ width: layout.listWidth }} aria-busy={selection.filtering}>
                {timeline.entries.length === 0 ? (
                  <div className="empty-state" role="status">
                    <p>{timeline.stats.empty ?? 'No commit lists this file.'}</p>
                  </div>
                ) : visible.length === 0 ? (
                  <div className="empty-state" role="status">
                    <p>{whyEmpty(filter)}</p>
                    {(filter.discussed === 'yes' || filter.mentions.trim() !== '') && (
                      <p>Review threads are looked for in the mailing-list archives attached with the Archives… button.</p>
                    )}
                    <button type="button" onClick={() => setFilter(EMPTY_FILTER)}>
                      Clear filters
                    </button>
                  </div>
                ) : (
                  <CommitList
                    entries={visible}
                    selected={selection.selected}
                    pickA={a?.oid ?? null}
                    pickB={b?.oid ?? null}
                    releases={facts.releases}
                    replies={facts.replies}
                    badges={badges}
                    onSelect={selection.select}
                    onOpen={openDiff}
                    onMenu={(oid, x, y) => setMenu({ oid, x, y })}
                    highlight={highlight}
                    marked={selection.marked}
                    {...(p.counting ? { counting: p.counting } : {})}
                  />
                )}
              </div>
              <Splitter
                label="Commit list width"
                axis="x"
                size={layout.listWidth}
                min={180}
                max={Math.max(180, window.innerWidth - 360)}
                grows={1}
                onSize={layout.setListWidth}
                onCollapse={() => layout.toggle('list')}
              />
            </>
          )}
          <TabbedPanel
            tabs={TIMELINE_TABS}
            active={tab}
            ctx={ctx}
            held={tabsHeld ? 'Reading the history: the selected commit is shown in a moment.' : undefined}
            extra={
              <>
                {filter.fn && (
                  <span
                    className="picks"
                    data-testid="function-history"
                    title={
                      selection.functionHistory?.took === 'declaration'
                        ? `git log -L :${filter.fn}: would follow its declaration: git takes a prototype before the definition for a function line. The definition is the first function line with the name and no ";".`
                        : selection.functionHistory?.took === 'otherName'
                          ? `git log -L :${filter.fn}: would follow another function: git reads the name as a regex, and the first function line it finds has it only inside a longer name. The definition is the first function line with the name as a whole word and no ";".`
                          : undefined
                    }
                  >
                    history of <code>{filter.fn}()</code>
                    {selection.functionHistory === null
                      ? ' (following its lines…)'
                      : selection.functionHistory.source === 'lines'
                        ? selection.functionHistory.regex
                          ? ` · ${selection.functionHistory.count} commits of its definition, as git log -L ':${selection.functionHistory.regex}:' lists them`
                          : ` · ${selection.functionHistory.count} commits, as git log -L :${filter.fn}: lists them`
                        : ' · not in the file at its head: commits that touched a function of that name'}{' '}
                    <button type="button" className="link" onClick={() => setFilter({ ...filter, fn: '' })}>
                      show all
                    </button>
                  </span>
                )}
              </>
            }
          />
        </div>
      </div>
    </LayoutContext>
  );
}

/**
 * How long the tabs (diff, details, blame…) wait for a walk that shows its first commits to end: reading and drawing
 * a diff meanwhile takes the cores the walk needs (a 3,000-commit walk's whole list came 0.6 s later), and most
 * walks end sooner. A long one (a kernel's, tens of seconds) has them shown after this, while it goes on.
 */
const TABS_WAIT_MS = 1500;

/** True while a walk is going on and has not gone on for TABS_WAIT_MS since its first commits were shown. */
function useHeldWhileWalking(walking: boolean): boolean {
  const [held, setHeld] = useState(walking);
  useEffect(() => {
    setHeld(walking);
    if (!walking) return;
    const t = setTimeout(() => setHeld(false), TABS_WAIT_MS);
    return () => clearTimeout(t);
  }, [walking]);
  return held && walking;
}
