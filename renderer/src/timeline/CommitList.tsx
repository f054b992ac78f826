import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineEntry } from '../../../shared/model';
import { shortBranchName, type CommitBadges } from './commitBadges';
import { markMatches } from '../../../shared/searchHighlight';

/** The commits as a virtualized list: smooth with tens of thousands of rows. */
export function CommitList(p: {
  entries: readonly TimelineEntry[];
  selected: string | null;
  pickA: string | null;
  pickB: string | null;
  releases: Readonly<Record<string, string>>;
  /** Replies in the review thread of each commit that has one. */
  replies: Readonly<Record<string, number>>;
  badges: CommitBadges;
  /** Words of the search box, marked in the subjects. */
  highlight: readonly string[];
  /** The commits the search marks (instead of hiding the rest), or null. */
  marked: ReadonlySet<string> | null;
  /** Commits whose +/- is still being computed. */
  counting?: ReadonlySet<string>;
  onSelect: (oid: string) => void;
  onOpen: (oid: string) => void;
  /** The row's context menu, at a point of the window. */
  onMenu: (oid: string, x: number, y: number) => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: p.entries.length, getScrollElement: () => parent.current, estimateSize: () => 46, overscan: 12 });
  const selectedIndex = p.entries.findIndex((e) => e.oid === p.selected);
  useEffect(() => {
    if (selectedIndex < 0) return;
    // a row already in view is left where it is: asking the virtualizer to scroll reads the list's height (a
    // layout of the page before its first paint, 30-70 ms on a first open)
    const row = v.measurementsCache[selectedIndex];
    const top = v.scrollOffset ?? 0;
    const height = v.scrollRect?.height ?? 0;
    if (row && height > 0 && row.start >= top && row.end <= top + height) return;
    v.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, v]);
  return (
    <div
      className="commit-list"
      ref={parent}
      role="listbox"
      aria-label="Commits"
      aria-activedescendant={p.selected ? `c-${p.selected}` : undefined}
      tabIndex={0}
    >
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((row) => {
          const e = p.entries[row.index]!;
          const cls = [
            'commit-row',
            e.oid === p.selected ? 'selected' : '',
            e.oid === p.pickA ? 'pick-a' : '',
            e.oid === p.pickB ? 'pick-b' : '',
            p.marked?.has(e.oid) ? 'marked' : '',
          ].join(' ');
          return (
            <div
              key={e.oid}
              id={`c-${e.oid}`}
              role="option"
              aria-selected={e.oid === p.selected}
              {...(p.marked?.has(e.oid) ? { 'aria-description': 'matches the search' } : {})}
              className={cls}
              data-oid={e.oid}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
              onClick={() => p.onSelect(e.oid)}
              onDoubleClick={() => p.onOpen(e.oid)}
              onContextMenu={(ev) => {
                ev.preventDefault();
                p.onMenu(e.oid, ev.clientX, ev.clientY);
              }}
            >
              <div className="row1">
                <DiscussionMark replies={p.replies[e.oid]} />
                <span className="subject" title={e.subject}>
                  {e.subject
                    ? markMatches(e.subject, p.highlight).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))
                    : '(no subject)'}
                </span>
                <span className="counts">
                  {e.directory ? (
                    <span title="A directory here: the commit changed something under it">dir</span>
                  ) : p.counting?.has(e.oid) ? (
                    <span className="pending" title="counting…">
                      …
                    </span>
                  ) : e.absent ? (
                    <span title="A version is not in this clone (a partial clone): its counts are not known">?</span>
                  ) : e.additions === null ? (
                    'bin'
                  ) : (
                    <>
                      <span className="add">+{e.additions}</span> <span className="del">−{e.deletions}</span>
                    </>
                  )}
                </span>
              </div>
              <div className="row2">
                <span className="oid">{e.oid.slice(0, 12)}</span>
                <span className="date">{e.author.date.slice(0, 10)}</span>
                <span className="author" title={e.author.name}>
                  {e.author.name}
                </span>
                {e.oid === p.pickA && <span className="badge a">A</span>}
                {e.oid === p.pickB && <span className="badge b">B</span>}
                {p.releases[e.oid] && <span className="badge tag">{p.releases[e.oid]}</span>}
                {e.status !== 'M' && (
                  <span className="badge status">
                    {e.status === 'R' ? `renamed from ${e.oldPath}` : e.status === 'A' ? 'added' : e.status === 'D' ? 'deleted' : e.status}
                  </span>
                )}
                {e.parents.length > 1 && <span className="badge merge">merge</span>}
                {p.badges.macro.has(e.oid) && <span className="badge macro">export macro</span>}
                {p.badges.fixes.has(e.oid) && <span className="badge fixes">Fixes</span>}
                {p.badges.backport.has(e.oid) && <span className="badge stable">stable</span>}
                {p.badges.backported.has(e.oid) && <BackportedBadge to={p.badges.backported.get(e.oid)!} />}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** "→ 5.4.y": the stable branches that carry a backport of this commit. */
function BackportedBadge({ to }: { to: readonly { branch: string; oid: string }[] }) {
  const branches = [...new Set(to.map((b) => b.branch))];
  return (
    <span
      className="badge stable backported"
      data-backported={branches.join(' ')}
      title={`Backported to ${to.map((b) => `${b.branch} as ${b.oid.slice(0, 12)}`).join(', ')}`}
    >
      → {branches.map(shortBranchName).join(', ')}
    </span>
  );
}

/**
 * A dot before the subject of a commit whose patch has a review thread: its diameter grows with the replies
 * (6 px for none, about 18 px from 60 on, logarithmically between), so long debates stand out in the list.
 */
export function discussionMarkSize(replies: number): number {
  return Math.round(Math.min(18, 6 + 3 * Math.log2(1 + Math.max(0, replies))));
}

function DiscussionMark({ replies }: { replies: number | undefined }) {
  if (replies === undefined) return null;
  const size = discussionMarkSize(replies);
  const label = `review thread, ${replies} repl${replies === 1 ? 'y' : 'ies'}`;
  return (
    <span className="discussion-mark-box" title={label}>
      <span className="discussion-mark" role="img" aria-label={label} data-replies={replies} style={{ width: size, height: size }} />
    </span>
  );
}
