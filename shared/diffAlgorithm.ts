/** git's `diff.algorithm` values; `minimal` is myers with `--minimal`. */
export type DiffAlgorithm = 'myers' | 'minimal' | 'patience' | 'histogram';
export const DIFF_ALGORITHMS = ['myers', 'minimal', 'patience', 'histogram'] as const satisfies readonly DiffAlgorithm[];

/** Parses `diff.algorithm`'s value (or `--diff-algorithm`'s) as git does (case-insensitive; `default` is myers). */
export function parseDiffAlgorithm(value: string | undefined | null): DiffAlgorithm | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'myers' || v === 'default') return 'myers';
  if (v === 'minimal' || v === 'patience' || v === 'histogram') return v;
  return null;
}
