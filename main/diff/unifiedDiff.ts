import { diffLines, type LineChange, type LineDiff, type LineDiffOptions } from './diffLines';
import type { LineRecords } from './lineRecords';
import { asBuffer } from './lineRecords';
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
  for (let h = 0; h < changes.length;) {
    let last = h;
    while (last + 1 < changes.length) {
      const prev = changes[last]!;
      if (changes[last + 1]!.start1 - (prev.start1 + prev.count1) > maxCommon) break;
      last++;
    }
    const first: LineChange = changes[h]!;
    const end: LineChange = changes[last]!;
    const s1 = Math.max(first.start1 - ctx, 0);
    let s2 = Math.max(first.start2 - ctx, 0);
    const lctx = Math.min(ctx, lines1.count - (end.start1 + end.count1), lines2.count - (end.start2 + end.count2));
    const e1 = end.start1 + end.count1 + lctx;
    const e2 = end.start2 + end.count2 + lctx;
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
