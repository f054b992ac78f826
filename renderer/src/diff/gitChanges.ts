import type { editor } from 'monaco-editor/editor/editor.api.js';
import {
  WorkerBasedDocumentDiffProvider,
  type DocumentDiff,
} from 'monaco-editor/editor/browser/widget/diffEditor/diffProviderFactoryService.js';
import { DetailedLineRangeMapping, RangeMapping } from 'monaco-editor/editor/common/diff/rangeMapping.js';
import { LineRange } from 'monaco-editor/editor/common/core/ranges/lineRange.js';
import { Range } from 'monaco-editor/editor/common/core/range.js';
import type { LineChange } from '../../../shared/unifiedChanges';

/**
 * Git's changes for a pair of models, given when the pair is made. Monaco's diff editor computes its own diff
 * (another algorithm, other hunks), so its highlighted lines could disagree with the counts and hunks git's diff
 * gives; for a pair registered here it shows git's instead. Monaco's public API takes no diff from outside, so its
 * one diff provider is wrapped; a pair not registered still gets Monaco's own diff. (With "Ignore whitespace" the
 * changes given are git diff -w's.)
 */
const registered = new WeakMap<editor.ITextModel, { modified: editor.ITextModel; changes: readonly LineChange[] }>();

export function showGitChanges(original: editor.ITextModel, modified: editor.ITextModel, changes: readonly LineChange[]): void {
  registered.set(original, { modified, changes });
}

const monacoDiff = WorkerBasedDocumentDiffProvider.prototype.computeDiff;
WorkerBasedDocumentDiffProvider.prototype.computeDiff = function (original, modified, options, token) {
  // a pair the pane has let go of meanwhile (another version shown): nothing to diff
  if (original.isDisposed() || modified.isDisposed()) return Promise.resolve({ changes: [], identical: true, quitEarly: false, moves: [] });
  const git = registered.get(original);
  if (!git || git.modified !== modified || !fits(git.changes, original, modified))
    return monacoDiff.call(this, original, modified, options, token);
  return Promise.resolve(documentDiff(git.changes, original, modified));
};

function fits(changes: readonly LineChange[], a: editor.ITextModel, b: editor.ITextModel): boolean {
  return changes.every((c) => c.origEnd <= a.getLineCount() + 1 && c.modEnd <= b.getLineCount() + 1);
}

function documentDiff(changes: readonly LineChange[], a: editor.ITextModel, b: editor.ITextModel): DocumentDiff {
  return {
    changes: changes.map((c) => mapping(c, a, b)),
    identical: changes.length === 0,
    quitEarly: false,
    moves: [],
  };
}

/** A change with its changed characters: what lies between the common start and end of the two sides' text. */
function mapping(c: LineChange, a: editor.ITextModel, b: editor.ITextModel): DetailedLineRangeMapping {
  const lines = new DetailedLineRangeMapping(new LineRange(c.origStart, c.origEnd), new LineRange(c.modStart, c.modEnd), undefined);
  if (c.origStart === c.origEnd || c.modStart === c.modEnd) return lines.withInnerChangesFromLineRanges();
  const left = textOf(a, c.origStart, c.origEnd);
  const right = textOf(b, c.modStart, c.modEnd);
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (tail < left.length - head && tail < right.length - head && left[left.length - 1 - tail] === right[right.length - 1 - tail]) tail++;
  const from = (text: string, start: number, offset: number) => position(text, start, offset);
  const inner = new RangeMapping(
    rangeOf(from(left, c.origStart, head), from(left, c.origStart, left.length - tail)),
    rangeOf(from(right, c.modStart, head), from(right, c.modStart, right.length - tail)),
  );
  return new DetailedLineRangeMapping(new LineRange(c.origStart, c.origEnd), new LineRange(c.modStart, c.modEnd), [inner]);
}

function textOf(m: editor.ITextModel, start: number, end: number): string {
  const out: string[] = [];
  for (let n = start; n < end; n++) out.push(m.getLineContent(n));
  return out.join('\n');
}

/** Line and column (1-based) of an offset into lines joined by '\n' that begin at line `start`. */
function position(text: string, start: number, offset: number): { line: number; column: number } {
  let line = start;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function rangeOf(from: { line: number; column: number }, to: { line: number; column: number }): Range {
  return new Range(from.line, from.column, to.line, to.column);
}
