import { keyedLine } from '../../shared/keyedLine';
import { hashPatchLines, isSpace, parsePatchLines, splitLines } from './parsePatch';
import { bracketedPerson } from '../../shared/trailers';

/** A review tag given in a message (Reviewed-by:, Acked-by:, a bare "NAK"…). */
export interface GivenTag {
  readonly tag: string;
  readonly name: string;
  readonly email: string;
}

/** What the index keeps of one file of a patch: hashes of the normalised lines it adds and removes. */
export interface IndexedPatchFile {
  readonly path: string;
  readonly oldPath?: string;
  readonly added: readonly number[];
  readonly removed: readonly number[];
}

export interface BodyFacts {
  readonly files: readonly IndexedPatchFile[];
  readonly tags: readonly GivenTag[];
  /** b4's `change-id:` or gerrit's `Change-Id:`: the same series across versions. */
  readonly changeId: string | null;
}

export const REVIEW_TAGS = ['Reviewed-by', 'Acked-by', 'Tested-by', 'Reported-by', 'Suggested-by', 'Nacked-by'];
const TAG_HEAD =
  /^\s*(reviewed-by|acked-by|tested-by|reported-by|suggested-by|reported-and-tested-by|nacked-by|naked-by|nak-by|nak'd-by)\s*:/i;
/** "NAK." or "Nacked." alone on a line: a NAK from the sender. */
const BARE_NAK = /^\s*(?:nak|nack|nacked)\b[.!]?\s*(?:$|[,.;:-]|\bfrom\b)/i;

function canonicalTag(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower.startsWith('na')) return 'Nacked-by';
  if (lower === 'reported-and-tested-by') return 'Tested-by';
  return REVIEW_TAGS.find((t) => t.toLowerCase() === lower) ?? raw;
}

/** Name and email of a tag value ("Jane Doe <jane@x.org>", "jane@x.org"). */
export function tagPerson(value: string): { name: string; email: string } {
  const m = bracketedPerson(value);
  if (m) return { name: m.name.trim(), email: m.email.trim().toLowerCase() };
  // the first word-like `a@b` (`/[^\s<>@]+@[^\s<>@]+/`); the name is the value without the word holding the first @
  const inAddress = (c: string | undefined) => c !== undefined && c !== '<' && c !== '>' && c !== '@' && !/\s/.test(c);
  let email = '';
  for (let at = value.indexOf('@'); at >= 0 && email === ''; at = value.indexOf('@', at + 1)) {
    if (!inAddress(value[at - 1]) || !inAddress(value[at + 1])) continue;
    let start = at - 1;
    while (inAddress(value[start - 1])) start--;
    let end = at + 1;
    while (inAddress(value[end])) end++;
    email = value.slice(start, end).toLowerCase();
  }
  const first = value.indexOf('@');
  if (first < 0) return { name: value.trim(), email };
  let start = first;
  while (start > 0 && !/\s/.test(value[start - 1]!)) start--;
  let end = first;
  while (end < value.length && !/\s/.test(value[end]!)) end++;
  return { name: (value.slice(0, start) + value.slice(end)).trim(), email };
}

/** Most lines a file's hashes are kept for: enough to tell patches apart, bounded for a mass rewrite. */
const MAX_LINES_PER_FILE = 4000;

/** Patch files, review tags and change id of a decoded body; quoted lines ("> …") are someone else's words. */
export function extractBodyFacts(text: string, sender: { name: string; email: string }): BodyFacts {
  const lines = splitLines(text);
  const files = parsePatchLines(lines).map((f): IndexedPatchFile => ({
    path: f.path,
    ...(f.oldPath ? { oldPath: f.oldPath } : {}),
    added: hashPatchLines(f.added.slice(0, MAX_LINES_PER_FILE)),
    removed: hashPatchLines(f.removed.slice(0, MAX_LINES_PER_FILE)),
  }));
  const tags: GivenTag[] = [];
  let changeId: string | null = null;
  for (const line of lines) {
    // what the patterns below start with: the first character after the leading white space
    let at = 0;
    while (at < line.length && isSpace(line.charCodeAt(at))) at++;
    const first = line.charCodeAt(at);
    if (first === 62) continue; // '>'
    // tags inside the patch are the code's, not the reviewer's: nothing after its first line counts
    if (line.startsWith('diff --git ') || line.startsWith('@@ ')) break;
    const colon = line.includes(':');
    const t = colon ? keyedLine(line, TAG_HEAD) : null;
    if (t) {
      tags.push({ tag: canonicalTag(t[0]), ...tagPerson(t[1]) });
      continue;
    }
    if ((first === 110 || first === 78) && BARE_NAK.test(line)) tags.push({ tag: 'Nacked-by', name: sender.name, email: sender.email }); // n, N
    const cid = colon && (first === 99 || first === 67) ? /^\s*change-id:\s*(\S+)\s*$/i.exec(line) : null; // c, C
    if (cid && !changeId) changeId = cid[1]!;
  }
  return { files, tags, changeId };
}
