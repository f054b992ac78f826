import type { ReactNode, RefObject } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model';
import { ReportMenu } from '../components/ReportMenu';
import { RefPicker } from './RefPicker';
import { MissingVersionsNote } from './MissingVersionsNote';
import type { DiffOptions, DiffPaneHandle } from '../diff/DiffPane';
import type { TimelineFilter } from '../../../shared/timelineFilter';

/** The file shown and how it was read, the diff's options, the report. */
export function TimelineToolbar(p: {
  client: StrataClient;
  timeline: Timeline;
  filter: TimelineFilter;
  diffOptions: DiffOptions;
  onDiffOptions: (o: DiffOptions) => void;
  diffHandle: RefObject<DiffPaneHandle | null>;
  onClose: () => void;
  onError: (e: ErrorInfo) => void;
  /** Opens the repository's mailing-list archives. */
  onArchives: () => void;
  /** Opens the timeline at another branch or tag (null: HEAD). */
  onOpenRev: (rev: string | null) => void;
  /** Opens the file's timeline again with renames followed, or not. */
  onOpenFollow: (follow: boolean) => void;
  /** Opens the file's timeline again as its first-parent line, or not. */
  onOpenFirstParent: (firstParent: boolean) => void;
  /** Opens the same timeline again (what it read has changed on disk). */
  onReopen: () => void;
  /** The panes' toggles (shown in focus mode too: the way out). */
  children?: ReactNode;
  /** The list is what a walk still going has found so far. */
  walking?: boolean;
}) {
  const { timeline, diffOptions: o } = p;
  const toggle = (k: keyof DiffOptions, label: string, title?: string) => (
    <label title={title}>
      <input type="checkbox" checked={o[k]} onChange={(e) => p.onDiffOptions({ ...o, [k]: e.target.checked })} /> {label}
    </label>
  );
  const how = p.walking
    ? 'walking its history…'
    : timeline.stats.source === 'disk'
      ? 'opened from the index'
      : `indexed in ${(timeline.stats.millis / 1000).toFixed(1)} s`;
  return (
    <header className="toolbar">
      <button type="button" onClick={p.onClose} title="Back to the start screen">
        ◀
      </button>
      <div className="title" title={`${timeline.path} in ${timeline.repo.dir}`}>
        <strong>{timeline.path}</strong>{' '}
        <span className="muted">
          in {timeline.repo.dir}
          {timeline.follow ? ' · following renames' : ''}
          {timeline.firstParent ? ' · first parent' : ''} · {how}
        </span>
      </div>
      <RefPicker client={p.client} dir={timeline.repo.dir} rev={timeline.rev} onOpenRev={p.onOpenRev} />
      <label className="follow-toggle" title="git log --follow: the history goes on past renames (merges are not listed)">
        <input type="checkbox" checked={timeline.follow} onChange={(e) => p.onOpenFollow(e.target.checked)} /> Follow renames
      </label>
      <label
        className="follow-toggle"
        title="git log --first-parent: the first-parent line only, each merge compared with its first parent (what each pull brought into the branch)"
      >
        <input type="checkbox" checked={timeline.firstParent === true} onChange={(e) => p.onOpenFirstParent(e.target.checked)} /> First
        parent
      </label>
      {/* beside the title, not in it: a long folder name must not cut them off */}
      <span className="toolbar-notes">
        {timeline.entries.some((e) => e.directory) ? (
          <span className="found-note" data-testid="directory-note" title="A directory: each commit that changed anything under it">
            a directory
          </span>
        ) : null}
        {timeline.stats.renamedFrom && !timeline.follow ? (
          <button
            type="button"
            className="found-note"
            data-testid="renamed-note"
            title={`The list ends where ${timeline.path} was renamed from ${timeline.stats.renamedFrom}: follow renames to go on into its history`}
            onClick={() => p.onOpenFollow(true)}
          >
            renamed from {timeline.stats.renamedFrom}
          </button>
        ) : null}
        {timeline.stats.renameGaps && timeline.follow ? (
          <span className="warning" role="status" data-testid="rename-gaps-note" title={timeline.stats.renameGaps}>
            rename search incomplete
          </span>
        ) : null}
        {timeline.stats.repaired ? (
          <span className="found-note" role="status" data-testid="repaired-note" title={timeline.stats.repaired}>
            index was damaged and rebuilt
          </span>
        ) : null}
        {timeline.stats.absent ? (
          <MissingVersionsNote client={p.client} timeline={timeline} onError={p.onError} onFetched={p.onReopen} />
        ) : null}
        {timeline.stats.unsaved ? (
          <span className="warning" title={timeline.stats.unsaved}>
            index not saved
          </span>
        ) : null}
      </span>
      <div className="diff-toggles">
        {toggle('inline', 'Inline')}
        {toggle(
          'ignoreWhitespace',
          'Ignore whitespace',
          "Lines whose white space alone changed are not changes: the diff is git diff -w's, the Blame tab's git blame -w's (a re-indented line stays with the commit that wrote it; w there)",
        )}
        {toggle('collapseUnchanged', 'Collapse unchanged')}
        <span className="change-steps">
          <button type="button" onClick={() => p.diffHandle.current?.previous()} title="Previous change (p)">
            ↑ change
          </button>
          <button type="button" onClick={() => p.diffHandle.current?.next()} title="Next change (n)">
            ↓ change
          </button>
        </span>
      </div>
      {p.children}
      <button type="button" onClick={p.onArchives} title="Attach or fetch the repository's mailing-list archives">
        Archives…
      </button>
      <ReportMenu client={p.client} timeline={timeline} filter={p.filter} onError={p.onError} />
    </header>
  );
}
