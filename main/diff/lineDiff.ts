import { diffArrays, structuredPatch } from 'diff';
import { isBinary } from '../history/similarity';
import { commonPrefix, commonSuffix } from './commonBytes';

export interface LineCounts {
  readonly additions: number | null;
  readonly deletions: number | null;
}

/** Splits into lines the way git's diff does: each line keeps its "\n"; a last line without one differs from the same text with it. */
export function splitLines(data: Uint8Array): string[] {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Lines added and deleted between two versions, as `git diff --numstat` counts them (null for binary). */
export function countLineChanges(before: Uint8Array | null, after: Uint8Array | null): LineCounts {
  const a = asBuffer(before);
  const b = asBuffer(after);
  if (isBinary(a) || isBinary(b)) return { additions: null, deletions: null };
  // Whole lines both versions start and end with belong to every minimal diff's common part: found by
  // comparing bytes, so only the changed middle is split into lines (consecutive versions share most).
  const prefix = commonPrefix(a, b);
  const start = prefix === 0 ? 0 : a.lastIndexOf(10, prefix - 1) + 1; // (a negative offset would search from the end)
  const shared = commonSuffix(a, b, Math.min(a.length, b.length) - start);
  // a line of the shared end counts only if it starts after a newline that is shared too
  const nl = shared > 0 ? a.indexOf(10, a.length - shared) : -1;
  const tailBytes = nl < 0 ? 0 : a.length - (nl + 1);
  const x = splitLines(a.subarray(start, a.length - tailBytes));
  const y = splitLines(b.subarray(start, b.length - tailBytes));
  // what the bytes could not settle: a line at the edge of the shared end
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xm = x.slice(head, x.length - tail);
  const ym = y.slice(head, y.length - tail);
  if (xm.length === 0 || ym.length === 0) return { additions: ym.length, deletions: xm.length };
  let additions = 0;
  let deletions = 0;
  // lines compare as strings (mapping them to ids first measured slower on git.git's history)
  for (const part of diffArrays(xm, ym)) {
    if (part.added) additions += part.count ?? part.value.length;
    else if (part.removed) deletions += part.count ?? part.value.length;
  }
  return { additions, deletions };
}

function asBuffer(data: Uint8Array | null): Buffer {
  return data === null ? Buffer.alloc(0) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A unified diff in git's layout (`--- a/…`, `+++ b/…`, hunks with 3 lines of context). */
export function unifiedDiff(oldPath: string | null, newPath: string | null, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const patch = structuredPatch(oldPath ?? '/dev/null', newPath ?? '/dev/null', before, after, undefined, undefined, { context });
  const out: string[] = [`--- ${oldPath ? `a/${oldPath}` : '/dev/null'}`, `+++ ${newPath ? `b/${newPath}` : '/dev/null'}`];
  for (const h of patch.hunks) {
    const oldRange = h.oldLines === 1 ? `${h.oldStart}` : `${h.oldLines === 0 ? h.oldStart : h.oldStart},${h.oldLines}`;
    const newRange = h.newLines === 1 ? `${h.newStart}` : `${h.newLines === 0 ? h.newStart : h.newStart},${h.newLines}`;
    out.push(`@@ -${oldRange} +${newRange} @@`);
    out.push(...h.lines);
  }
  return `${out.join('\n')}\n`;
}

/** Decodes file text: UTF-8 where it is valid, else Latin-1 so no byte is lost. */
export function decodeFileText(data: Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}
