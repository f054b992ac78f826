import { isSpaceByte, type LineRecords } from './lineRecords';

/**
 * git's change compaction (xdl_change_compact), run on each file in turn after the diff: every group of
 * changed lines is slid up and down over equal lines as far as it goes, merging with the groups it meets;
 * then it is put back where it lines up with a change in the other file, or else, with the indent
 * heuristic (git's default since 2.14), where the indent heuristic scores the two cut points best.
 * Sliding never changes how many lines are changed, only which: counts do not need it, hunks and blame do.
 *
 * `changed` arrays hold one flag per line at index line+1, with a 0 before the first line and after the last.
 */
export function compactChanges(
  same: (i: number, j: number) => boolean,
  changed: Uint8Array,
  records: LineRecords,
  otherChanged: Uint8Array,
  otherCount: number,
  indentHeuristic: boolean,
): void {
  const n = records.count;
  const g = { start: 0, end: 0 };
  const go = { start: 0, end: 0 };
  const isChanged = (ch: Uint8Array, i: number) => ch[i + 1] !== 0;
  const first = (ch: Uint8Array, grp: { start: number; end: number }) => {
    grp.start = grp.end = 0;
    while (isChanged(ch, grp.end)) grp.end++;
  };
  const next = (ch: Uint8Array, grp: { start: number; end: number }, count: number): boolean => {
    if (grp.end === count) return false;
    grp.start = grp.end + 1;
    for (grp.end = grp.start; isChanged(ch, grp.end); grp.end++);
    return true;
  };
  const previous = (ch: Uint8Array, grp: { start: number; end: number }): boolean => {
    if (grp.start === 0) return false;
    grp.end = grp.start - 1;
    for (grp.start = grp.end; isChanged(ch, grp.start - 1); grp.start--);
    return true;
  };
  const slideDown = (): boolean => {
    if (g.end < n && same(g.start, g.end)) {
      changed[g.start++ + 1] = 0;
      changed[g.end++ + 1] = 1;
      while (isChanged(changed, g.end)) g.end++;
      return true;
    }
    return false;
  };
  const slideUp = (): boolean => {
    if (g.start > 0 && same(g.start - 1, g.end - 1)) {
      changed[--g.start + 1] = 1;
      changed[--g.end + 1] = 0;
      while (isChanged(changed, g.start - 1)) g.start--;
      return true;
    }
    return false;
  };
  const broken = (what: string) => new Error(`diff compaction lost track of the other file's groups (${what})`);

  first(changed, g);
  first(otherChanged, go);
  for (;;) {
    if (g.end !== g.start) {
      let size: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        size = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) if (!previous(otherChanged, go)) throw broken('sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!slideDown()) break;
          if (!next(otherChanged, go, otherCount)) throw broken('sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (size !== g.end - g.start);

      if (g.end === earliestEnd) {
        // it cannot move
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!slideUp()) throw broken('match disappeared');
          if (!previous(otherChanged, go)) throw broken('sliding to match');
        }
      } else if (indentHeuristic) {
        const measure = new SplitMeasure(records);
        let shift = Math.max(earliestEnd, g.end - size - 1, g.end - MAX_SLIDING);
        let bestShift = -1;
        let bestIndent = 0;
        let bestPenalty = 0;
        for (; shift <= g.end; shift++) {
          const score = { indent: 0, penalty: 0 };
          measure.score(shift, score);
          measure.score(shift - size, score);
          const cmp = bestShift === -1 ? 0 : INDENT_WEIGHT * Math.sign(score.indent - bestIndent) + (score.penalty - bestPenalty);
          if (bestShift === -1 || cmp <= 0) {
            bestIndent = score.indent;
            bestPenalty = score.penalty;
            bestShift = shift;
          }
        }
        while (g.end > bestShift) {
          if (!slideUp()) throw broken('best shift unreached');
          if (!previous(otherChanged, go)) throw broken('sliding to the best place');
        }
      }
    }
    if (g.end === g.start && go.end === go.start) {
      // unchanged in both: groups stay empty until either file's next change, which is found natively
      const skip = Math.min(unchangedFrom(changed, g.end, n), unchangedFrom(otherChanged, go.end, otherCount)) - 1;
      if (skip > 0) {
        g.start = g.end += skip;
        go.start = go.end += skip;
      }
    }
    if (!next(changed, g, n)) break;
    if (!next(otherChanged, go, otherCount)) throw broken('moving to the next group');
  }
  if (next(otherChanged, go, otherCount)) throw broken('at the end of the file');
}

/** How many lines from `line` on are unchanged (up to the next changed line, or the end). */
function unchangedFrom(changed: Uint8Array, line: number, count: number): number {
  const flag = changed.indexOf(1, line + 1);
  return (flag < 0 || flag - 1 > count ? count : flag - 1) - line;
}

/** The indent heuristic's weights, as git documents and tuned them (mhagger's diff-slider-tools). */
const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const MAX_SLIDING = 100;

class SplitMeasure {
  private readonly cache = new Map<number, number>();
  constructor(private readonly records: LineRecords) {}

  /** Columns of leading whitespace (tabs to 8), -1 for a blank line, at most MAX_INDENT. */
  indent(line: number): number {
    const known = this.cache.get(line);
    if (known !== undefined) return known;
    const { data, starts } = this.records;
    let ret = -1;
    let cols = 0;
    for (let i = starts[line]!, end = starts[line + 1]!; i < end; i++) {
      const c = data[i]!;
      if (!isSpaceByte(c)) {
        ret = cols;
        break;
      }
      if (c === 32) cols += 1;
      else if (c === 9) cols += 8 - (cols % 8);
      if (cols >= MAX_INDENT) {
        ret = MAX_INDENT;
        break;
      }
    }
    this.cache.set(line, ret);
    return ret;
  }

  /** Adds the badness of cutting the file just above `split` (xdiff's measure_split and score_add_split). */
  score(split: number, s: { indent: number; penalty: number }): void {
    const n = this.records.count;
    const endOfFile = split >= n;
    const indent = endOfFile ? -1 : this.indent(split);
    let preBlank = 0;
    let preIndent = -1;
    for (let i = split - 1; i >= 0; i--) {
      preIndent = this.indent(i);
      if (preIndent !== -1) break;
      preBlank++;
      if (preBlank === MAX_BLANKS) {
        preIndent = 0;
        break;
      }
    }
    let postBlank = 0;
    let postIndent = -1;
    for (let i = split + 1; i < n; i++) {
      postIndent = this.indent(i);
      if (postIndent !== -1) break;
      postBlank++;
      if (postBlank === MAX_BLANKS) {
        postIndent = 0;
        break;
      }
    }

    if (preIndent === -1 && preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
    if (endOfFile) s.penalty += END_OF_FILE_PENALTY;
    const blanksAfter = indent === -1 ? 1 + postBlank : 0;
    const totalBlank = preBlank + blanksAfter;
    s.penalty += TOTAL_BLANK_WEIGHT * totalBlank + POST_BLANK_WEIGHT * blanksAfter;
    const effective = indent !== -1 ? indent : postIndent;
    const anyBlanks = totalBlank !== 0;
    s.indent += effective;
    if (effective === -1 || preIndent === -1) return;
    if (effective > preIndent) {
      s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
    } else if (effective < preIndent) {
      if (postIndent !== -1 && postIndent > effective) {
        s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
      } else {
        s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
      }
    }
  }
}
