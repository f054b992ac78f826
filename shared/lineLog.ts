import type { Person, RawCommitText } from './model';

/** One line of a `git log -L` hunk: ' ' context, '-' from the parent, '+' from the commit. */
export interface LineLogLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
  /** The line has no newline at its end (git prints "\ No newline at end of file" after it). */
  readonly noNewline?: true;
  /** The line is not UTF-8: `text` holds its bytes as Latin-1 characters, one a byte. */
  readonly latin1?: true;
}

/** A hunk as `git log -L` prints it: the whole tracked range of the commit, its changes inside. Line numbers 1-based. */
export interface LineLogHunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  readonly lines: readonly LineLogLine[];
}

export interface LineLogFileDiff {
  /** The path in the parent (another one across a rename); null where the commit added the file. */
  readonly oldPath: string | null;
  readonly path: string;
  readonly hunks: readonly LineLogHunk[];
}

/** A commit `git log -L` lists, with the diff of the tracked range (none for a merge, as git shows none). */
export interface LineLogCommit {
  readonly oid: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  readonly subject: string;
  readonly body: string;
  /** The message as the commit writes it (decoded), which git log prints whole. */
  readonly message: string;
  /** The author (unless the mailmap names another) and message where they are not UTF-8, as git log prints them. */
  readonly raw?: RawCommitText;
  /** The parents as git log's `Merge:` line abbreviates them (see main/objects/abbreviation). */
  readonly parentsAbbrev: readonly string[];
  /** The id as `git log --abbrev-commit` abbreviates it (written where the config's log.abbrevCommit asks: abbrevCommit). */
  readonly oidAbbrev: string;
  readonly diffs: readonly LineLogFileDiff[];
}

export interface LineLogResult {
  readonly path: string;
  /** The commit the ranges were read at. */
  readonly head: string;
  /** The tracked ranges at head, 1-based inclusive (a function's lines where one was asked for). */
  readonly ranges: readonly { readonly start: number; readonly end: number }[];
  readonly commits: readonly LineLogCommit[];
  /**
   * The function line a `:NAME` matched first ends with `;`: a declaration (a prototype before the definition),
   * which git's rules take for a function line (the default rule and `diff=cpp` alike: a line starting with a
   * letter). The definition's history is then that of `:^[^;]*NAME[^;]*$`: the first function line with NAME and
   * no `;` (definitionRegex).
   */
  readonly declaration?: boolean;
  /**
   * The function line a `:NAME` matched first has NAME only inside a longer name (`typedef struct l2arc_read_callback {`
   * for `arc_read`): git's NAME is a regex, and it finds text, not a name. The function's own history is then, as
   * for a declaration, that of definitionRegex.
   */
  readonly otherName?: boolean;
  /** The repository's `log.date` (git log's date format there, `default` where unset): the command line writes dates in it. */
  readonly dateFormat?: string;
  /** The repository's `log.abbrevCommit`: git log writes each `commit` line's id abbreviated (oidAbbrev). */
  readonly abbrevCommit?: boolean;
}

/**
 * The regex git log -L takes to find NAME's first function line that is not a declaration (no `;` in it) and has
 * NAME as a name of its own (GNU's word bounds, which git's regcomp reads on glibc), not inside a longer one.
 */
export function definitionRegex(name: string): string {
  return isPlainName(name) ? `^[^;]*\\<${name}\\>[^;]*$` : `^[^;]*${name}[^;]*$`;
}

/** A function name as C and most languages write one (letters, digits, underscores). */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** The unified text of one commit's diff, as `git log -L` prints it after the message. */
export function lineLogPatch(diffs: readonly LineLogFileDiff[]): string {
  return lineLogPatchParts(diffs)
    .map((p) => p.text)
    .join('');
}

/** lineLogPatch in parts: the text of lines that are not UTF-8 (LineLogLine.latin1) apart, for a writer of git's bytes. */
export function lineLogPatchParts(diffs: readonly LineLogFileDiff[]): { text: string; latin1: boolean }[] {
  const parts: { text: string; latin1: boolean }[] = [];
  let out = '';
  for (const d of diffs) {
    out += `diff --git a/${d.oldPath ?? d.path} b/${d.path}\n`;
    out += `--- ${d.oldPath === null ? '/dev/null' : `a/${d.oldPath}`}\n+++ b/${d.path}\n`;
    for (const h of d.hunks) {
      out += `@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@\n`;
      for (const l of h.lines) {
        out += l.kind;
        if (l.latin1) {
          parts.push({ text: out, latin1: false }, { text: l.text, latin1: true });
          out = '';
        } else out += l.text;
        out += `\n${l.noNewline ? '\\ No newline at end of file\n' : ''}`;
      }
    }
  }
  parts.push({ text: out, latin1: false });
  return parts;
}

/** One `-L` as the command line gives it: a range as written (`10,20`, `/regex/,+5`, `:NAME`), or a function's name. */
export type LineRangeArg = { readonly range: string } | { readonly funcname: string };
