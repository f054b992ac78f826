import { useMemo } from 'react';
import { pairDiffRequest, parentDiffRequest } from '../../../shared/parentDiff';
import { useApiQuery } from '../client/useApiQuery';
import { SelectedCommitDetails } from '../details/SelectedCommitDetails';
import { DIFF_TAB, type TimelineTab, type TimelineTabContext } from '../tabs/timelineTab';
import { DiffPane, languageFor } from './DiffPane';
import { diffLabels } from './diffLabels';

/** The selected commit's change to the file (or A against B), beside its message and trailers. */
function DiffPanel({ ctx }: { ctx: TimelineTabContext }) {
  const { client, timeline } = ctx;
  const { current, a, b } = ctx.selection;
  const dir = timeline.repo.dir;
  // A against B when both are picked, else what the selected commit did
  const request = useMemo(
    () => (a && b ? pairDiffRequest(dir, a, b) : current ? parentDiffRequest(dir, current) : null),
    [dir, current, a, b],
  );
  // 60 ms: holding j asks for the commit it stops at, not every one it passes
  const diff = useApiQuery(client, 'diffVersions', request, { delayMs: 60, keepPrevious: true, onError: ctx.onError });
  const labels = diffLabels(current, a, b);
  const shown = diff.value;
  return (
    <div className="diff-and-details">
      <DiffPane
        original={shown?.from.text ?? ''}
        modified={shown?.to.text ?? ''}
        originalLabel={shown?.from.binary ? 'binary file' : labels.original}
        modifiedLabel={shown?.to.binary ? 'binary file' : labels.modified}
        loading={diff.loading}
        shownBlobs={shown ? { from: shown.from.oid, to: shown.to.oid } : null}
        language={languageFor(current?.path ?? timeline.path)}
        options={ctx.diffOptions}
        dark={ctx.dark}
        handleRef={ctx.bindDiffPane}
      />
      <SelectedCommitDetails ctx={ctx} />
    </div>
  );
}

export const tab: TimelineTab = { id: DIFF_TAB, order: 10, title: () => 'Diff', keepMounted: true, Panel: DiffPanel };
