import { withoutTags } from '../../shared/withoutTags';
import PostalMime, { type Attachment } from 'postal-mime';
import type { MailHeaders } from './parseMailHeaders';
import { withoutBinaryAttachments } from './withoutBinaryAttachments';

const PLAIN_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Quoted-printable bytes decoded as postal-mime decodes them: "=XX" is a byte, "=" before a line end (blanks between) joins lines, anything else stays. */
export function decodeQuotedPrintable(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 13 && bytes[i + 1] === 10) continue; // line ends come out as LF, as postal-mime gives them
    if (c !== 61) {
      out[n++] = c;
      continue;
    }
    // soft line break: "=", blanks a mailer may have added (RFC 2045 says to drop them), then CRLF or LF
    let j = i + 1;
    while (bytes[j] === 32 || bytes[j] === 9) j++;
    const lf = bytes[j] === 13 && bytes[j + 1] === 10 ? j + 1 : bytes[j] === 10 ? j : -1;
    if (lf >= 0) {
      i = lf;
      continue;
    }
    const hi = i + 2 < bytes.length ? hexValue(bytes[i + 1]!) : -1;
    const lo = hi >= 0 ? hexValue(bytes[i + 2]!) : -1;
    if (lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

function decodeWithCharset(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8', { fatal: false }).decode(bytes);
  } catch {
    // an unknown label: read as UTF-8, replacement characters where the bytes are not
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML-only mail as text: block ends become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return withoutTags(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h\d|pre|blockquote)>/gi, '\n'),
  )
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\uFFFD';
      }
      return ENTITIES[e.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, '\n\n');
}

/** The most of one attached patch taken into the text (a larger one is cut: its first files still count). */
const ATTACHED_PATCH_LIMIT = 1 << 20;

/** An attachment that is a patch: by its type or name, or a text attachment that holds a git diff. */
function isPatch(a: Attachment, text: () => string): boolean {
  if (/^(?:text|application)\/x-(?:patch|diff)$/.test(a.mimeType) || /\.(?:patch|diff)$/i.test(a.filename ?? '')) return true;
  return a.mimeType.startsWith('text/') && /(?:^|\n)diff --git /.test(text());
}

/**
 * Patches sent as attachments (`git format-patch` output attached, a fix attached to a reply), each after a
 * line that names it: they are the message's patch as much as one written inline.
 */
function attachedPatches(attachments: readonly Attachment[]): string {
  let out = '';
  for (const a of attachments) {
    if (typeof a.content === 'string') continue;
    const bytes = a.content instanceof Uint8Array ? a.content : new Uint8Array(a.content);
    let text: string | null = null;
    const read = () => (text ??= new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, ATTACHED_PATCH_LIMIT)));
    if (isPatch(a, read)) out += `\n\n[attached: ${a.filename ?? a.mimeType}]\n${read()}`;
  }
  return out;
}

/**
 * The readable text of a message. A single text/plain part (7bit/8bit, base64, quoted-printable) is decoded
 * here (most list mail, and the fast path of indexing); anything else — multipart, HTML-only — goes
 * through postal-mime, and patches attached to it follow the text. Bytes that do not decode as labelled
 * become replacement characters; a message the parser rejects is shown as its raw body. Never throws.
 */
export async function decodeMailBody(raw: Uint8Array, headers: MailHeaders): Promise<{ text: string; html: boolean }> {
  const simple = (headers.contentType === '' || headers.contentType === 'text/plain') && PLAIN_ENCODINGS.has(headers.transferEncoding);
  if (simple) return { text: decodeWithCharset(raw.subarray(headers.bodyOffset), headers.charset), html: false };
  // one text/plain part in base64 or quoted-printable (patches sent through some mailers): decoded here too
  if (headers.contentType === '' || headers.contentType === 'text/plain') {
    const body = raw.subarray(headers.bodyOffset);
    if (headers.transferEncoding === 'base64') {
      const text = decodeWithCharset(
        Buffer.from(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'), 'base64'),
        headers.charset,
      );
      return { text, html: false };
    }
    if (headers.transferEncoding === 'quoted-printable')
      return { text: decodeWithCharset(decodeQuotedPrintable(body), headers.charset), html: false };
  }
  try {
    const email = await PostalMime.parse(withoutBinaryAttachments(raw), { attachmentEncoding: 'arraybuffer' });
    const patches = attachedPatches(email.attachments);
    if (typeof email.text === 'string' && email.text.trim() !== '') return { text: email.text + patches, html: false };
    if (typeof email.html === 'string') return { text: htmlToText(email.html) + patches, html: true };
    return { text: (email.text ?? '') + patches, html: false };
  } catch {
    return { text: decodeWithCharset(raw.subarray(headers.bodyOffset), 'utf-8'), html: false };
  }
}
