import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/cpp/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
// Monaco's icon font (gutter +/-, "N hidden lines" bars): editor.api does not import its @font-face, and the package's
// exports hide the file, so vite.config.ts aliases this name to it; Vite copies codicon.ttf into assets/ (font-src 'self').
import 'monaco-editor/codicon.css';
// the editors' context menu (editor.api has none): the diff's "History of these lines" and "Blame this line" are in it
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';

// Monaco is bundled with the app; its one worker is a file of ours, allowed by the CSP (worker-src 'self').
(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

/**
 * A merge's combined diff (git show --cc) as text, coloured as git colours it: a line with a `+` in its parents'
 * columns was added (green), one with only `-` was removed (red), `@@@` lines are hunk headers. Two parents' columns
 * are read (an octopus merge's text is right, its colours approximate). The theme's comment / invalid colours serve.
 */
monaco.languages.register({ id: 'strata-combined-diff' });
monaco.languages.setMonarchTokensProvider('strata-combined-diff', {
  tokenizer: {
    root: [
      [/^@@@.*$/, 'keyword'],
      [/^(?:\+[ +-]|[ -]\+).*$/, 'comment'],
      [/^(?:-[ -]|[ ]-).*$/, 'invalid'],
      [/.*$/, ''],
    ],
  },
});

export { monaco };
