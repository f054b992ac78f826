const ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/**
 * A path as git's diff writes it after `a/` or `b/` (quote.c's C-style quoting): in double quotes where one of its
 * bytes needs it, that byte escaped as `\t`, `\"`, `\\`… or in octal (`\303\251` for "é"). Control characters, `"`,
 * `\` and DEL always need it; bytes over 0x7f only with `core.quotePath` (git's default). The prefix goes inside the
 * quotes with the path. Bytes are the path's UTF-8, as git keeps names in its trees.
 */
export function quotedPath(prefix: string, path: string, quotePath = true): string {
  const bytes = Buffer.from(prefix + path, 'utf8');
  if (!bytes.some((b) => mustQuote(b, quotePath))) return prefix + path;
  let out = '"';
  let plain = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (!mustQuote(b, quotePath)) continue;
    out += bytes.toString('utf8', plain, i);
    out += `\\${ESCAPES[b] ?? b.toString(8).padStart(3, '0')}`;
    plain = i + 1;
  }
  return `${out}${bytes.toString('utf8', plain)}"`;
}

function mustQuote(b: number, quotePath: boolean): boolean {
  return b < 0x20 || b === 0x22 || b === 0x5c || b === 0x7f || (quotePath && b >= 0x80);
}

/** git's `---` and `+++` lines name a file with a tab after it where the name holds a space (so patch can find its end). */
/** What git writes before a diff's old and new paths: `a/` and `b/`, or nothing (`diff.noprefix`). */
export interface DiffPrefixes {
  readonly src: string;
  readonly dst: string;
}
export const GIT_PREFIXES: DiffPrefixes = { src: 'a/', dst: 'b/' };

export function fileLabel(prefix: string, path: string | null, quotePath = true): string {
  if (path === null) return '/dev/null';
  const label = quotedPath(prefix, path, quotePath);
  return label.includes(' ') ? `${label}\t` : label;
}
