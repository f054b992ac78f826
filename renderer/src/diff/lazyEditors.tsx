import { lazy, Suspense, type ComponentProps } from 'react';

/**
 * Monaco's editors, loaded when first shown: Monaco is most of the app's code, and parsing it while a first
 * open walks the history would take a core from the walk (on 2 cores the list came later). The bundle
 * splits here; the timeline screen asks for it once the list is out.
 */
const LazyDiffPane = lazy(() => import('./DiffPane').then((m) => ({ default: m.DiffPane })));
const LazyFileView = lazy(() => import('./FileView').then((m) => ({ default: m.FileView })));

/** Where an editor will be: the same box, busy, while Monaco loads. */
function EditorLoading({ hidden }: { hidden?: boolean | undefined }) {
  return (
    <div className="diff-pane" hidden={hidden} aria-busy="true">
      <div className="diff-loading" role="status">
        Loading the editor…
      </div>
    </div>
  );
}

export function DiffPane(p: ComponentProps<typeof LazyDiffPane>) {
  return (
    <Suspense fallback={<EditorLoading hidden={p.hidden} />}>
      <LazyDiffPane {...p} />
    </Suspense>
  );
}

export function FileView(p: ComponentProps<typeof LazyFileView>) {
  return (
    <Suspense fallback={<EditorLoading />}>
      <LazyFileView {...p} />
    </Suspense>
  );
}
