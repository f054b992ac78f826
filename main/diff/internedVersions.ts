import type { LineDiff } from './diffLines';
import { LineInterner, type InternedLines } from './internedLines';

/**
 * The versions of one file as they are diffed pair after pair (a timeline, newest first: one commit's "before"
 * is the next one's "after"): each version's lines interned once, by its blob id, along the version it is about
 * to be diffed with, and the last few kept. The interner is started afresh, and what was kept dropped, only
 * between pairs (`renewIfFull`): ids of two interners never meet in one diff.
 */
export class InternedVersions {
  private interner = new LineInterner();
  private readonly kept = new Map<string, InternedLines>();

  constructor(private readonly keep = 4) {}

  /** Starts afresh where the interner holds too many lines; true where it did. Call it before a pair, not within. */
  renewIfFull(): boolean {
    if (!this.interner.full) return false;
    this.interner = new LineInterner();
    this.kept.clear();
    return true;
  }

  /** The version named `oid`, its lines interned from `data` (along `like`, where given) unless it is kept. */
  lines(oid: string, data: Buffer, like?: InternedLines): InternedLines {
    let lines = this.kept.get(oid);
    if (lines) this.kept.delete(oid);
    else {
      lines = this.interner.lines(data, like);
      if (this.kept.size >= this.keep) this.kept.delete(this.kept.keys().next().value!);
    }
    this.kept.set(oid, lines);
    return lines;
  }

  /** The version kept last (the one the next pair most often shares), if any. */
  get last(): InternedLines | undefined {
    let last: InternedLines | undefined;
    for (const v of this.kept.values()) last = v;
    return last;
  }

  diff(
    older: InternedLines,
    newer: InternedLines,
    options: { minimal?: boolean; trimCommonTail?: boolean; indentHeuristic?: boolean } = {},
  ): LineDiff {
    return this.interner.diff(older, newer, options);
  }

  count(older: InternedLines, newer: InternedLines, options: { minimal?: boolean } = {}): { additions: number; deletions: number } {
    return this.interner.count(older, newer, options);
  }
}
