import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/cpp/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
// Monaco's icon font (gutter +/-, "N hidden lines" bars): editor.api does not import its @font-face, and the package's
// exports hide the file, so vite.config.ts aliases this name to it; Vite copies codicon.ttf into assets/ (font-src 'self').
import 'monaco-editor/codicon.css';

// Monaco is bundled with the app; its one worker is a file of ours, allowed by the CSP (worker-src 'self').
(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
