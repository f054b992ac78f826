/**
 * git's `check-ref-format --allow-onelevel` rules, for any name that may become a path under the git
 * directory: no component starting with `.` or ending with `.lock`, no `..`, no control characters,
 * space, `~ ^ : ? * [ \`, no leading, trailing or double `/`, no trailing `.`, no `@{`, not `@` alone.
 * A leading `-` is refused too (git reads it as an option).
 */
export function isValidRefName(name: string): boolean {
  if (name.length === 0 || name === '@' || name.startsWith('-')) return false;
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names (check-ref-format)
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{')) return false;
  if (name.endsWith('.')) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

/**
 * A revision as a user types it: a full or abbreviated id, `HEAD`, or a valid ref name, followed by any
 * number of git's `~N` / `^N` steps (`HEAD~3`, `v5.0^`, `abc123^2`) — what main/objects/resolveRevision
 * resolves. `@{...}` forms (reflog, `@{-1}`) are not resolved by Strata and are refused.
 */
export function isValidRevision(rev: string): boolean {
  const m = /^(.*?)((?:[~^]\d*)*)$/.exec(rev);
  const base = m?.[1] ?? '';
  return base.length > 0 && isValidRefName(base);
}
