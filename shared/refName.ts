import { compileExtended } from './posixRegex';

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
  /** `~N`, `^N`, `^{}`, `^{commit}` and `^{/text}` in order. */
  readonly steps: readonly string[];
  /** `:/text`: the youngest commit reachable from any ref (and HEAD) whose message matches text (see messageSearch). */
  readonly search?: string;
}

const STEPS = /(?:[~^]\d*|\^\{(?:commit)?\}|\^\{\/[^}]*\})*$/;
const STEP = /\^\{(?:commit)?\}|\^\{\/[^}]*\}|[~^]\d*/g;

/**
 * What `:/text` and `^{/text}` look for, as git reads it: a POSIX extended regular expression anywhere in the commit's
 * message (`.` takes line breaks too: git's regexec is not line by line); `!-` before it asks for the first message it
 * does not match, `!!` is a literal `!`; any other `!` is reserved (null), as is an expression that does not compile.
 */
export function messageSearch(text: string): { readonly pattern: RegExp; readonly negative: boolean } | null {
  let negative = false;
  if (text.startsWith('!')) {
    if (text.startsWith('!-')) negative = true;
    else if (!text.startsWith('!!')) return null;
    text = text.slice(negative ? 2 : 1);
  }
  try {
    return { pattern: compileExtended(text, 's'), negative };
  } catch {
    return null;
  }
}

/**
 * A revision as a user types it: a full or abbreviated id, `HEAD` (or `@`), or a valid ref name, optionally with
 * `@{N}` (its reflog's N-th prior value), `@{-N}` (the N-th branch checked out before) or `@{upstream}` (`@{u}`,
 * `@{push}`), then any number of git's `~N`, `^N`, `^{}` and `^{commit}` steps (`HEAD~3`, `v5.0^{}`, `main@{1}~2`,
 * `@{-1}`), or `:/text` and `rev^{/text}` (the youngest commit whose message matches) — what
 * main/objects/resolveRevision resolves; null for anything else (a date in `@{…}`).
 */
export function parseRevision(rev: string): RevisionParts | null {
  // `:/` alone names nothing (git refuses it); `^{/}` is the commit itself (the empty expression matches any message)
  if (rev.startsWith(':/'))
    return rev.length > 2 && messageSearch(rev.slice(2)) ? { name: '', at: null, steps: [], search: rev.slice(2) } : null;
  const stepsAt = STEPS.exec(rev)!.index;
  const steps = rev.slice(stepsAt).match(STEP) ?? [];
  if (steps.some((st) => st.startsWith('^{/') && !messageSearch(st.slice(3, -1)))) return null;
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
