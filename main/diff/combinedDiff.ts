import { diffLines, type LineDiffOptions } from './diffLines';
import { asBuffer, splitRecords } from './lineRecords';

/** A line some parents had and the merge does not: `parents` has bit n set for parent n. */
interface LostLine {
  readonly text: string;
  parents: number;
}

interface ResultLine {
  /** Bit n: the line is not in parent n (a `+` in its column); then `mark` and `noPreDelete` bits. */
  flag: number;
  lost: LostLine[];
  readonly parentLine: number[];
}

/**
 * Coalesces one parent's lost lines into those of the parents before, by their longest common
 * subsequence, walking back as git's combine-diff.c coalesce_lines does, so the order matches git's.
 */
function coalesce(base: LostLine[], added: string[], bit: number): LostLine[] {
  if (added.length === 0) return base;
  if (base.length === 0) return added.map((text) => ({ text, parents: bit }));
  const w = added.length + 1;
  const lcs = new Int32Array((base.length + 1) * w);
  const dir = new Uint8Array((base.length + 1) * w); // 0 base, 1 new, 2 match
  for (let j = 1; j < w; j++) dir[j] = 1;
  for (let i = 1; i <= base.length; i++) {
    for (let j = 1; j < w; j++) {
      if (base[i - 1]!.text === added[j - 1]) {
        lcs[i * w + j] = lcs[(i - 1) * w + j - 1]! + 1;
        dir[i * w + j] = 2;
      } else if (lcs[i * w + j - 1]! >= lcs[(i - 1) * w + j]!) {
        lcs[i * w + j] = lcs[i * w + j - 1]!;
        dir[i * w + j] = 1;
      } else lcs[i * w + j] = lcs[(i - 1) * w + j]!;
    }
  }
  const out: LostLine[] = [];
  let i = base.length;
  let j = added.length;
  while (i !== 0 || j !== 0) {
    const d = dir[i * w + j];
    if (d === 2) {
      base[i - 1]!.parents |= bit;
      out.push(base[--i]!);
      j--;
    } else if (d === 1) out.push({ text: added[--j]!, parents: bit });
    else out.push(base[--i]!);
  }
  return out.reverse();
}

const isFunctionLine = (line: string) => /^[A-Za-z_$]/.test(line);

/**
 * The combined diff of a merge's file against its parents, as `git diff --cc` / `git show --cc` print it
 * (from the first `@@@` on; '' when git shows no hunk): lines that differ from every parent, with one
 * +/- column per parent; hunks where the merge took one side's version whole are left out.
 */
export function combinedDiff(
  parents: readonly (Uint8Array | null)[],
  result: Uint8Array,
  options: LineDiffOptions = {},
  context = 3,
): string {
  const n = parents.length;
  const resultLines = splitRecords(asBuffer(result));
  const cnt = resultLines.count;
  const text = (r: typeof resultLines, i: number) => r.data.toString('latin1', r.starts[i]!, r.starts[i + 1]!);
  const sline: ResultLine[] = [];
  for (let i = 0; i <= cnt + 1; i++) sline.push({ flag: 0, lost: [], parentLine: new Array<number>(n).fill(0) });
  parents.forEach((parent, p) => {
    const bit = 1 << p;
    const d = diffLines(parent, result, options);
    const lostOf = new Map<number, string[]>();
    for (const c of d.changes) {
      const lost: string[] = [];
      for (let k = 0; k < c.count1; k++) lost.push(text(d.lines1, c.start1 + k));
      if (lost.length) lostOf.set(c.start2, lost);
      for (let k = 0; k < c.count2; k++) sline[c.start2 + k]!.flag |= bit;
    }
    let line = 1;
    for (let i = 0; i <= cnt; i++) {
      const s = sline[i]!;
      s.parentLine[p] = line;
      const lost = lostOf.get(i);
      if (lost) s.lost = coalesce(s.lost, lost, bit);
      for (const l of s.lost) if (l.parents & bit) line++;
      if (i < cnt && !(s.flag & bit)) line++;
    }
    sline[cnt + 1]!.parentLine[p] = line;
  });
  if (!makeHunks(sline, cnt, n, context)) return '';
  return dump(sline, cnt, n, (i) => text(resultLines, i));
}

function findNext(sline: ResultLine[], mark: number, from: number, cnt: number, uninteresting: boolean): number {
  let i = from;
  while (i <= cnt && (uninteresting ? (sline[i]!.flag & mark) !== 0 : (sline[i]!.flag & mark) === 0)) i++;
  return i;
}

function adjustHunkTail(sline: ResultLine[], allMask: number, begin: number, i: number): number {
  return begin + 1 <= i && !(sline[i - 1]!.flag & allMask) ? i - 1 : i;
}

function makeHunks(sline: ResultLine[], cnt: number, n: number, context: number): boolean {
  const allMask = (1 << n) - 1;
  const mark = 1 << n;
  for (let i = 0; i <= cnt; i++) {
    const s = sline[i]!;
    if (s.flag & allMask || s.lost.length) s.flag |= mark;
    else s.flag &= ~mark;
  }
  // drop hunks where the merge took one version whole
  let i = 0;
  while (i <= cnt) {
    while (i <= cnt && !(sline[i]!.flag & mark)) i++;
    if (cnt < i) break;
    const begin = i;
    let j = i + 1;
    for (; j <= cnt; j++) {
      if (!(sline[j]!.flag & mark)) {
        let la = adjustHunkTail(sline, allMask, begin, j);
        la = la + context < cnt + 1 ? la + context : cnt + 1;
        let contin = false;
        while (la && j <= --la) {
          if (sline[la]!.flag & mark) {
            contin = true;
            break;
          }
        }
        if (!contin) break;
        j = la;
      }
    }
    const end = j;
    let same = 0;
    let interesting = false;
    for (let k = begin; k < end && !interesting; k++) {
      const s = sline[k]!;
      const diff = s.flag & allMask;
      if (diff) {
        if (!same) same = diff;
        else if (same !== diff) interesting = true;
      }
      for (const l of s.lost) {
        if (interesting) break;
        if (!same) same = l.parents;
        else if (same !== l.parents) interesting = true;
      }
    }
    if (!interesting && same !== allMask) for (let k = begin; k < end; k++) sline[k]!.flag &= ~mark;
    i = end;
  }
  return giveContext(sline, cnt, n, context);
}

function giveContext(sline: ResultLine[], cnt: number, n: number, context: number): boolean {
  const allMask = (1 << n) - 1;
  const mark = 1 << n;
  const noPreDelete = 2 << n;
  let i = findNext(sline, mark, 0, cnt, false);
  if (cnt < i) return false;
  while (i <= cnt) {
    let j = context < i ? i - context : 0;
    while (j < i) {
      if (!(sline[j]!.flag & mark)) sline[j]!.flag |= noPreDelete;
      sline[j++]!.flag |= mark;
    }
    for (;;) {
      j = findNext(sline, mark, i, cnt, true);
      if (cnt < j) return true;
      let k = findNext(sline, mark, j, cnt, false);
      j = adjustHunkTail(sline, allMask, i, j);
      if (k < j + context) {
        while (j < k) sline[j++]!.flag |= mark;
        i = k;
        continue;
      }
      i = k;
      k = j + context < cnt + 1 ? j + context : cnt + 1;
      while (j < k) sline[j++]!.flag |= mark;
      break;
    }
  }
  return true;
}

function dump(sline: ResultLine[], cnt: number, n: number, line: (i: number) => string): string {
  const mark = 1 << n;
  const noPreDelete = 2 << n;
  const out: string[] = [];
  const eol = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  let lno = 0;
  for (;;) {
    let comment: string | null = null;
    while (lno <= cnt && !(sline[lno]!.flag & mark)) {
      if (lno < cnt && isFunctionLine(line(lno))) comment = line(lno);
      lno++;
    }
    if (cnt < lno) break;
    let end = lno + 1;
    while (end <= cnt && sline[end]!.flag & mark) end++;
    const rlines = cnt < end ? end - lno - 1 : end - lno;
    const at = '@'.repeat(n + 1);
    let head = at;
    for (let p = 0; p < n; p++) {
      const l0 = sline[lno]!.parentLine[p]!;
      head += ` -${l0},${sline[end]!.parentLine[p]! - l0}`;
    }
    head += ` +${lno + 1},${rlines} ${at}`;
    if (comment !== null) {
      let commentEnd = 0;
      for (let i = 0; i < 40 && i < comment.length && comment[i] !== '\n'; i++) if (!/\s/.test(comment[i]!)) commentEnd = i;
      if (commentEnd) head += ` ${comment.slice(0, commentEnd)}`;
    }
    out.push(`${head}\n`);
    while (lno < end) {
      const sl = sline[lno++]!;
      if (!(sl.flag & noPreDelete))
        for (const l of sl.lost) {
          let cols = '';
          for (let p = 0; p < n; p++) cols += l.parents & (1 << p) ? '-' : ' ';
          out.push(cols + eol(l.text));
        }
      if (cnt < lno) break;
      let cols = '';
      for (let p = 0; p < n; p++) cols += sl.flag & (1 << p) ? '+' : ' ';
      out.push(cols + eol(line(lno - 1)));
    }
  }
  return out.join('');
}
