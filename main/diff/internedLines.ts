import { commonTailToTrim, type LineDiff } from './diffLines';
import { compactChanges } from './compactChanges';
import { collectChanges } from './collectChanges';
import { commonPrefix, commonRunAt, commonSuffix } from './commonBytes';
import { lineKey, splitRecords, type LineRecords } from './lineRecords';
import { searchMiddleOf } from './myersSplit';

/** A version of a file as its lines and each line's id in a LineInterner (equal ids: equal bytes, or for -w's interner equal but for whitespace). */
export interface InternedLines {
  readonly records: LineRecords;
  readonly ids: Int32Array;
}

/** How far ahead in the old version internAlong looks for a line it had to look up (lines an edit deleted). */
const RESYNC_LINES = 16;

/** After this many lines in a row the same as the old ones, internAlong compares the rest of the stretch natively. */
const STRETCH_LINES = 8;

/** Past this many distinct lines an interner starts afresh (see LineInterner.full). */
const MAX_DISTINCT = 2_000_000;

/**
 * Gives every distinct line (its bytes, "\n" included: a last line without one is another line) one integer
 * id, across the versions of a file. Diffing the versions of one file again and again (blame walks them pair
 * by pair) then compares integers: each version's lines are read once, not once per diff they take part in.
 */
export class LineInterner {
  private readonly ids = new Map<string, number>();

  /**
   * `ignoreWhitespace`: lines equal once every whitespace byte is dropped share an id (xdiff's classes under
   * `-w`); the diffs of such ids are `-w`'s.
   */
  constructor(readonly ignoreWhitespace = false) {}

  get size(): number {
    return this.ids.size;
  }

  /** Too many lines are kept: the owner should start a new interner (ids of different interners never mix). */
  get full(): boolean {
    return this.ids.size >= MAX_DISTINCT;
  }

  /**
   * The lines of `data` with their ids. Given `like`, another version of the file interned by this interner
   * (the one it is about to be diffed with), the lines both start and end with are taken from it, as bytes
   * compare: only the lines between are split and looked up.
   */
  lines(data: Buffer, like?: InternedLines): InternedLines {
    if (like && like.records.count > 0) return this.linesLike(data, like);
    const records = splitRecords(data);
    const ids = new Int32Array(records.count);
    this.intern(records, ids, 0, records.count);
    return { records, ids };
  }

  private linesLike(data: Buffer, like: InternedLines): InternedLines {
    const old = like.records;
    const oldData = old.data;
    // whole lines at the start: up to the last newline both share
    const prefix = commonPrefix(data, oldData);
    const headBytes = prefix === 0 ? 0 : data.lastIndexOf(10, prefix - 1) + 1;
    const headLines = linesBefore(old, headBytes);
    // whole lines at the end, after the head: they start where a line starts in both files
    let tailBytes = commonSuffix(data, oldData, Math.min(data.length, oldData.length) - headBytes);
    const startsLine = (d: Buffer, at: number) => at === 0 || d[at - 1] === 10;
    if (!startsLine(data, data.length - tailBytes) || !startsLine(oldData, oldData.length - tailBytes)) {
      // after the first newline of the shared end (the same byte in both)
      const nl = data.indexOf(10, data.length - tailBytes);
      tailBytes = nl < 0 ? 0 : data.length - (nl + 1);
    }
    const tailStart = data.length - tailBytes;
    const oldTailLine = linesBefore(old, oldData.length - tailBytes);
    const tailLines = old.count - oldTailLine;
    const middle = splitRecords(data, headBytes, tailStart);
    const count = headLines + middle.count + tailLines;
    const starts = new Int32Array(count + 1);
    const ids = new Int32Array(count);
    starts.set(old.starts.subarray(0, headLines));
    ids.set(like.ids.subarray(0, headLines));
    starts.set(middle.starts.subarray(0, middle.count), headLines);
    const shift = data.length - oldData.length;
    const tailAt = headLines + middle.count;
    starts.set(old.starts.subarray(oldTailLine, old.count), tailAt);
    if (shift !== 0) for (let i = tailAt; i < count; i++) starts[i] = starts[i]! + shift;
    ids.set(like.ids.subarray(oldTailLine, old.count), tailAt);
    starts[count] = data.length;
    const records: LineRecords = { data, starts, count };
    this.internAlong(records, ids, headLines, headLines + middle.count, like, headLines, oldTailLine);
    return { records, ids };
  }

  /**
   * Interns lines [from, to) of records walking along lines [oldFrom, oldTo) of `like` (the version they are
   * about to be diffed with): most lines between two edits are the same bytes as the old line next in turn, and
   * take its id after a byte comparison, without a string or a look-up. A line that is not is looked up, and
   * the walk moves past the old line with its id where one is close ahead (lines the edit deleted).
   */
  private internAlong(
    records: LineRecords,
    ids: Int32Array,
    from: number,
    to: number,
    like: InternedLines,
    oldFrom: number,
    oldTo: number,
  ): void {
    const { data, starts } = records;
    const oldData = like.records.data;
    const oldStarts = like.records.starts;
    const oldIds = like.ids;
    /** Whether line i here and line k of the old version are the same bytes. */
    const same = (i: number, k: number): boolean => {
      const start = starts[i]!;
      const length = starts[i + 1]! - start;
      const oldStart = oldStarts[k]!;
      if (oldStarts[k + 1]! - oldStart !== length) return false;
      let b = 0;
      while (b < length && data[start + b] === oldData[oldStart + b]) b++;
      return b === length;
    };
    let j = oldFrom;
    let missed = 0;
    let streak = 0;
    for (let i = from; i < to;) {
      if (j < oldTo && same(i, j)) {
        ids[i++] = oldIds[j++]!;
        // a long stretch the edit left alone: its bytes are compared natively, many lines at a time
        if (++streak >= STRETCH_LINES && i < to && j < oldTo) {
          const base = starts[i]!;
          const oldBase = oldStarts[j]!;
          const run = commonRunAt(data, base, oldData, oldBase, Math.min(starts[to]! - base, oldStarts[oldTo]! - oldBase));
          while (i < to && j < oldTo && starts[i + 1]! - base <= run && oldStarts[j + 1]! - oldBase === starts[i + 1]! - base) {
            ids[i++] = oldIds[j++]!;
          }
          streak = 0;
        }
        continue;
      }
      streak = 0;
      // mostly new lines (a rewrite): the rest is interned in chunks, as without a neighbour
      if (++missed > 64 && missed * 2 > i - from) {
        this.intern(records, ids, i, to);
        return;
      }
      const key = this.ignoreWhitespace
        ? lineKey(data, starts[i]!, starts[i + 1]!, true)
        : data.toString('latin1', starts[i]!, starts[i + 1]!);
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(key, id);
      } else {
        // the old lines before it were deleted: picked up again where this line and the next both follow on
        const ahead = Math.min(oldTo, j + RESYNC_LINES);
        for (let k = j; k < ahead; k++) {
          if (oldIds[k] === id && (i + 1 >= to || k + 1 >= oldTo || same(i + 1, k + 1))) {
            j = k + 1;
            break;
          }
        }
      }
      ids[i++] = id;
    }
  }

  /** Looks up (or gives new ids to) lines [from, to) of records, into ids. */
  private intern(records: LineRecords, ids: Int32Array, from: number, to: number): void {
    const { data, starts } = records;
    if (this.ignoreWhitespace) {
      for (let line = from; line < to; line++) {
        const key = lineKey(data, starts[line]!, starts[line + 1]!, true);
        let id = this.ids.get(key);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(key, id);
        }
        ids[line] = id;
      }
      return;
    }
    // a few KiB at a time as one string, sliced per line (one native call per line is slower); a new line's key is
    // a fresh copy, so the map does not keep the chunk its slice points into
    let line = from;
    while (line < to) {
      const chunk = starts[line]!;
      let last = line;
      while (last + 1 < to && starts[last + 2]! - chunk <= 16384) last++;
      const text = data.toString('latin1', chunk, starts[last + 1]!);
      for (; line <= last; line++) {
        const key = text.slice(starts[line]! - chunk, starts[line + 1]! - chunk);
        let id = this.ids.get(key);
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(data.toString('latin1', starts[line]!, starts[line + 1]!), id);
        }
        ids[line] = id;
      }
    }
  }

  /**
   * git's default diff (myers, or `--minimal`) of two interned versions, with its compaction and the indent
   * heuristic: the same changes diffLines finds for their bytes. `trimCommonTail`, `indentHeuristic` (on by
   * default): as LineDiffOptions'.
   */
  diff(
    a: InternedLines,
    b: InternedLines,
    options: { minimal?: boolean; trimCommonTail?: boolean; indentHeuristic?: boolean } = {},
  ): LineDiff {
    const { n1, n2, changed1, changed2 } = this.mark(a, b, options);
    const ids1 = a.ids;
    const ids2 = b.ids;
    const lines1 = n1 === a.records.count ? a.records : { ...a.records, starts: a.records.starts.subarray(0, n1 + 1), count: n1 };
    const lines2 = n2 === b.records.count ? b.records : { ...b.records, starts: b.records.starts.subarray(0, n2 + 1), count: n2 };
    const indent = options.indentHeuristic ?? true;
    compactChanges((i, j) => ids1[i] === ids1[j], changed1, lines1, changed2, n2, indent);
    compactChanges((i, j) => ids2[i] === ids2[j], changed2, lines2, changed1, n1, indent);
    return { lines1, lines2, changes: collectChanges(changed1, n1, changed2, n2) };
  }

  /** Lines deleted and added, as `git diff --numstat` counts them (compaction moves changes, never counts them). */
  count(a: InternedLines, b: InternedLines, options: { minimal?: boolean } = {}): { additions: number; deletions: number } {
    const { changed1, changed2 } = this.mark(a, b, options);
    let deletions = 0;
    let additions = 0;
    for (const c of changed1) deletions += c;
    for (const c of changed2) additions += c;
    return { additions, deletions };
  }

  /** The lines git's myers search marks changed (flags at line+1), before compaction. */
  private mark(
    a: InternedLines,
    b: InternedLines,
    options: { minimal?: boolean; trimCommonTail?: boolean },
  ): { n1: number; n2: number; changed1: Uint8Array; changed2: Uint8Array } {
    const drop = options.trimCommonTail ? commonTailToTrim(a.records.data, b.records.data) : 0;
    // the bytes dropped are whole lines, the same ones at the end of both
    const n1 = drop ? linesBefore(a.records, a.records.data.length - drop) : a.records.count;
    const n2 = drop ? linesBefore(b.records, b.records.data.length - drop) : b.records.count;
    const ids1 = a.ids;
    const ids2 = b.ids;
    const changed1 = new Uint8Array(n1 + 2);
    const changed2 = new Uint8Array(n2 + 2);
    // xdiff's trimming of the shared first lines, then of the shared last ones
    let head = 0;
    while (head < n1 && head < n2 && ids1[head] === ids2[head]) head++;
    let tail = 0;
    while (tail < n1 - head && tail < n2 - head && ids1[n1 - 1 - tail] === ids2[n2 - 1 - tail]) tail++;
    const m1 = n1 - head - tail;
    const m2 = n2 - head - tail;
    if (m1 === 0 || m2 === 0) {
      changed1.fill(1, head + 1, head + 1 + m1);
      changed2.fill(1, head + 1, head + 1 + m2);
    } else {
      // how often each line of the middle occurs in the whole of the other file decides what xdiff discards
      searchMiddleOf(
        ids1,
        n1,
        ids2,
        n2,
        this.ids.size,
        head,
        m1,
        m2,
        options.minimal ?? false,
        changed1.subarray(head + 1, head + 1 + m1),
        changed2.subarray(head + 1, head + 1 + m2),
      );
    }
    return { n1, n2, changed1, changed2 };
  }
}

/** How many lines start before byte `offset` (a line start, or the end). */
function linesBefore(r: LineRecords, offset: number): number {
  let lo = 0;
  let hi = r.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
