import PostalMime from 'postal-mime';
import type { MailHeaders } from './parseMailHeaders';

const PLAIN_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

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
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d|pre|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\uFFFD';
      }
      return ENTITIES[e.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * The readable text of a message. A single text/plain part in 7bit/8bit is decoded here (most list mail,
 * and the fast path of indexing); anything else — base64, quoted-printable, multipart, HTML-only — goes
 * through postal-mime. Bytes that do not decode as labelled become replacement characters; a message
 * the parser rejects is shown as its raw body. Never throws.
 */
export async function decodeMailBody(raw: Uint8Array, headers: MailHeaders): Promise<{ text: string; html: boolean }> {
  const simple = (headers.contentType === '' || headers.contentType === 'text/plain') && PLAIN_ENCODINGS.has(headers.transferEncoding);
  if (simple) return { text: decodeWithCharset(raw.subarray(headers.bodyOffset), headers.charset), html: false };
  try {
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    if (typeof email.text === 'string' && email.text.trim() !== '') return { text: email.text, html: false };
    if (typeof email.html === 'string') return { text: htmlToText(email.html), html: true };
    return { text: email.text ?? '', html: false };
  } catch {
    return { text: decodeWithCharset(raw.subarray(headers.bodyOffset), 'utf-8'), html: false };
  }
}
