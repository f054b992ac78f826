import { type BinaryByAttributes, countLineChanges, type LineCounts } from './countLineChanges';
import type { DiffAlgorithm } from './diffLines';
import { LineInterner, type InternedLines } from './internedLines';
import { diffsAsBinary } from './isBinary';
import { asBuffer } from './lineRecords';

/** Versions kept interned: a timeline's next pair usually shares one version with the last. */
const KEPT = 4;

/**
 * `git log --numstat`'s counts for the versions of one file, pair after pair (a timeline, newest first): each
 * version's lines are interned once, from the version it was last diffed with, and the diffs compare ids.
 * Patience and histogram diffs are counted from the bytes (countLineChanges).
 */
export class LineCounter {
  private interner = new LineInterner();
  private readonly kept = new Map<string, InternedLines>();

  constructor(private readonly algorithm: DiffAlgorithm = 'myers') {}

  /** Counts between two versions, each named by its blob id (null: the file is not there). */
  count(
    before: { oid: string; data: Uint8Array } | null,
    after: { oid: string; data: Uint8Array } | null,
    binary: BinaryByAttributes = {},
  ): LineCounts {
    const a = asBuffer(before?.data ?? null);
    const b = asBuffer(after?.data ?? null);
    if (
      this.algorithm === 'patience' ||
      this.algorithm === 'histogram' ||
      diffsAsBinary(a, binary.before) ||
      diffsAsBinary(b, binary.after)
    )
      return countLineChanges(a, b, this.algorithm, binary);
    if (this.interner.full) {
      this.interner = new LineInterner();
      this.kept.clear();
    }
    const last = [...this.kept.values()].pop();
    const newer = this.linesOf(after?.oid ?? '', b, last);
    const older = this.linesOf(before?.oid ?? '', a, newer);
    return this.interner.count(older, newer, { minimal: this.algorithm === 'minimal' });
  }

  private linesOf(oid: string, data: Buffer, like: InternedLines | undefined): InternedLines {
    let lines = this.kept.get(oid);
    if (lines) {
      this.kept.delete(oid);
    } else {
      lines = this.interner.lines(data, like);
      if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
    }
    this.kept.set(oid, lines);
    return lines;
  }
}
