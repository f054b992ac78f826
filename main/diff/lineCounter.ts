import { type BinaryByAttributes, countLineChanges, type LineCounts } from './countLineChanges';
import type { DiffAlgorithm } from './diffLines';
import { InternedVersions } from './internedVersions';
import { diffsAsBinary } from './isBinary';
import { asBuffer } from './lineRecords';

/**
 * `git log --numstat`'s counts for the versions of one file, pair after pair (a timeline, newest first): each
 * version's lines are interned once, from the version it was last diffed with, and the diffs compare ids.
 * Patience and histogram diffs are counted from the bytes (countLineChanges).
 */
export class LineCounter {
  /** A timeline's next pair usually shares one version with the last. */
  private readonly versions = new InternedVersions(4);

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
    this.versions.renewIfFull();
    const newer = this.versions.lines(after?.oid ?? '', b, this.versions.last);
    const older = this.versions.lines(before?.oid ?? '', a, newer);
    return this.versions.count(older, newer, { minimal: this.algorithm === 'minimal' });
  }
}
