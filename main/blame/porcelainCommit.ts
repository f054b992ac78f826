import { isUtf8 } from 'node:buffer';
import type { BlameIdent, BlamePorcelain } from '../../shared/blame';
import { decodeText, nameBefore } from '../objects/parseCommit';

/** A name and email the mailmap may give instead (mapPerson's shape, without a date). */
type MapIdentity = (who: { name: string; email: string }) => { name: string; email: string } | null;

/**
 * A commit as `git blame --porcelain` prints it (builtin/blame.c's get_commit_info): the commit in the encoding it
 * names (git re-encodes it to UTF-8), else its bytes as they are; each signature split as git's split_ident_line
 * splits it, then through the mailmap; the summary git's find_commit_subject finds, or `(<id>)` where there is none.
 */
export function porcelainCommit(oid: string, data: Uint8Array, mapIdentity: MapIdentity): BlamePorcelain {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const split = bytes.indexOf('\n\n');
  const header = bytes.subarray(0, split < 0 ? bytes.length : split).toString('latin1');
  const named = /^encoding (.*)$/m.exec(header)?.[1]?.trim();
  const utf8 = isUtf8(bytes);
  const converted = named !== undefined && !/^utf-?8$/i.test(named);
  const latin1 = !utf8 && !converted;
  const text = converted ? decodeText(bytes, named) : bytes.toString(latin1 ? 'latin1' : 'utf8');
  const headerEnd = text.indexOf('\n\n');
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const line = (key: string) => new RegExp(`^${key} (.*)$`, 'm').exec(head)?.[1];
  const ident = (raw: string | undefined): BlameIdent => {
    const split = raw === undefined ? null : splitIdent(raw);
    if (!split) return { name: '(unknown)', mail: '(unknown)', time: '0', tz: '(unknown)' };
    const mapped = mapIdentity({ name: split.name, email: split.email });
    // the mailmap's own text is UTF-8: in a commit written as its bytes, it goes as its UTF-8 bytes too
    const own = (s: string | undefined, fallback: string) =>
      s === undefined ? fallback : latin1 ? Buffer.from(s, 'utf8').toString('latin1') : s;
    return { name: own(mapped?.name, split.name), mail: `<${own(mapped?.email, split.email)}>`, time: split.time, tz: split.tz };
  };
  return {
    author: ident(line('author')),
    committer: ident(line('committer')),
    summary: headerEnd < 0 ? `(${oid})` : subjectOf(text.slice(headerEnd + 2)) || `(${oid})`,
    ...(latin1 ? { latin1: true as const } : {}),
  };
}

const isGitSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** git's split_ident_line: null where it finds no `<` or `>`; time 0 and zone `(unknown)` where it reads none. */
export function splitIdent(line: string): { name: string; email: string; time: string; tz: string } | null {
  const lt = line.indexOf('<');
  if (lt < 0) return null;
  const gt = line.indexOf('>', lt + 1);
  if (gt < 0) return null;
  const name = nameBefore(line, lt);
  const email = line.slice(lt + 1, gt);
  // the date comes after the last '>' (an address with a '>' in it is read past)
  let i = line.lastIndexOf('>') + 1;
  while (i < line.length && isGitSpace(line[i])) i++;
  const date = /^\d+/.exec(line.slice(i))?.[0];
  if (date === undefined) return { name, email, time: '0', tz: '(unknown)' };
  i += date.length;
  while (i < line.length && isGitSpace(line[i])) i++;
  const zone = /^[+-]\d+/.exec(line.slice(i))?.[0];
  return { name, email, time: parseUnsigned(date), tz: zone ?? '(unknown)' };
}

/** strtoul's reading of a run of digits, as git prints it: past what 64 bits hold, their largest value. */
function parseUnsigned(digits: string): string {
  const n = BigInt(digits);
  return (n > 0xffffffffffffffffn ? 0xffffffffffffffffn : n).toString();
}

/** git's find_commit_subject: the message's first line that is not blank (white space only), as it is. */
function subjectOf(message: string): string {
  let at = 0;
  while (at < message.length) {
    const end = message.indexOf('\n', at);
    const lineEnd = end < 0 ? message.length : end;
    if (!/^[ \t\n\v\f\r]*$/.test(message.slice(at, lineEnd))) return message.slice(at, lineEnd);
    if (end < 0) break;
    at = end + 1;
  }
  return '';
}
