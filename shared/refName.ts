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

/** A revision split as git reads it: a name, an optional `@{…}` (reflog entry, earlier branch, upstream), the steps after. */
export interface RevisionParts {
  /** A ref name, an id (full or abbreviated), or '' (with `at`: the current branch; alone, `@`: HEAD). */
  readonly name: string;
  /** What `@{…}` holds: a reflog entry (`1`), an earlier branch (`-1`), `upstream`/`u`/`push`; null without one. */
  readonly at: string | null;
  /** `~N`, `^N`, `^{}` and `^{commit}` in order. */
  readonly steps: readonly string[];
}

const STEPS = /(?:[~^]\d*|\^\{(?:commit)?\})*$/;
const STEP = /\^\{(?:commit)?\}|[~^]\d*/g;

/**
 * A revision as a user types it: a full or abbreviated id, `HEAD` (or `@`), or a valid ref name, optionally with
 * `@{N}` (its reflog's N-th prior value), `@{-N}` (the N-th branch checked out before) or `@{upstream}` (`@{u}`,
 * `@{push}`), then any number of git's `~N`, `^N`, `^{}` and `^{commit}` steps (`HEAD~3`, `v5.0^{}`, `main@{1}~2`,
 * `@{-1}`) — what main/objects/resolveRevision resolves; null for anything else (a date in `@{…}`, `:/text`).
 */
export function parseRevision(rev: string): RevisionParts | null {
  const stepsAt = STEPS.exec(rev)!.index;
  const steps = rev.slice(stepsAt).match(STEP) ?? [];
  let head = rev.slice(0, stepsAt);
  let at: string | null = null;
  const braces = /@\{([^{}]*)\}$/.exec(head);
  if (braces) {
    at = braces[1]!;
    if (!/^(\d{1,9}|-\d{1,9}|upstream|u|push)$/i.test(at)) return null;
    head = head.slice(0, braces.index);
    if (at.startsWith('-') && head !== '') return null; // git takes @{-N} alone
  } else if (head === '@') head = 'HEAD';
  if (head === '' ? at === null : !isValidRefName(head)) return null;
  return { name: head, at, steps };
}

export function isValidRevision(rev: string): boolean {
  return parseRevision(rev) !== null;
}
