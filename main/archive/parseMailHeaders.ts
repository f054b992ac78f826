import { withoutSpans } from '../../shared/withoutTags';
import PostalMime from 'postal-mime';
import { splitLines } from './parsePatch';
import { collapseSpace } from './normalizeSubject';

/** The header facts the archive index keeps for a message. */
export interface MailHeaders {
  /** Every Message-ID the message carries, without angle brackets (public-inbox adds a second one to a duplicate). */
  readonly messageIds: readonly string[];
  /** References, then In-Reply-To where References lacks it, without the message's own ids: the last one is the parent. */
  readonly references: readonly string[];
  readonly subject: string;
  readonly fromName: string;
  readonly fromEmail: string;
  /** Seconds since the epoch, or null where the Date header does not parse. */
  readonly date: number | null;
  /** Lowercased media type of the top part, e.g. `text/plain`, `multipart/alternative` ('' where absent). */
  readonly contentType: string;
  readonly charset: string;
  /** Lowercased Content-Transfer-Encoding ('' where absent). */
  readonly transferEncoding: string;
  /** Where the body starts in the raw bytes. */
  readonly bodyOffset: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Where the header ends: the first empty line (LF or CRLF); the whole message when there is none. */
export function findBodyOffset(raw: Uint8Array): { headerEnd: number; bodyOffset: number } {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const lf = buf.indexOf('\n\n');
  // only a CRLF blank line before the LF one matters: not searched for past it (the whole body, in LF mail)
  const crlf = (lf < 0 ? buf : buf.subarray(0, lf)).indexOf('\n\r\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf + 1, bodyOffset: crlf + 3 };
  if (lf >= 0) return { headerEnd: lf + 1, bodyOffset: lf + 2 };
  return { headerEnd: raw.length, bodyOffset: raw.length };
}

/**
 * Header fields by lowercased name, unfolded, in order; raw 8-bit bytes are read as UTF-8 (replacement
 * characters where they are not). With `wanted`, only those fields (the rest, DKIM signatures and Received
 * chains of real list mail, are passed over without being unfolded).
 */
export function parseHeaderFields(headerText: string, wanted?: ReadonlySet<string>): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let name = '';
  let value = '';
  const flush = (): void => {
    if (!name) return;
    const list = fields.get(name);
    if (list) list.push(value.trim());
    else fields.set(name, [value.trim()]);
  };
  for (const line of splitLines(headerText)) {
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (name) value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    flush();
    if (colon <= 0) {
      name = ''; // an mbox "From " line or junk: not a field
      continue;
    }
    if (wanted) {
      // a wanted name has no whitespace: a name with some (junk, not a field) is passed over as an unwanted one is
      const lower = line.slice(0, colon).trimEnd().toLowerCase();
      name = wanted.has(lower) ? lower : '';
    } else {
      const raw = line.slice(0, colon).trimEnd();
      name = /\s/.test(raw) ? '' : raw.toLowerCase();
    }
    if (name) value = line.slice(colon + 1);
  }
  flush();
  return fields;
}

/** The fields parseMailHeaders reads. */
const MAIL_FIELDS: ReadonlySet<string> = new Set([
  'message-id',
  'references',
  'in-reply-to',
  'subject',
  'from',
  'date',
  'content-type',
  'content-transfer-encoding',
]);

const MESSAGE_ID = /<([^<>\s]+)>/g;

/** The ids between angle brackets; a bare id where a client left the brackets off. */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  // exec in a loop: matchAll's iterator and spread cost several times the search (References lists dozens)
  const ids: string[] = [];
  MESSAGE_ID.lastIndex = 0;
  for (let m = MESSAGE_ID.exec(value); m; m = MESSAGE_ID.exec(value)) ids.push(m[1]!);
  if (ids.length) return ids;
  const bare = value.trim().replace(/^<|>$/g, '');
  return bare && !/\s/.test(bare) && bare.includes('@') ? [bare] : [];
}

/** Decodes RFC 2047 words; a word in an unknown charset is left as it was rather than lost. */
export function decodeHeaderWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return PostalMime.decodeWords(value);
  } catch {
    return value;
  }
}

export function parseFrom(value: string | undefined): { name: string; email: string } {
  if (!value) return { name: '', email: '' };
  const decoded = decodeHeaderWords(value);
  // the common shapes without the full address parser: `Name <a@b>`, `"Name" <a@b>`, `a@b`
  const simple = simpleAddress(decoded);
  if (simple) return simple;
  try {
    const first = PostalMime.addressParser(decoded, { flatten: true })[0];
    if (first && 'address' in first && first.address) return { name: (first.name ?? '').trim(), email: first.address.trim().toLowerCase() };
  } catch {
    // fall through to the plain reading below
  }
  // the first <…> that holds something, else the first word with an @ inside it; the name is what is left
  const lt = decoded.indexOf('<');
  const gt = lt < 0 ? -1 : decoded.indexOf('>', lt + 1);
  return {
    name: (gt < 0 ? decoded : decoded.slice(0, lt) + decoded.slice(gt + 1)).replace(/"/g, '').trim(),
    email: (
      bracketed(decoded) ??
      decoded.split(/\s+/).find((w) => w.indexOf('@', 1) > 0 && w.indexOf('@', 1) < w.length - 1) ??
      ''
    ).toLowerCase(),
  };
}

/**
 * `Name <a@b>`, `"Name" <a@b>` or `a@b` (white space around), read without a regular expression over the whole
 * value: one whose parts each take white space ran for minutes on a header of 10,000 spaces (a spam's). Null for
 * any other shape (the full address parser reads those).
 */
function simpleAddress(value: string): { name: string; email: string } | null {
  const t = value.trim();
  if (t.endsWith('>')) {
    const lt = t.lastIndexOf('<');
    const email = t.slice(lt + 1, -1);
    if (lt >= 0 && isAddress(email, /[<>\s,]/)) {
      const name = t.slice(0, lt).trim();
      const quoted = name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : null;
      if (quoted !== null && !/["\\,]/.test(quoted)) return { name: quoted.trim(), email: email.toLowerCase() };
      if (!/["<>,;:\\]/.test(name)) return { name, email: email.toLowerCase() };
    }
  }
  return isAddress(t, /[<>\s,"]/) ? { name: '', email: t.toLowerCase() } : null;
}

/** Something, `@`, something, none of it `forbidden` (`/^[^…]+@[^…]+$/`, which backtracks over every `@`). */
function isAddress(s: string, forbidden: RegExp): boolean {
  const at = s.indexOf('@', 1);
  return at > 0 && at < s.length - 1 && !forbidden.test(s);
}

/** What the first `<…>` holding something holds (`/<([^>]+)>/`, in one pass: that expression went back over every `<`). */
function bracketed(value: string): string | null {
  for (let lt = value.indexOf('<'); lt >= 0; lt = value.indexOf('<', lt + 1)) {
    const gt = value.indexOf('>', lt + 1);
    if (gt < 0) return null;
    if (gt > lt + 1) return value.slice(lt + 1, gt);
    lt = gt;
  }
  return null;
}

/** Date header to seconds; a date without a zone is read as UTC, one that does not parse is null. */
export function parseMailDate(value: string | undefined): number | null {
  if (!value) return null;
  const cleaned = collapseSpace(value.includes('(') ? withoutSpans(value, '(', ')', ' ') : value);
  let ms = Date.parse(cleaned);
  if (Number.isNaN(ms)) ms = Date.parse(cleaned.replace(/^[A-Za-z]+,?\s*/, ''));
  if (Number.isNaN(ms)) ms = Date.parse(`${cleaned.replace(/\s+[+-]\d{4}$|\s+[A-Z]{2,5}$/, '')} UTC`);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function contentTypeParts(value: string | undefined): { type: string; charset: string } {
  if (!value) return { type: '', charset: '' };
  const type = value.split(';')[0]!.trim().toLowerCase();
  const cs = /charset\s*=\s*"?([^";\s]+)"?/i.exec(value);
  return { type, charset: cs ? cs[1]!.toLowerCase() : '' };
}

export function parseMailHeaders(raw: Uint8Array): MailHeaders {
  const { headerEnd, bodyOffset } = findBodyOffset(raw);
  const fields = parseHeaderFields(utf8.decode(raw.subarray(0, headerEnd)), MAIL_FIELDS);
  const one = (n: string): string | undefined => fields.get(n)?.[0];
  const messageIds: string[] = [];
  for (const v of fields.get('message-id') ?? []) for (const id of parseMessageIds(v)) if (!messageIds.includes(id)) messageIds.push(id);
  // a message has one id and a few references: arrays are searched, and a Set made only for a long list
  const references: string[] = [];
  let seen: Set<string> | null = null;
  const has = (id: string): boolean => (seen ? seen.has(id) : references.includes(id));
  const add = (id: string): void => {
    if (messageIds.includes(id) || has(id)) return;
    references.push(id);
    if (seen) seen.add(id);
    else if (references.length > 16) seen = new Set(references);
  };
  for (const v of fields.get('references') ?? []) for (const id of parseMessageIds(v)) add(id);
  // In-Reply-To often carries more than the id ("<id> (Jane's message of …)"): its first id is the parent
  const irt = parseMessageIds(one('in-reply-to'))[0];
  if (irt && !has(irt)) add(irt);
  const from = parseFrom(one('from'));
  const ct = contentTypeParts(one('content-type'));
  return {
    messageIds,
    references,
    subject: collapseSpace(decodeHeaderWords(one('subject') ?? '')),
    fromName: from.name,
    fromEmail: from.email,
    date: parseMailDate(one('date')),
    contentType: ct.type,
    charset: ct.charset,
    transferEncoding: (one('content-transfer-encoding') ?? '').trim().toLowerCase(),
    bodyOffset,
  };
}
