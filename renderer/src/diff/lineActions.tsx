import { useCallback, useEffect, useRef, useState } from 'react';
import { monaco } from '../monacoSetup';

export type DiffSide = 'original' | 'modified';

/** Whether each side is a commit's version (its lines have a history and a blame), and what picking them does. */
export interface LineActions {
  readonly original: boolean;
  readonly modified: boolean;
  history(side: DiffSide, first: number, last: number): void;
  blame(side: DiffSide, line: number): void;
}

export interface PickedLines {
  readonly side: DiffSide;
  readonly first: number;
  readonly last: number;
}

/** The editors' context-menu items for lines: their history at the side's version, and blame there. */
const EDITOR_LINE_ACTIONS: readonly {
  id: string;
  label: string;
  run(editor: monaco.editor.ICodeEditor, side: DiffSide, to: LineActions): void;
}[] = [
  {
    id: 'strata.historyOfLines',
    label: 'History of these lines (git log -L)',
    run: (editor, side, to) => {
      const lines = linesOf(editor.getSelection());
      if (lines) to.history(side, lines.first, lines.last);
    },
  },
  {
    id: 'strata.blameLine',
    label: 'Blame this line',
    run: (editor, side, to) => {
      const line = editor.getPosition()?.lineNumber;
      if (line) to.blame(side, line);
    },
  },
];

/** The context key that enables the items where the editor shows a commit's version (not a combined diff, a new file's missing parent). */
const OFFERED = 'strataLinesOffered';

/**
 * The lines picked in a component's editors and what they offer: `bind` gives an editor showing one side's version
 * the lines' context-menu items (enabled while `lineActions` says the side is a commit's version) and reports the
 * line the person clicked or moved to, or the lines they selected, as `picked` (null when a new version is shown).
 */
export function useLineActions(lineActions: LineActions | undefined): {
  picked: PickedLines | null;
  bind(editor: monaco.editor.IStandaloneCodeEditor, side: DiffSide): monaco.IDisposable;
} {
  // read when used: the versions shown change under the editors
  const actions = useRef(lineActions);
  actions.current = lineActions;
  const [picked, setPicked] = useState<PickedLines | null>(null);
  const offered = useRef(new Set<() => void>());
  useEffect(() => offered.current.forEach((refresh) => refresh()));
  const bind = useCallback((editor: monaco.editor.IStandaloneCodeEditor, side: DiffSide): monaco.IDisposable => {
    const key = editor.createContextKey<boolean>(OFFERED, false);
    const refresh = () => key.set(Boolean(actions.current?.[side]));
    refresh();
    offered.current.add(refresh);
    const menu = EDITOR_LINE_ACTIONS.map((item, order) =>
      editor.addAction({
        id: item.id,
        label: item.label,
        contextMenuGroupId: 'navigation',
        contextMenuOrder: order,
        precondition: OFFERED,
        run: (ed) => {
          const to = actions.current;
          if (to?.[side]) item.run(ed, side, to);
        },
      }),
    );
    const selection = editor.onDidChangeCursorSelection((e) => {
      const lines = e.source === 'mouse' || e.source === 'keyboard' ? linesOf(e.selection) : null;
      setPicked(lines ? { side, ...lines } : null);
    });
    return {
      dispose: () => {
        offered.current.delete(refresh);
        for (const d of [...menu, selection]) d.dispose();
      },
    };
  }, []);
  return { picked, bind };
}

/**
 * The labels' row's offer for picked lines: their history (git log -L) and blame at that version. `version` names
 * the version in the buttons' titles (by default the diff's side).
 */
export function LineActionButtons({ picked, actions, version }: { picked: PickedLines; actions: LineActions; version?: string }) {
  const which = version ?? `the ${picked.side === 'original' ? 'older (left)' : 'newer (right)'} version`;
  return (
    <span className="line-actions">
      <button
        type="button"
        className="link"
        data-testid="history-of-lines"
        title={`The commits git log -L ${picked.first},${picked.last} lists for these lines of ${which}`}
        onClick={() => actions.history(picked.side, picked.first, picked.last)}
      >
        {picked.first === picked.last ? `History of line ${picked.first}` : `History of lines ${picked.first}–${picked.last}`}
      </button>{' '}
      <button
        type="button"
        className="link"
        data-testid="blame-line"
        title={`Who last changed line ${picked.first} of ${which}: the Blame tab at it`}
        onClick={() => actions.blame(picked.side, picked.first)}
      >
        Blame line {picked.first}
      </button>
    </span>
  );
}

/** The lines a selection spans: one ending at a line's first column (a whole line dragged over) stops at the line before. */
function linesOf(s: monaco.Selection | null): { first: number; last: number } | null {
  if (!s) return null;
  const first = s.startLineNumber;
  const last = s.endColumn === 1 && s.endLineNumber > first ? s.endLineNumber - 1 : s.endLineNumber;
  return { first, last };
}
