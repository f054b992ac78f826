import { useEffect, useRef, type ReactNode } from 'react';
import { monaco } from '../monacoSetup';
import type { LineChange } from '../../../shared/unifiedChanges';
import { showGitChanges } from './gitChanges';
import { LineActionButtons, useLineActions, type LineActions } from './lineActions';

export interface DiffOptions {
  inline: boolean;
  ignoreWhitespace: boolean;
  collapseUnchanged: boolean;
}

export interface DiffPaneHandle {
  next(): void;
  previous(): void;
  focus(): void;
}

/** Monaco's side-by-side diff editor (C highlighting), read-only. */
export function DiffPane(p: {
  original: string;
  modified: string;
  /** Git's changes between the two (from its unified diff): shown instead of Monaco's own diff, so the pane agrees with the counts. */
  changes: readonly LineChange[] | null;
  originalLabel: string;
  modifiedLabel: string;
  language: string;
  /** The versions asked for have not arrived: the text shown is the previous pair's. */
  loading: boolean;
  /** Blob ids of the two versions shown (for tests and tools: what the pane holds). */
  shownBlobs: { from: string | null; to: string | null } | null;
  options: DiffOptions;
  dark: boolean;
  handleRef: (h: DiffPaneHandle | null) => void;
  /** Buttons at the end of the labels' row. */
  tools?: ReactNode;
  /** Kept, hidden, while the full file is shown (the editor is costly to rebuild). */
  hidden?: boolean;
  /** Why there is no diff (a directory, a version the clone lacks): said in place of the editors, which are kept. */
  note?: string | null;
  /** A line of the newer version to open at: its first change at or after it (a function's history: the function's). */
  revealFrom?: number | null;
  /**
   * What lines picked on a side offer, where that side is a commit's version: their history (git log -L) and blame at
   * the version; absent where neither side is one (a combined diff, a directory).
   */
  lineActions?: LineActions;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const models = useRef<{ a: monaco.editor.ITextModel; b: monaco.editor.ITextModel } | null>(null);
  const revealFirst = useRef(false);
  // the changes the shown models were registered with (git's hunks of this pair)
  const shownChanges = useRef<string | null>(null);
  const revealFrom = useRef<number | null>(null);
  revealFrom.current = p.revealFrom ?? null;
  // the line or lines picked on a side: the labels' row offers their history and blame
  const { picked, bind } = useLineActions(p.lineActions);

  useEffect(() => {
    const el = host.current!;
    const ed = monaco.editor.createDiffEditor(el, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderOverviewRuler: true,
      fontSize: 13,
      wordWrap: 'off',
    });
    const a = monaco.editor.createModel('', p.language);
    const b = monaco.editor.createModel('', p.language);
    ed.setModel({ original: a, modified: b });
    editor.current = ed;
    models.current = { a, b };
    // Each new pair of versions opens at its first change.
    const sub = ed.onDidUpdateDiff(() => {
      const changes = ed.getLineChanges();
      // what the pane highlights, for tests and tools: old lines [a,b) became new lines [c,d)
      el.dataset.changes = (changes ?? [])
        .map((c) => {
          const o =
            c.originalEndLineNumber === 0
              ? [c.originalStartLineNumber + 1, c.originalStartLineNumber + 1]
              : [c.originalStartLineNumber, c.originalEndLineNumber + 1];
          const m =
            c.modifiedEndLineNumber === 0
              ? [c.modifiedStartLineNumber + 1, c.modifiedStartLineNumber + 1]
              : [c.modifiedStartLineNumber, c.modifiedEndLineNumber + 1];
          return `${o[0]}-${o[1]}:${m[0]}-${m[1]}`;
        })
        .join(' ');
      if (!revealFirst.current || !changes) return; // no result yet for new models: wait for it
      revealFirst.current = false;
      const from = revealFrom.current;
      // (a deletion's modifiedEndLineNumber is 0: its place is after modifiedStartLineNumber)
      const first =
        (from !== null && changes.find((c) => Math.max(c.modifiedStartLineNumber, c.modifiedEndLineNumber) >= from)) || changes[0];
      if (first) {
        const line = Math.max(1, first.modifiedStartLineNumber);
        ed.getModifiedEditor().revealLineInCenter(line);
        el.dataset.revealed = String(line); // the line the pane opened at, for tests and tools
      }
    });
    p.handleRef({ next: () => ed.goToDiff('next'), previous: () => ed.goToDiff('previous'), focus: () => ed.getModifiedEditor().focus() });
    const sides = [bind(ed.getOriginalEditor(), 'original'), bind(ed.getModifiedEditor(), 'modified')];
    return () => {
      p.handleRef(null);
      for (const d of sides) d.dispose();
      sub.dispose();
      ed.dispose();
      models.current?.a.dispose();
      models.current?.b.dispose();
      models.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // before the texts: a pane first shown with its versions at hand (Monaco loads after the list) must diff them
  // with the user's options, not Monaco's defaults (its whitespace-trimming diff is never git's)
  useEffect(() => {
    editor.current?.updateOptions({
      renderSideBySide: !p.options.inline,
      ignoreTrimWhitespace: p.options.ignoreWhitespace,
      hideUnchangedRegions: { enabled: p.options.collapseUnchanged, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 20 },
    });
  }, [p.options]);

  useEffect(() => {
    const m = models.current;
    const ed = editor.current;
    if (!m || !ed) return;
    const changesKey = JSON.stringify(p.changes);
    if (m.a.getValue() === p.original && m.b.getValue() === p.modified && m.a.getLanguageId() === p.language) {
      // the same texts with other changes (Ignore whitespace turned on or off: git diff -w's hunks, or git diff's):
      // the models stay, their changes are given again and the editor diffs them anew
      if (shownChanges.current === changesKey) return;
      shownChanges.current = changesKey;
      if (p.changes) showGitChanges(m.a, m.b, p.changes);
      ed.setModel({ original: m.a, modified: m.b });
      return;
    }
    shownChanges.current = changesKey;
    revealFirst.current = true;
    // A new pair of versions gets new models: editing the shown ones one after the other makes Monaco
    // map the previous diff onto half-changed text (it throws "startLineNumber … cannot be after …").
    const a = monaco.editor.createModel(p.original, p.language);
    const b = monaco.editor.createModel(p.modified, p.language);
    if (p.changes) showGitChanges(a, b, p.changes);
    ed.setModel({ original: a, modified: b });
    models.current = { a, b };
    m.a.dispose();
    m.b.dispose();
    // the changes come with the texts (one answer), so they are read when the texts are
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.original, p.modified, p.language, p.changes]);

  useEffect(() => {
    monaco.editor.setTheme(p.dark ? 'vs-dark' : 'vs');
  }, [p.dark]);

  return (
    <div
      className="diff-pane"
      hidden={p.hidden}
      aria-busy={p.loading}
      data-from-blob={p.shownBlobs?.from ?? ''}
      data-to-blob={p.shownBlobs?.to ?? ''}
    >
      <div className="diff-labels">
        <span className="a-label">{p.originalLabel}</span>
        <span className="b-label">{p.modifiedLabel}</span>
        {picked && p.lineActions?.[picked.side] && !p.note && <LineActionButtons picked={picked} actions={p.lineActions} />}
        {p.tools}
      </div>
      <div className={p.loading ? 'diff-host loading' : 'diff-host'} ref={host} data-testid="diff-editor" hidden={Boolean(p.note)} />
      {p.note && (
        <p className="pane-note" role="note">
          {p.note}
        </p>
      )}
      {p.loading && (
        <div className="diff-loading" role="status">
          Reading both versions…
        </div>
      )}
    </div>
  );
}
