/**
 * Text without the characters of `set` at its end. A regular expression such as `/\s+$/` tries every run of those
 * characters in the text, each to its end: a commit message or a mail with a long run of spaces or blank lines
 * inside it then takes seconds (50,000 spaces: 4 s). This goes back from the end once.
 */
export function trimTrailing(text: string, set: string): string {
  let end = text.length;
  while (end > 0 && set.includes(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** git's isspace: what git log trims from the end of a message's lines. */
export const GIT_SPACE = ' \t\n\v\f\r';
