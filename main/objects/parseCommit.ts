import { isUtf8 } from 'node:buffer';
import type { Person, RawCommitText } from '../../shared/model';

export interface ParsedCommit {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  /** Committer time in seconds since the epoch: git orders its walk by it. */
  readonly commitTime: number;
  readonly message: string;
}

interface Signature {
  person: Person;
  time: number;
}

export function parseSignature(line: string): Signature {
  const quick = quickSignature(line);
  if (quick) return quick;
  const m = signatureParts(line);
  if (!m) return { person: { name: line.trim(), email: '', date: new Date(0).toISOString() }, time: 0 };
  const time = Number(m[3]);
  const sign = m[4] === '-' ? -1 : 1;
  const offsetMinutes = sign * (Number(m[5]) * 60 + Number(m[6]));
  return { person: { name: nameBefore(m[1]!, m[1]!.length), email: m[2]!, date: isoWithOffset(time, offsetMinutes) }, time };
}

/**
 * What `/^(.*?) ?<([^>]*)> (-?\d+) ([+-])(\d\d)(\d\d)\s*$/` matches, found without trying it from every `<` (a line
 * of 10,000 took a fifth of a second, quadratically more for longer: a commit's bytes are data). The date after the
 * `>` runs to the end, so that `>` is the line's last; its `<` is the first after the `>` before it.
 */
function signatureParts(line: string): [string, string, string, string, string, string, string] | null {
  const gt = line.lastIndexOf('>');
  if (gt < 0) return null;
  const date = /^ (-?\d+) ([+-])(\d\d)(\d\d)\s*$/.exec(line.slice(gt + 1));
  if (!date) return null;
  const lt = line.indexOf('<', line.lastIndexOf('>', gt - 1) + 1);
  if (lt < 0 || lt > gt) return null;
  const name = line.slice(0, line.charCodeAt(lt - 1) === 32 ? lt - 1 : lt);
  if (/[\n\r\u2028\u2029]/.test(name)) return null; // `.` takes no line terminator
  return [line, name, line.slice(lt + 1, gt), date[1]!, date[2]!, date[3]!, date[4]!];
}

/** The name before `<` as git reads it: without the white space (git's: space, tab, CR, LF) that ends it. */
export function nameBefore(line: string, lt: number): string {
  let e = lt;
  while (e > 0 && isGitSpace(line.charCodeAt(e - 1))) e--;
  return line.slice(0, e);
}

/** git's isspace: space, tab, LF, CR (not the vertical tab or form feed C's has). */
const isGitSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

const digitAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * The usual signature (`Name <email> 1552381200 +0100`) without a regular expression: a walk's list describes
 * thousands of commits, two signatures each. Null where the line is anything else (parseSignature's expression
 * decides those): the answer is the expression's where this gives one.
 */
function quickSignature(line: string): Signature | null {
  const lt = line.indexOf('<');
  const gt = lt < 0 ? -1 : line.indexOf('>', lt + 1);
  if (gt < 0 || line.charCodeAt(gt + 1) !== 32) return null;
  // the expression's name is `.*?`, which takes no line terminator
  for (let k = 0; k < lt; k++) {
    const c = line.charCodeAt(k);
    if (c === 13 || c === 10 || c === 0x2028 || c === 0x2029) return null;
  }
  let i = gt + 2;
  const from = i;
  if (line.charCodeAt(i) === 45) i++;
  const digits = i;
  while (digitAt(line, i)) i++;
  if (i === digits || i - digits > 15 || line.charCodeAt(i) !== 32) return null;
  const time = Number(line.slice(from, i));
  const sign = line.charCodeAt(i + 1);
  if ((sign !== 43 && sign !== 45) || !digitAt(line, i + 2) || !digitAt(line, i + 3) || !digitAt(line, i + 4) || !digitAt(line, i + 5))
    return null;
  for (let k = i + 6; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c !== 32 && (c < 9 || c > 13)) return null;
  }
  const hours = (line.charCodeAt(i + 2) - 48) * 10 + line.charCodeAt(i + 3) - 48;
  const minutes = (line.charCodeAt(i + 4) - 48) * 10 + line.charCodeAt(i + 5) - 48;
  const offsetMinutes = (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
  const name = nameBefore(line, lt);
  return { person: { name, email: line.slice(lt + 1, gt), date: isoWithOffset(time, offsetMinutes) }, time };
}

/** Formats like git's `%aI`: local time of the signature with its own offset. */
export function isoWithOffset(seconds: number, offsetMinutes: number): string {
  const local = seconds + offsetMinutes * 60;
  // a time past what a date can hold is git's overflow: it shows the epoch
  if (!(Math.abs(local) <= 8.64e12)) return '1970-01-01T00:00:00+00:00';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${localTime(local)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Seconds since the epoch as `YYYY-MM-DDTHH:MM:SS`, by arithmetic for years 1970–9999 (a Date for the rest). */
function localTime(seconds: number): string {
  if (!(seconds >= 0 && seconds < 253402300800) || !Number.isInteger(seconds)) return new Date(seconds * 1000).toISOString().slice(0, 19);
  const days = Math.floor(seconds / 86400);
  const inDay = seconds - days * 86400;
  // the civil date of a day count (from 1970-01-01), by eras of 400 years starting in March
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(inDay % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function parseCommit(data: Uint8Array): ParsedCommit {
  const end = headerEnd(data);
  const raw = Buffer.from(data.buffer, data.byteOffset, end);
  // git re-encodes the whole commit, its author and committer too, from the encoding it names
  const named = declaredEncoding(raw);
  const header = named ? decodeText(raw, named) : raw.toString('utf8');
  let tree = '';
  const parents: string[] = [];
  let author: Signature | null = null;
  let committer: Signature | null = null;
  let encoding = 'utf-8';
  for (const line of header.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig, mergetag)
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseSignature(value);
    else if (key === 'committer') committer = parseSignature(value);
    else if (key === 'encoding') encoding = value.trim();
  }
  const body = data.subarray(Math.min(data.length, end + 2));
  const message = decodeText(body, encoding);
  const a = author ?? committer ?? parseSignature('');
  const c = committer ?? a;
  return { tree, parents, author: a.person, committer: c.person, commitTime: c.time, message };
}

/**
 * Where a commit names no encoding and its author or message is not UTF-8 (an old commit's "D\xe1vila"): those bytes
 * as Latin-1 characters, as git log and git blame print them, unconverted; null where the commit is all UTF-8 or
 * names its encoding (git converts it then, as parseCommit decodes it).
 */
export function rawParts(data: Uint8Array): RawCommitText | null {
  if (isUtf8(data)) return null;
  const end = headerEnd(data);
  const header = Buffer.from(data.buffer, data.byteOffset, end);
  if (declaredEncoding(header)) return null;
  const body = data.subarray(Math.min(data.length, end + 2));
  const line = header
    .toString('latin1')
    .split('\n')
    .find((l) => l.startsWith('author '));
  const author = line !== undefined && !isUtf8(Buffer.from(line, 'latin1')) ? parseSignature(line.slice(7)).person : null;
  const message = isUtf8(body) ? null : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  // what is not UTF-8 may be elsewhere (the committer, a signature): nothing git prints here
  if (!author && message === null) return null;
  return { ...(author ? { author: { name: author.name, email: author.email } } : {}), ...(message !== null ? { message } : {}) };
}

const ENCODING = Buffer.from('\nencoding ');

/** The encoding a commit's `encoding` header names, if it names one other than UTF-8. */
function declaredEncoding(header: Buffer): string | null {
  const at = header.indexOf(ENCODING);
  if (at < 0) return null;
  const from = at + ENCODING.length;
  const to = header.indexOf(10, from);
  const name = header.toString('latin1', from, to < 0 ? header.length : to).trim();
  return /^utf-?8$/i.test(name) ? null : name;
}

const TREE = Buffer.from('tree ');
const PARENT = Buffer.from('parent ');
const COMMITTER = Buffer.from('committer ');

/** Whether `buf` holds `word` at `at`, wholly before `end`. */
function startsWith(buf: Buffer, at: number, end: number, word: Buffer): boolean {
  if (at + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

/** Latin-1 white space, as a regular expression's `\s` takes it. */
function isSpaceByte(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The time of a committer line (`... <seconds> <+-hhmm>` and trailing white space), or null where it has none;
 * read from the bytes, without a string of the line (the commit walks of a history and an archive read it once
 * per commit).
 */
function committerTime(buf: Buffer, pos: number, nl: number): number | null {
  let e = nl;
  while (e > pos && isSpaceByte(buf[e - 1]!)) e--;
  const zone = e - 5;
  if (zone - 1 <= pos || (buf[zone] !== 43 && buf[zone] !== 45) || buf[zone - 1] !== 32) return null;
  for (let k = zone + 1; k < e; k++) if (!isDigit(buf[k]!)) return null;
  const last = zone - 2;
  let first = last + 1;
  while (first > pos && isDigit(buf[first - 1]!)) first--;
  if (first > last) return null;
  let from = first;
  if (buf[from - 1] === 45) from--;
  if (from - 1 < pos || buf[from - 1] !== 32) return null;
  return Number(buf.toString('latin1', from, last + 1));
}

const TREE_LINE = 0;
const PARENT_LINE = 1;
const COMMITTER_LINE = 2;

/**
 * Visits a commit's tree, parent and committer lines (the header up to `end`), each as `visit(kind, at, nl)`:
 * its start and its newline; stops, returning false, where `visit` does.
 */
function scanLinks(buf: Buffer, end: number, visit: (kind: number, at: number, nl: number) => boolean): boolean {
  let pos = 0;
  while (pos < end) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl > end) nl = end;
    const c = buf[pos];
    const kind =
      c === 116 && startsWith(buf, pos, end, TREE)
        ? TREE_LINE
        : c === 112 && startsWith(buf, pos, end, PARENT)
          ? PARENT_LINE
          : c === 99 && startsWith(buf, pos, end, COMMITTER)
            ? COMMITTER_LINE
            : -1;
    if (kind >= 0 && !visit(kind, pos, nl)) return false;
    pos = nl + 1;
  }
  return true;
}

/** A commit's tree, parents and committer time: what a walk needs, read without decoding the rest. */
export function parseCommitLinks(data: Uint8Array): { tree: string; parents: string[]; commitTime: number } {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const end = headerEnd(buf);
  let tree = '';
  const parents: string[] = [];
  let commitTime = 0;
  scanLinks(buf, end, (kind, at, nl) => {
    if (kind === TREE_LINE) tree = buf.toString('latin1', at + 5, Math.min(at + 45, end));
    else if (kind === PARENT_LINE) parents.push(buf.toString('latin1', at + 7, Math.min(at + 47, end)));
    else commitTime = committerTime(buf, at, nl) ?? commitTime;
    return true;
  });
  return { tree, parents, commitTime };
}

/** Hex digit values by character code (-1: not one), for ids read from a commit's text into bytes. */
const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[97 + c] = HEX[65 + c] = 10 + c;

/** The 40 hex digits at `at` as 20 bytes at out[to]; false where they are not 40 hex digits before `end`. */
function hexInto(buf: Buffer, at: number, end: number, out: Buffer, to: number): boolean {
  if (at + 40 > end) return false;
  for (let k = 0; k < 40; k++) if (buf[at + k]! > 127 || HEX[buf[at + k]!]! < 0) return false;
  for (let k = 0; k < 20; k++) out[to + k] = (HEX[buf[at + 2 * k]!]! << 4) | HEX[buf[at + 2 * k + 1]!]!;
  return true;
}

/**
 * parseCommitLinks into bytes, for the commit index's first build (no strings made per commit): the tree's id
 * at ids[0..20), each parent's after it, 20 bytes apiece (`ids` grows when an octopus merge needs more room).
 * Null where a tree or parent line is not a full id (the caller reads the commit the slow way, which says so).
 */
export function parseCommitLinkBytes(data: Uint8Array, ids: { buf: Buffer }): { parents: number; commitTime: number } | null {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let parents = 0;
  let tree = false;
  let commitTime = 0;
  const whole = scanLinks(buf, headerEnd(buf), (kind, at, nl) => {
    if (kind === TREE_LINE) return (tree = hexInto(buf, at + 5, nl, ids.buf, 0));
    if (kind === COMMITTER_LINE) {
      commitTime = committerTime(buf, at, nl) ?? commitTime;
      return true;
    }
    if (ids.buf.length < 20 * (parents + 2)) {
      const grown = Buffer.alloc(ids.buf.length * 2);
      ids.buf.copy(grown);
      ids.buf = grown;
    }
    return hexInto(buf, at + 7, nl, ids.buf, 20 * ++parents);
  });
  return whole && tree ? { parents, commitTime } : null;
}

const BLANK_LINE = Buffer.from('\n\n');

function headerEnd(data: Uint8Array): number {
  const at = (Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).indexOf(BLANK_LINE);
  return at < 0 ? data.length : at;
}

/** Decoders by the encoding a commit names (making one costs more than decoding a message with it). */
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

export function decodeText(bytes: Uint8Array, encoding = 'utf-8'): string {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    try {
      decoder = new TextDecoder(encoding, { fatal: false });
    } catch {
      decoder = decoders.get('utf-8') ?? new TextDecoder('utf-8');
    }
    // a repository names few encodings, but what a commit says is data: an odd name is not kept
    if (decoders.size < 64) decoders.set(encoding, decoder);
  }
  return decoder.decode(bytes);
}

/**
 * Splits a message the way git's `%s` and `%b` do: the subject is the first paragraph's lines joined by spaces,
 * each without the white space that ends it (git's: space, tab, CR, LF) and with what begins it (OpenSSH's
 * ChangeLog-style subjects are indented); the body is the rest after the blank lines that follow.
 */
export function splitMessage(message: string): { subject: string; body: string } {
  const lines = message.split('\n');
  let i = 0;
  while (i < lines.length && isBlankLine(lines[i]!)) i++;
  const subjectLines: string[] = [];
  while (i < lines.length && !isBlankLine(lines[i]!)) {
    const line = lines[i++]!;
    subjectLines.push(nameBefore(line, line.length));
  }
  while (i < lines.length && isBlankLine(lines[i]!)) i++;
  const body = lines.slice(i).join('\n').replace(/\r\n/g, '\n').trimEnd();
  return { subject: subjectLines.join(' '), body };
}

function isBlankLine(line: string): boolean {
  for (let k = 0; k < line.length; k++) if (!isGitSpace(line.charCodeAt(k))) return false;
  return true;
}
