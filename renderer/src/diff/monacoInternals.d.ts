// Monaco's diff internals that its public API does not type: Strata's diff pane hands the editor git's own
// changes (renderer/src/diff/gitChanges.ts). Only what that file uses is declared.
declare module 'monaco-editor/editor/common/core/ranges/lineRange.js' {
  export class LineRange {
    constructor(startLineNumber: number, endLineNumberExclusive: number);
    readonly startLineNumber: number;
    readonly endLineNumberExclusive: number;
  }
}
declare module 'monaco-editor/editor/common/core/range.js' {
  export class Range {
    constructor(startLineNumber: number, startColumn: number, endLineNumber: number, endColumn: number);
  }
}
declare module 'monaco-editor/editor/common/diff/rangeMapping.js' {
  import type { LineRange } from 'monaco-editor/editor/common/core/ranges/lineRange.js';
  import type { Range } from 'monaco-editor/editor/common/core/range.js';
  export class RangeMapping {
    constructor(originalRange: Range, modifiedRange: Range);
  }
  export class DetailedLineRangeMapping {
    constructor(original: LineRange, modified: LineRange, innerChanges: RangeMapping[] | undefined);
    withInnerChangesFromLineRanges(): DetailedLineRangeMapping;
  }
}
declare module 'monaco-editor/editor/browser/widget/diffEditor/diffProviderFactoryService.js' {
  import type { editor } from 'monaco-editor/editor/editor.api.js';
  import type { DetailedLineRangeMapping } from 'monaco-editor/editor/common/diff/rangeMapping.js';
  export interface DocumentDiff {
    readonly changes: readonly DetailedLineRangeMapping[];
    readonly identical: boolean;
    readonly quitEarly: boolean;
    readonly moves: readonly unknown[];
  }
  export class WorkerBasedDocumentDiffProvider {
    computeDiff(
      original: editor.ITextModel,
      modified: editor.ITextModel,
      options: { readonly ignoreTrimWhitespace: boolean },
      token: unknown,
    ): Promise<DocumentDiff>;
  }
}
