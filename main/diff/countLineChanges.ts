import { diffLines, type DiffAlgorithm, type LineDiffOptions } from './diffLines';
import { diffsAsBinary } from './isBinary';
import { asBuffer } from './lineRecords';
import { changedMiddle } from './changedMiddle';

/** What the repository's attributes say of each side of a pair (see diffsAsBinary); absent: git looks at the bytes. */
export interface BinaryByAttributes {
  readonly before?: boolean;
  readonly after?: boolean;
}

export interface LineCounts {
  readonly additions: number | null;
  readonly deletions: number | null;
}

/**
 * Lines added and deleted between two versions, as `git diff --numstat` counts them (null for binary), or with
 * `ignoreWhitespace` as `git diff -w --numstat` does (`trimCommonTail`: as with no context, git's `-U0`). Counts do not
 * depend on where compaction slides the changes, so myers needs only the changed middle.
 */
export function countLineChanges(
  before: Uint8Array | null,
  after: Uint8Array | null,
  algorithm: DiffAlgorithm = 'myers',
  binary: BinaryByAttributes = {},
  how: Pick<LineDiffOptions, 'ignoreWhitespace' | 'trimCommonTail'> = {},
): LineCounts {
  const { ignoreWhitespace, trimCommonTail } = how;
  const a = asBuffer(before);
  const b = asBuffer(after);
  if (diffsAsBinary(a, binary.before) || diffsAsBinary(b, binary.after)) return { additions: null, deletions: null };
  if (ignoreWhitespace || trimCommonTail || algorithm === 'patience' || algorithm === 'histogram') {
    let additions = 0;
    let deletions = 0;
    for (const c of diffLines(a, b, { algorithm, ignoreWhitespace, trimCommonTail }).changes) {
      additions += c.count2;
      deletions += c.count1;
    }
    return { additions, deletions };
  }
  const { changed1, changed2 } = changedMiddle(a, b, algorithm === 'minimal');
  let deletions = 0;
  let additions = 0;
  for (const c of changed1) deletions += c;
  for (const c of changed2) additions += c;
  return { additions, deletions };
}
