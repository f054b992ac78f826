import type { WhitespaceRule } from '../../shared/diffAlgorithm';

/**
 * Lines as git's xdiff sees them: a line ends after its "\n" (a last line may have none, and then it
 * differs from the same text with one); lines are put in classes of equal lines, numbered in order of
 * first appearance over the first file then the second. With `ignoreWhitespace` (`-w`) two lines are
 * equal when they are equal once every C `isspace` byte is removed (what xdl_recmatch decides for -w).
 */
export interface LineRecords {
  readonly data: Buffer;
  /** Offsets of each line's first byte, and one more: the end of the last line. */
  readonly starts: Int32Array;
  readonly count: number;
}

export function asBuffer(data: Uint8Array | null): Buffer {
  if (data === null) return Buffer.alloc(0);
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Splits bytes [start, end) into lines. */
export function splitRecords(data: Buffer, start = 0, end = data.length): LineRecords {
  let starts = new Int32Array(Math.max(16, ((end - start) >> 5) + 2));
  let n = 0;
  let pos = start;
  while (pos < end) {
    if (n + 1 >= starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[n++] = pos;
    const nl = data.indexOf(10, pos);
    pos = nl < 0 || nl >= end ? end : nl + 1;
  }
  starts[n] = end;
  return { data, starts: starts.subarray(0, n + 1), count: n };
}

export function isSpaceByte(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The key two lines share exactly when xdiff would call them equal (true: `-w`'s rule). */
export function lineKey(data: Buffer, start: number, end: number, ignoreWhitespace: boolean | WhitespaceRule): string {
  if (!ignoreWhitespace) return data.toString('latin1', start, end);
  if (ignoreWhitespace !== true && ignoreWhitespace !== 'all') return ruleKey(data, start, end, ignoreWhitespace);
  let out = '';
  let runStart = -1;
  for (let i = start; i < end; i++) {
    if (isSpaceByte(data[i]!)) {
      if (runStart >= 0) out += data.toString('latin1', runStart, i);
      runStart = -1;
    } else if (runStart < 0) runStart = i;
  }
  if (runStart >= 0) out += data.toString('latin1', runStart, end);
  return out;
}

/** `-b`: each run of whitespace as one space, none at the end; `--ignore-space-at-eol`: none at the end; `--ignore-cr-at-eol`: no CR before the line's end. */
function ruleKey(data: Buffer, start: number, end: number, rule: 'change' | 'at-eol' | 'cr-at-eol'): string {
  let stop = end;
  if (rule === 'cr-at-eol') {
    if (stop > start && data[stop - 1] === 10) stop--;
    if (stop > start && data[stop - 1] === 13) stop--;
    return data.toString('latin1', start, stop);
  }
  while (stop > start && isSpaceByte(data[stop - 1]!)) stop--;
  if (rule === 'at-eol') return data.toString('latin1', start, stop);
  let out = '';
  let i = start;
  while (i < stop) {
    let j = i;
    while (j < stop && !isSpaceByte(data[j]!)) j++;
    out += data.toString('latin1', i, j);
    if (j === stop) break;
    out += ' ';
    while (j < stop && isSpaceByte(data[j]!)) j++;
    i = j;
  }
  return out;
}

export interface LineClasses {
  /** Class of each line of the first and second file. */
  readonly classes1: Int32Array;
  readonly classes2: Int32Array;
  /** How many lines of each class the first and second file hold. */
  readonly count1: Int32Array;
  readonly count2: Int32Array;
}

export function classifyLines(a: LineRecords, b: LineRecords, ignoreWhitespace: boolean | WhitespaceRule = false): LineClasses {
  const ids = new Map<string, number>();
  const classes1 = new Int32Array(a.count);
  const classes2 = new Int32Array(b.count);
  const assign = (r: LineRecords, out: Int32Array) => {
    for (let i = 0; i < r.count; i++) {
      const key = lineKey(r.data, r.starts[i]!, r.starts[i + 1]!, ignoreWhitespace);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      out[i] = id;
    }
  };
  assign(a, classes1);
  assign(b, classes2);
  const count1 = new Int32Array(ids.size);
  const count2 = new Int32Array(ids.size);
  for (const c of classes1) count1[c]!++;
  for (const c of classes2) count2[c]!++;
  return { classes1, classes2, count1, count2 };
}
