import { useEffect, useRef, type ReactNode } from 'react';
import { monaco } from '../monacoSetup';
import { LineActionButtons, useLineActions, type LineActions } from './lineActions';

/** One version of the file, whole, in a read-only editor (the full-file view beside the diff). */
export function FileView(p: {
  text: string;
  language: string;
  label: string;
  dark: boolean;
  tools?: ReactNode;
  /** What lines picked offer where the text is a commit's version (the diff's newer side): their history and blame. */
  lineActions?: LineActions;
  /** The text's blob id: set on the view once the editor holds the text (for tests and tools: what the view shows). */
  blob?: string | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const { picked, bind } = useLineActions(p.lineActions);
  useEffect(() => {
    const ed = monaco.editor.create(host.current!, {
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: true },
      scrollBeyondLastLine: false,
      fontSize: 13,
      wordWrap: 'off',
      model: monaco.editor.createModel('', 'plaintext'),
    });
    editor.current = ed;
    const lines = bind(ed, 'modified');
    return () => {
      lines.dispose();
      ed.getModel()?.dispose();
      ed.dispose();
      editor.current = null;
    };
  }, []);
  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    const old = ed.getModel();
    if (!old || old.getValue() !== p.text || old.getLanguageId() !== p.language) {
      ed.setModel(monaco.editor.createModel(p.text, p.language));
      old?.dispose();
    }
    host.current!.dataset.blob = p.blob ?? '';
  }, [p.text, p.language, p.blob]);
  useEffect(() => {
    monaco.editor.setTheme(p.dark ? 'vs-dark' : 'vs');
  }, [p.dark]);
  return (
    <div className="file-view">
      <div className="diff-labels">
        <span className="file-label">{p.label}</span>
        {picked && p.lineActions?.modified && <LineActionButtons picked={picked} actions={p.lineActions} version="this version" />}
        {p.tools}
      </div>
      <div className="diff-host" ref={host} data-testid="file-editor" />
    </div>
  );
}
