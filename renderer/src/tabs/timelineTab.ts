import type { ReactNode } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model';
import type { DiffOptions, DiffPaneHandle } from '../diff/DiffPane';
import type { TimelineFacts } from '../timeline/useTimelineFacts';
import type { TimelineSelection } from '../timeline/useTimelineSelection';

/** What every tab of the timeline screen is given: the timeline, what is known about it, the selection. */
export interface TimelineTabContext {
  readonly client: StrataClient;
  readonly timeline: Timeline;
  readonly facts: TimelineFacts;
  readonly selection: TimelineSelection;
  readonly diffOptions: DiffOptions;
  /** The toolbar's diff options changed from a tab (the Blame tab's w: Ignore whitespace is git blame -w there). */
  onDiffOptions(o: DiffOptions): void;
  readonly dark: boolean;
  /** The diff pane hands over its next/previous change and focus here (null when it goes), for the toolbar and the keys. */
  bindDiffPane(handle: DiffPaneHandle | null): void;
  /** Show a tab by its id. */
  show(tab: string): void;
  /** Select a commit (clearing a filter that hides it) and show its diff. */
  jump(oid: string): void;
  /** Another file of the same repository: its own timeline replaces this one. */
  openFile(path: string): void;
  /** This file's timeline at another branch or tag (null: HEAD) replaces this one. */
  openRev(rev: string | null): void;
  /** A link out of the app (allowed hosts only), in the system's browser. */
  openLink(url: string): void;
  /** Shown in the screen's error banner. */
  onError(e: ErrorInfo): void;
  /** Opens the repository's mailing-list archives (attach, fetch). */
  showArchives(): void;
  /** Blame, with the cursor on a line of a version (the diff's "blame this line"): the selected commit's, or one side of its diff. */
  blameLine(at: BlameLineAsk): void;
  /** The last such ask, for the Blame tab to open at (it holds for the commit selected when it was asked). */
  readonly blameAsked: BlameLineAsk | null;
}

/** A line of the file at a commit (1-based), and the selected commit it was asked from. */
export interface BlameLineAsk {
  readonly rev: string;
  readonly path: string;
  readonly line: number;
  readonly from: string;
}

/**
 * A tab beside the commit list. Each lives in its own file named `<folder>/<Name>Tab.tsx` exporting `tab`;
 * tabs/registry.ts finds them all at build time, so adding a tab is adding that one file.
 */
export interface TimelineTab {
  /** Unique; what `show()` takes. */
  readonly id: string;
  /** Place from left to right: Diff 10, Exports 30, Functions 40 (leave gaps). */
  readonly order: number;
  /** The tab's button text (may count what it shows). */
  title(ctx: TimelineTabContext): string;
  /** Stay mounted, hidden, while another tab is shown (the diff's editor is costly to rebuild); others unmount. */
  readonly keepMounted?: boolean;
  readonly Panel: (p: { ctx: TimelineTabContext }) => ReactNode;
}

export const DIFF_TAB = 'diff';
