import { diffLines, type LineChange, type LineDiff, type LineDiffOptions } from './diffLines';
import type { LineRecords } from './lineRecords';
import { asBuffer, isSpaceByte } from './lineRecords';
import { type DiffPrefixes, fileLabel, GIT_PREFIXES } from './quotePath';
import { isUtf8 } from 'node:buffer';

/** Finds the function line for a hunk header: the text to show, or null when the line is not one. */
export type FunctionLineMatcher = (line: string) => string | null;

/** git's default rule (xemit.c's def_ff): a line starting with a letter, '_' or '$'; 80 bytes, trailing blanks cut. */
export const defaultFunctionLine: FunctionLineMatcher = (line) => {
  const c = line.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36)) return null;
  return line.slice(0, 80).replace(/[ \t\n\v\f\r]+$/, '');
};

export interface UnifiedOptions extends LineDiffOptions {
  /** Lines of context (git's -U, 3 by default). */
  readonly context?: number;
  /** diff.interHunkContext. */
  readonly interHunkContext?: number;
  readonly functionLine?: FunctionLineMatcher;
  /** `git diff -W`: each hunk shows the whole functions its changes are in (by `functionLine`), from their headers. */
  readonly functionContext?: boolean;
  /** core.quotePath: paths with bytes over 0x7f are quoted (git's default, true). */
  readonly quotePath?: boolean;
  /** Before the old and new paths: `a/` and `b/` by default. */
  readonly prefixes?: DiffPrefixes;
  /** How the hunks' bytes become text where an encoding was asked for (by default: UTF-8 where valid, else Latin-1). */
  readonly decode?: (bytes: Buffer) => string;
}

function lineText(r: LineRecords, i: number): string {
  return r.data.toString('latin1', r.starts[i]!, r.starts[i + 1]!);
}

/** The hunks of `git diff` for the changes found (xemit.c's grouping and layout), as latin1 text. */
export function formatHunks(diff: LineDiff, options: UnifiedOptions = {}): string {
  const ctx = options.context ?? 3;
  const maxCommon = 2 * ctx + (options.interHunkContext ?? 0);
  const match = options.functionLine ?? defaultFunctionLine;
  const { lines1, lines2, changes } = diff;
  const out: string[] = [];
  let funcLine = '';
  let funcSearchedTo = -1;
  const emit = (prefix: string, r: LineRecords, i: number) => {
    const text = lineText(r, i);
    out.push(prefix + text + (text.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'));
  };
  const isFunc1 = (l: number) => match(lineText(lines1, l)) !== null;
  const isFunc2 = (l: number) => match(lineText(lines2, l)) !== null;
  const isBlank1 = (l: number) => {
    for (let i = lines1.starts[l]!; i < lines1.starts[l + 1]!; i++) if (!isSpaceByte(lines1.data[i]!)) return false;
    return true;
  };
  /** The first function line of the old version from `from` towards `limit` (not reached), or -1. */
  const funcFrom = (from: number, limit: number): number => {
    const step = from < limit ? 1 : -1;
    for (let l = from; l !== limit && l >= 0 && l < lines1.count; l += step) if (isFunc1(l)) return l;
    return -1;
  };
  for (let h = 0; h < changes.length;) {
    let last = h;
    while (last + 1 < changes.length) {
      const prev = changes[last]!;
      if (changes[last + 1]!.start1 - (prev.start1 + prev.count1) > maxCommon) break;
      last++;
    }
    const first: LineChange = changes[h]!;
    let s1 = Math.max(first.start1 - ctx, 0);
    let s2 = Math.max(first.start2 - ctx, 0);
    if (options.functionContext) {
      // from the header of the function the first change is in (a change past the old end: unless it adds one),
      // and the lines right above that header that are neither blank nor another function's
      let at: number | null = first.start1;
      if (at >= lines1.count) {
        at = lines1.count - 1;
        for (let i = first.start2; i < lines2.count; i++)
          if (isFunc2(i)) {
            at = null;
            break;
          }
      }
      if (at !== null) {
        let fs1 = funcFrom(at, -1);
        while (fs1 > 0 && !isBlank1(fs1 - 1) && !isFunc1(fs1 - 1)) fs1--;
        if (fs1 < 0) fs1 = 0;
        if (fs1 < s1) {
          s2 = Math.max(s2 - (s1 - fs1), 0);
          s1 = fs1;
        }
      }
    }
    let end: LineChange = changes[last]!;
    let e1: number;
    let e2: number;
    for (;;) {
      const lctx = Math.min(ctx, lines1.count - (end.start1 + end.count1), lines2.count - (end.start2 + end.count2));
      e1 = end.start1 + end.count1 + lctx;
      e2 = end.start2 + end.count2 + lctx;
      if (!options.functionContext) break;
      // to the next function's header (the blank lines before it left out), else to the end
      let fe1 = funcFrom(end.start1 + end.count1, lines1.count);
      while (fe1 > 0 && isBlank1(fe1 - 1)) fe1--;
      if (fe1 < 0) fe1 = lines1.count;
      if (fe1 > e1) {
        e2 = Math.min(e2 + (fe1 - e1), lines2.count);
        e1 = fe1;
      }
      // a next change this close, or in the same function, joins the hunk
      const next = changes[last + 1];
      if (!next) break;
      const l = Math.min(next.start1, lines1.count - 1);
      if (!(l - ctx <= e1 || funcFrom(l, e1) < 0)) break;
      last++;
      end = next;
    }
    // the function line: searched upwards from above the hunk, no further than the previous search began
    for (let l = s1 - 1; l !== funcSearchedTo && l >= 0; l--) {
      const found = match(lineText(lines1, l));
      if (found !== null) {
        funcLine = found;
        break;
      }
    }
    funcSearchedTo = s1 - 1;
    const c1 = e1 - s1;
    const c2 = e2 - s2;
    const range = (s: number, c: number) => `${c ? s + 1 : s}${c === 1 ? '' : `,${c}`}`;
    out.push(`@@ -${range(s1, c1)} +${range(s2, c2)} @@${funcLine ? ` ${funcLine}` : ''}\n`);
    for (; s2 < first.start2; s2++) emit(' ', lines2, s2);
    let p1 = first.start1;
    let p2 = first.start2;
    for (let k = h; k <= last; k++) {
      const c = changes[k]!;
      for (; p1 < c.start1 && p2 < c.start2; p1++, p2++) emit(' ', lines2, p2);
      for (let i = c.start1; i < c.start1 + c.count1; i++) emit('-', lines1, i);
      for (let i = c.start2; i < c.start2 + c.count2; i++) emit('+', lines2, i);
      p1 = c.start1 + c.count1;
      p2 = c.start2 + c.count2;
    }
    for (let i = end.start2 + end.count2; i < e2; i++) emit(' ', lines2, i);
    h = last + 1;
  }
  return out.join('');
}

/**
 * A unified diff in git's layout (`--- a/…`, `+++ b/…`, hunks with 3 lines of context and git's function
 * lines), from the bytes of both versions; text is decoded as UTF-8 where valid, else Latin-1.
 */
export function unifiedDiff(
  oldPath: string | null,
  newPath: string | null,
  before: Uint8Array | string,
  after: Uint8Array | string,
  options: UnifiedOptions = {},
): string {
  return unifiedDiffText(oldPath, newPath, before, after, options).text;
}

/** A diff's text, and whether its hunks are Latin-1 (each character one byte, as the file has them) for not being UTF-8. */
export interface DiffText {
  readonly text: string;
  readonly latin1: boolean;
}

/** unifiedDiff, saying how its hunks were decoded (a writer of git's bytes encodes them back the same way). */
export function unifiedDiffText(
  oldPath: string | null,
  newPath: string | null,
  before: Uint8Array | string,
  after: Uint8Array | string,
  options: UnifiedOptions = {},
): DiffText {
  const a = typeof before === 'string' ? Buffer.from(before, 'utf8') : asBuffer(before);
  const b = typeof after === 'string' ? Buffer.from(after, 'utf8') : asBuffer(after);
  if (a.equals(b)) return { text: '', latin1: false };
  return unifiedDiffOfText(oldPath, newPath, diffLines(a, b, options), options);
}

/** unifiedDiff of two versions that differ, from their line diff already made (its changes serve something else too). */
export function unifiedDiffOf(oldPath: string | null, newPath: string | null, diff: LineDiff, options: UnifiedOptions = {}): string {
  return unifiedDiffOfText(oldPath, newPath, diff, options).text;
}

function unifiedDiffOfText(oldPath: string | null, newPath: string | null, diff: LineDiff, options: UnifiedOptions): DiffText {
  const formatted = formatHunks(diff, options);
  const hunks = options.decode ? { text: options.decode(Buffer.from(formatted, 'latin1')), latin1: false } : decodedBytes(formatted);
  const quote = options.quotePath ?? true;
  const { src, dst } = options.prefixes ?? GIT_PREFIXES;
  return { text: `--- ${fileLabel(src, oldPath, quote)}\n+++ ${fileLabel(dst, newPath, quote)}\n${hunks.text}`, latin1: hunks.latin1 };
}

/** Bytes held as a Latin-1 string (one character a byte), decoded as UTF-8 where they are that, else left as they are. */
export function decodedBytes(latin1: string): DiffText {
  const bytes = Buffer.from(latin1, 'latin1');
  return isUtf8(bytes) ? { text: bytes.toString('utf8'), latin1: false } : { text: latin1, latin1: true };
}
