import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FileVersion } from '../../../shared/model';
import { pairDiffRequest, parentDiffRequest } from '../../../shared/parentDiff';
import { useApiQuery } from '../client/useApiQuery';
import type { ApiParams } from '../../../shared/api';
import { DetailsBeside } from '../details/DetailsBeside';
import { useLayout } from '../layout/workbenchLayout';
import { DIFF_TAB, type TimelineTab, type TimelineTabContext } from '../tabs/timelineTab';
import { DiffPane, FileView } from './lazyEditors';
import type { DiffSide, LineActions } from './lineActions';
import { languageFor } from './languageFor';
import { changesOfUnified } from '../../../shared/unifiedChanges';
import { diffLabels } from './diffLabels';
import { EncodingPicker, useFileEncoding } from './EncodingPicker';
import { AlgorithmPicker, useDiffAlgorithm } from './AlgorithmPicker';

/** The selected commit's change to the file (or A against B), beside its message and trailers. */
function DiffPanel({ ctx }: { ctx: TimelineTabContext }) {
  const { client, timeline } = ctx;
  const { current, a, b } = ctx.selection;
  const dir = timeline.repo.dir;
  // A against B when both are picked, else what the selected commit did
  const [encoding, setEncoding] = useFileEncoding(dir, timeline.path);
  const [algorithm, setAlgorithm] = useDiffAlgorithm();
  // a directory's history (a path that names a directory) has no text to diff: the pane says so instead
  const directory = (a && b ? [a, b] : current ? [current] : []).find((e) => e.directory);
  // a version the repository lacks (a partial clone): nothing to diff either, and the pane says why
  const absent = directory ? undefined : (a && b ? [a, b] : current ? [current] : []).find((e) => e.absent);
  // a merge: which parent the diff is taken against (gitk's choice); a new selection starts from the first
  const [parentOf, setParentOf] = useState<{ oid: string; index: number } | null>(null);
  const parentIndex = current && parentOf?.oid === current.oid ? parentOf.index : 0;
  const currentOid = current?.oid;
  const moves = ctx.selection.moves;
  useEffect(() => setParentOf(null), [currentOid, moves]);
  // the text's encoding, the algorithm, and Ignore whitespace: git diff -w's hunks (a combined diff is --cc's as it is)
  const ignoreWhitespace = ctx.diffOptions.ignoreWhitespace;
  const withOptions = useCallback(
    (asked: ApiParams<'diffVersions'>): ApiParams<'diffVersions'> => ({
      ...asked,
      ...(encoding !== 'auto' ? { encoding } : {}),
      ...(algorithm !== 'config' ? { algorithm } : {}),
      ...(ignoreWhitespace && !asked.combined ? { ignoreWhitespace: true } : {}),
    }),
    [encoding, algorithm, ignoreWhitespace],
  );
  const request = useMemo(() => {
    if (directory || absent) return null;
    // -1: the merge's combined diff against all its parents (git show --cc)
    const asked =
      a && b
        ? pairDiffRequest(dir, a, b)
        : current && parentIndex === -1
          ? { dir, path: current.path, from: null, to: current.oid, combined: true }
          : current
            ? parentDiffRequest(dir, current, parentIndex)
            : null;
    return asked ? withOptions(asked) : null;
  }, [dir, current, a, b, directory, absent, parentIndex, withOptions]);
  // the diffs of the rows above and below, fetched once this one is shown: j/k shows them without asking
  const [ahead] = useState(() => new Map<string, unknown>());
  // 60 ms: holding j asks for the commit it stops at, not every one it passes
  const diff = useApiQuery(client, 'diffVersions', request, { delayMs: 60, keepPrevious: true, onError: ctx.onError, prefetched: ahead });
  const visible = ctx.selection.visible;
  useEffect(() => {
    if (!diff.value || !current || (a && b) || directory) return;
    const i = visible.findIndex((e) => e.oid === current.oid);
    const timer = setTimeout(() => {
      for (const n of [visible[i + 1], visible[i - 1]]) {
        if (!n || n.directory || n.absent) continue;
        const params = withOptions(parentDiffRequest(dir, n, 0));
        const key = JSON.stringify(params);
        if (ahead.has(key)) continue;
        void client.call('diffVersions', params).result.then(
          (v) => {
            ahead.set(key, v);
            if (ahead.size > 8) ahead.delete(ahead.keys().next().value!);
          },
          () => undefined, // asked again, and said, if it is selected
        );
      }
    }, 100);
    return () => clearTimeout(timer);
  }, [diff.value, current, a, b, directory, visible, dir, withOptions, client, ahead]);
  const labels = diffLabels(current, a, b, Math.max(0, parentIndex));
  const directoryNote = directory
    ? `${directory.path} is a directory here, not a file: no diff; the list shows the commits that changed what is under it`
    : absent
      ? `${absent.path} at ${absent.oid.slice(0, 12)} (or before it) is not in this clone (a partial clone leaves it out): no diff; ` +
        (timeline.stats.absentOn
          ? `"fetch them from ${timeline.stats.absentOn}", at the top, brings the missing versions`
          : 'fetch the missing objects and open the file again')
      : null;
  // nothing selected (a filter that matches nothing): no diff, not the last one shown, and the pane says so
  const shown = request ? diff.value : undefined;
  const nothingNote =
    !directoryNote && !current && !(a && b) && visible.length === 0 && timeline.entries.length > 0
      ? 'No commit to show: the filter lets none through.'
      : null;
  // the hunks git's counts come from, highlighted as they are (not Monaco's own diff)
  const gitChanges = useMemo(() => (shown ? changesOfUnified(shown.unified) : null), [shown]);
  const layout = useLayout();
  const full = layout.shown.fullFile;
  const language = languageFor(current?.path ?? timeline.path);
  const used = shown?.to.encoding ?? shown?.from.encoding;
  const merge = !(a && b) && current && current.parents.length > 1 ? current : null;
  const tools = (
    <>
      {merge && (
        <select
          aria-label="Diff against parent"
          value={parentIndex}
          onChange={(e) => setParentOf({ oid: merge.oid, index: Number(e.target.value) })}
          title="A merge: the diff against which parent"
        >
          {merge.parents.map((p, i) => (
            <option key={p} value={i}>
              against parent {i + 1} ({p.slice(0, 8)})
            </option>
          ))}
          <option value={-1}>combined, against all parents (--cc)</option>
        </select>
      )}
      <EncodingPicker value={encoding} onChange={setEncoding} used={used} />
      <AlgorithmPicker value={algorithm} onChange={setAlgorithm} used={shown?.algorithm} />
      <button
        type="button"
        className="toggle"
        aria-pressed={full}
        title={full ? 'Back to the diff (v)' : 'The whole file at this version (v)'}
        onClick={() => layout.toggle('fullFile')}
      >
        Full file
      </button>
    </>
  );
  const combined = merge !== null && parentIndex === -1;
  // lines picked on a side: git log -L of that side's commit's version (the Blame tab's "history of these lines"),
  // or blame there (a line the commit removed: who wrote it)
  const sides = request && !request.combined ? { original: request.from, modified: request.to } : null;
  const lineActions: LineActions | undefined =
    sides && current
      ? {
          original: sides.original !== null && (shown?.from.text ?? '') !== '',
          modified: (shown?.to.text ?? '') !== '',
          history: (side: DiffSide, first: number, last: number) => {
            const at = sides[side];
            if (at) ctx.selection.setFilter({ ...ctx.selection.filter, lines: `${first},${last}@${at}` });
          },
          blame: (side: DiffSide, line: number) => {
            const rev = sides[side];
            const path = side === 'original' ? (request?.fromPath ?? request?.path) : request?.path;
            if (rev && path) ctx.blameLine({ rev, path, line, from: current.oid });
          },
        }
      : undefined;
  return (
    <DetailsBeside ctx={ctx} entry={current ?? undefined}>
      <DiffPane
        hidden={full || combined}
        tools={tools}
        original={shown?.from.text ?? ''}
        modified={shown?.to.text ?? ''}
        changes={gitChanges}
        originalLabel={directoryNote ? '' : versionLabel(shown?.from, labels.original)}
        modifiedLabel={directoryNote ? '' : versionLabel(shown?.to, labels.modified)}
        note={directoryNote ?? nothingNote}
        loading={diff.loading}
        shownBlobs={shown ? { from: shown.from.oid, to: shown.to.oid } : null}
        language={language}
        options={ctx.diffOptions}
        dark={ctx.dark}
        handleRef={ctx.bindDiffPane}
        revealFrom={current && !(a && b) ? (ctx.selection.trackedStarts?.get(current.oid) ?? null) : null}
        {...(lineActions ? { lineActions } : {})}
      />
      {combined && !full && (
        <FileView
          text={
            shown && !shown.unified
              ? 'No combined hunks: every change of this merge to the file is one side taken whole (git show --cc shows none).\n'
              : (shown?.unified ?? '')
          }
          language={shown?.unified ? 'strata-combined-diff' : 'plaintext'}
          label={`${merge?.path ?? timeline.path}: combined diff of the merge against its ${merge?.parents.length ?? 2} parents (git show --cc)`}
          dark={ctx.dark}
          tools={tools}
        />
      )}
      {full && (
        <FileView
          text={shown?.to.text ?? ''}
          language={language}
          label={directoryNote ?? `${current?.path ?? timeline.path} at ${versionLabel(shown?.to, labels.modified)}`}
          dark={ctx.dark}
          tools={tools}
          blob={shown?.to.oid ?? null}
          {...(lineActions ? { lineActions } : {})}
        />
      )}
    </DetailsBeside>
  );
}

/** What a side of the diff is, where it is not text to compare. */
function versionLabel(v: FileVersion | undefined, label: string): string {
  return v?.binary ? 'binary file' : label;
}

export const tab: TimelineTab = { id: DIFF_TAB, order: 10, title: () => 'Diff', keepMounted: true, Panel: DiffPanel };
