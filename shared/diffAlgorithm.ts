/** git's `diff.algorithm` values; `minimal` is myers with `--minimal`. */
export type DiffAlgorithm = 'myers' | 'minimal' | 'patience' | 'histogram';
export const DIFF_ALGORITHMS = ['myers', 'minimal', 'patience', 'histogram'] as const satisfies readonly DiffAlgorithm[];

/**
 * What git diff's whitespace flags let pass, strongest first (the strongest given wins, as in xdiff): `-w` any
 * whitespace; `-b` a run of whitespace for another, and whitespace at the end; `--ignore-space-at-eol` whitespace at
 * the end; `--ignore-cr-at-eol` a carriage return at the end.
 */
export const WHITESPACE_RULES = ['all', 'change', 'at-eol', 'cr-at-eol'] as const;
export type WhitespaceRule = (typeof WHITESPACE_RULES)[number];

/** Parses `diff.algorithm`'s value (or `--diff-algorithm`'s) as git does (case-insensitive; `default` is myers). */
export function parseDiffAlgorithm(value: string | undefined | null): DiffAlgorithm | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'myers' || v === 'default') return 'myers';
  if (v === 'minimal' || v === 'patience' || v === 'histogram') return v;
  return null;
}
