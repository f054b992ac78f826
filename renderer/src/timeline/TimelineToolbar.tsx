import type { ReactNode, RefObject } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model';
import { ReportMenu } from '../components/ReportMenu';
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
  /** The panes' toggles (shown in focus mode too: the way out). */
  children?: ReactNode;
}) {
  const { timeline, diffOptions: o } = p;
  const toggle = (k: keyof DiffOptions, label: string) => (
    <label>
      <input type="checkbox" checked={o[k]} onChange={(e) => p.onDiffOptions({ ...o, [k]: e.target.checked })} /> {label}
    </label>
  );
  const how = timeline.stats.source === 'disk' ? 'opened from the index' : `indexed in ${(timeline.stats.millis / 1000).toFixed(1)} s`;
  return (
    <header className="toolbar">
      <button type="button" onClick={p.onClose} title="Back to the start screen">
        ◀
      </button>
      <div className="title">
        <strong>{timeline.path}</strong>{' '}
        <span className="muted">
          in {timeline.repo.dir}
          {timeline.follow ? ' · following renames' : ''} · {how}
          {timeline.stats.unsaved ? (
            <span className="warning" title={timeline.stats.unsaved}>
              {' '}
              · index not saved
            </span>
          ) : null}
        </span>
      </div>
      <div className="diff-toggles">
        {toggle('inline', 'Inline')}
        {toggle('ignoreWhitespace', 'Ignore whitespace')}
        {toggle('collapseUnchanged', 'Collapse unchanged')}
        <button type="button" onClick={() => p.diffHandle.current?.previous()} title="Previous change (p)">
          ↑ change
        </button>
        <button type="button" onClick={() => p.diffHandle.current?.next()} title="Next change (n)">
          ↓ change
        </button>
      </div>
      {p.children}
      <button type="button" onClick={p.onArchives} title="Attach or fetch the repository's mailing-list archives">
        Archives…
      </button>
      <ReportMenu client={p.client} timeline={timeline} filter={p.filter} onError={p.onError} />
    </header>
  );
}
