import { commonPrefix, commonSuffix } from './commonBytes';
import { bogoSqrt, diffMiddle } from './myersDiff';

/** Up to this many distinct changed lines, the shared ends are searched for each (measured on git.git's history). */
const SEARCH_KEYS = 8;

/** Which lines of the changed middle of two files git's myers diff marks changed; the middle starts at line `head`. */
export interface MiddleChanges {
  readonly head: number;
  readonly changed1: Uint8Array;
  readonly changed2: Uint8Array;
}

/**
 * git's myers diff of two whole files (before compaction) depends on the lines they share at both ends only
 * through how many lines each file has and how often each line of the changed middle occurs in them. So
 * only the middle is split into lines: the shared ends are found by comparing bytes, counted in lines, and
 * searched for the distinct lines of the middle — stopping once a line occurs often enough for xdiff to
 * call it frequent.
 */
export function changedMiddle(a: Buffer, b: Buffer, minimal: boolean): MiddleChanges {
  const prefix = commonPrefix(a, b);
  const start = prefix === 0 ? 0 : a.lastIndexOf(10, prefix - 1) + 1; // (a negative offset would search from the end)
  const shared = commonSuffix(a, b, Math.min(a.length, b.length) - start);
  // a line of the shared end counts only if it starts after a newline that is shared too
  const nl = shared > 0 ? a.indexOf(10, a.length - shared) : -1;
  const tailBytes = nl < 0 ? 0 : a.length - (nl + 1);
  const x = latin1Lines(a, start, a.length - tailBytes);
  const y = latin1Lines(b, start, b.length - tailBytes);
  // what the bytes could not settle: a line at the edge of the shared end
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const m1 = x.length - head - tail;
  const m2 = y.length - head - tail;
  if (m1 === 0 || m2 === 0) {
    const headLines = countNewlines(a, 0, start) + head;
    return { head: headLines, changed1: new Uint8Array(m1).fill(1), changed2: new Uint8Array(m2).fill(1) };
  }
  // the shared ends are [0, endsHead) and [endsTail, end) of a
  let endsHead = start;
  for (let i = 0; i < head; i++) endsHead += x[i]!.length;
  let endsTail = a.length - tailBytes;
  for (let i = 0; i < tail; i++) endsTail -= x[x.length - 1 - i]!.length;
  const headLines = countNewlines(a, 0, endsHead);
  const sharedLines = headLines + countLinesFrom(a, endsTail);
  const lines1 = sharedLines + m1;
  const lines2 = sharedLines + m2;

  const ids = new Map<string, number>();
  const keys: string[] = [];
  const classOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = keys.length;
      ids.set(line, id);
      keys.push(line);
    }
    return id;
  };
  const ha1 = new Int32Array(m1);
  const ha2 = new Int32Array(m2);
  for (let i = 0; i < m1; i++) ha1[i] = classOf(x[head + i]!);
  for (let i = 0; i < m2; i++) ha2[i] = classOf(y[head + i]!);
  const in1 = new Int32Array(keys.length);
  const in2 = new Int32Array(keys.length);
  for (const c of ha1) in1[c]!++;
  for (const c of ha2) in2[c]!++;
  // occurrences in the shared ends matter only up to the point where xdiff calls a line frequent
  const cap = Math.min(Math.max(bogoSqrt(lines1), bogoSqrt(lines2)), 1024);
  const inEnds = new Int32Array(keys.length);
  const needles = keys.map((k) => (k.endsWith('\n') ? Buffer.from(`\n${k}`, 'latin1') : null));
  if (keys.length <= SEARCH_KEYS) {
    // few distinct lines: each is searched for in the ends (a native search)
    const headPart = a.subarray(0, endsHead);
    const tailPart = a.subarray(endsTail - 1);
    for (let c = 0; c < keys.length; c++) {
      const needle = needles[c];
      if (!needle) continue;
      const size = needle.length - 1;
      let n = size <= endsHead && headPart.compare(needle, 1, needle.length, 0, size) === 0 ? 1 : 0;
      for (let i = headPart.indexOf(needle); i >= 0 && n < cap; i = headPart.indexOf(needle, i + 1)) n++;
      if (endsTail < a.length) for (let i = tailPart.indexOf(needle); i >= 0 && n < cap; i = tailPart.indexOf(needle, i + 1)) n++;
      inEnds[c] = n;
    }
  } else {
    // many: the ends are split into lines too, each looked up
    const countIn = (from: number, to: number) => {
      for (const line of latin1Lines(a, from, to)) {
        const c = ids.get(line);
        if (c !== undefined && inEnds[c]! < cap && needles[c]) inEnds[c]!++;
      }
    };
    countIn(0, endsHead);
    countIn(endsTail, a.length);
  }
  const others1 = new Int32Array(m1);
  const others2 = new Int32Array(m2);
  for (let i = 0; i < m1; i++) others1[i] = in2[ha1[i]!]! + inEnds[ha1[i]!]!;
  for (let i = 0; i < m2; i++) others2[i] = in1[ha2[i]!]! + inEnds[ha2[i]!]!;
  const changed1 = new Uint8Array(m1);
  const changed2 = new Uint8Array(m2);
  diffMiddle(ha1, ha2, others1, others2, lines1, lines2, minimal, changed1, changed2);
  return { head: headLines, changed1, changed2 };
}

/**
 * Lines of data[from, to) as latin1 strings, each with its "\n". Converted a few KiB at a time and sliced:
 * one string per line costs a native call each, one string for a large region is slow to make (measured
 * 4 ms for 220 KB against 20 us for 20 KB).
 */
function latin1Lines(data: Buffer, from: number, to: number): string[] {
  const lines: string[] = [];
  let chunkStart = from;
  while (chunkStart < to) {
    let chunkEnd = Math.min(to, chunkStart + 16384);
    if (chunkEnd < to) {
      const nl = data.lastIndexOf(10, chunkEnd - 1);
      chunkEnd = nl >= chunkStart ? nl + 1 : Math.min(to, data.indexOf(10, chunkEnd) < 0 ? to : data.indexOf(10, chunkEnd) + 1);
    }
    const text = data.toString('latin1', chunkStart, chunkEnd);
    for (let s = 0; s < text.length;) {
      const nl = text.indexOf('\n', s);
      const e = nl < 0 ? text.length : nl + 1;
      lines.push(text.slice(s, e));
      s = e;
    }
    chunkStart = chunkEnd;
  }
  return lines;
}

function countNewlines(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = data.indexOf(10, from); i >= 0 && i < to; i = data.indexOf(10, i + 1)) n++;
  return n;
}

function countLinesFrom(data: Buffer, from: number): number {
  if (from >= data.length) return 0;
  return countNewlines(data, from, data.length) + (data[data.length - 1] === 10 ? 0 : 1);
}
