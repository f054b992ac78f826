import { findBodyOffset, parseHeaderFields } from './parseMailHeaders';

/** A body smaller than this is left in: cutting it saves less than the scan costs. */
const WORTH_CUTTING = 2048;
/** Messages smaller than this are parsed as they are. */
const WORTH_SCANNING = 16 * 1024;

const PART_FIELDS = new Set(['content-type', 'content-transfer-encoding', 'content-disposition']);
/** RFC 2046's characters of a boundary; a boundary of any other kind leaves the message as it is. */
const PLAIN_BOUNDARY = /^[A-Za-z0-9'()+_,\-./:=? ]{0,69}[A-Za-z0-9'()+_,\-./:=?]$/;
const FIELD_START = /^[!-9;-~]+:/;

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

/** The boundary of a multipart Content-Type; null for another type, undefined where it is not plain (the caller gives up). */
function boundaryOf(contentType: string): string | null | undefined {
  if (!/^\s*multipart\//i.test(contentType)) return null;
  if ((contentType.match(/boundary/gi)?.length ?? 0) > 1) return undefined;
  const b = param(contentType, 'boundary');
  return b !== null && PLAIN_BOUNDARY.test(b) ? b : undefined;
}

/**
 * Whether a leaf part's body can hold nothing decodeMailBody reads: base64 of a type that is not text, not a
 * message, not a patch or diff, under a name that is not a .patch or .diff (an encoded name might be: kept).
 */
function isBinaryAttachment(fields: Map<string, string[]>): boolean {
  const encoding = (fields.get('content-transfer-encoding')?.[0] ?? '').trim().toLowerCase();
  if (encoding !== 'base64') return false;
  const type = fields.get('content-type')?.[0] ?? '';
  const disposition = fields.get('content-disposition')?.[0] ?? '';
  const media = type.split(';')[0]!.trim().toLowerCase();
  if (!/^(?:application|image|audio|video|font|model)\/[!-~]+$/.test(media)) return false;
  if (/^application\/x-(?:patch|diff)$/.test(media)) return false;
  if (/\*\s*=|=\?/.test(type + disposition)) return false;
  const name = param(disposition, 'filename') ?? param(type, 'name') ?? '';
  return !/\.(?:patch|diff)\s*$/i.test(name);
}

/**
 * The message with the bodies of its binary attachments left out (images, archives, btsnoop traces: see
 * isBinaryAttachment), for postal-mime to parse: the text and the attached patches decodeMailBody takes from it
 * are the same, and on lists where half the bytes are such attachments the parse takes a fraction of the time.
 * The parts are found as postal-mime finds them (boundaries declared by multipart types, outermost first, a
 * boundary line with only blanks after it); a message whose structure is any less plain (a forwarded message,
 * a header that is not a plain field, a boundary declared twice) is returned as it is.
 */
export function withoutBinaryAttachments(raw: Uint8Array): Uint8Array {
  if (raw.length < WORTH_SCANNING) return raw;
  try {
    return cutBinaryBodies(raw);
  } catch {
    return raw; // whatever this scan does not expect, postal-mime reads the message as it is
  }
}

function cutBinaryBodies(raw: Uint8Array): Uint8Array {
  // read as bytes: most messages this large are not multipart (logs, long patches), and a string of the whole
  // message cost more than the cut saves (linux-bluetooth: 1.4 s of 10 s of parsing)
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const { headerEnd, bodyOffset } = findBodyOffset(raw);
  const topFields = parseHeaderFields(buf.toString('latin1', 0, headerEnd), PART_FIELDS);
  const topEncoding = (topFields.get('content-transfer-encoding')?.[0] ?? '').trim().toLowerCase();
  if (!single(topFields) || topEncoding === 'base64' || topEncoding === 'quoted-printable') return raw;
  const top = boundaryOf(topFields.get('content-type')?.[0] ?? '');
  if (!top) return raw;
  const open: string[] = [top];
  const cuts: [number, number][] = [];
  let state: 'body' | 'headers' = 'body';
  let headerStart = 0;
  let cutFrom = -1;
  let pos = bodyOffset;
  const length = buf.length;
  while (pos < length) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = length;
    const end = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
    if (state === 'headers') {
      if (end === pos) {
        const fields = parseHeaderFields(buf.toString('latin1', headerStart, pos), PART_FIELDS);
        if (!single(fields)) return raw;
        const type = fields.get('content-type')?.[0] ?? '';
        if (/^\s*message\//i.test(type)) return raw;
        const inner = boundaryOf(type);
        if (inner === undefined || (inner !== null && open.includes(inner))) return raw;
        if (inner !== null) open.push(inner);
        else if (isBinaryAttachment(fields)) cutFrom = nl + 1;
        state = 'body';
      } else {
        const line = buf.toString('latin1', pos, end);
        if (!FIELD_START.test(line.slice(0, 80)) && !/^[ \t]+\S/.test(line)) return raw; // not a plain field or fold: postal-mime's own rules decide
      }
    } else if (buf[pos] === 45 && buf[pos + 1] === 45) {
      const at = open.findIndex((b) => isBoundaryLine(buf, pos, end, b));
      if (at >= 0) {
        if (cutFrom >= 0 && pos - cutFrom >= WORTH_CUTTING) cuts.push([cutFrom, pos]);
        cutFrom = -1;
        const b = open[at]!;
        const closing = buf[pos + 2 + b.length] === 45 && buf[pos + 3 + b.length] === 45;
        open.length = closing ? at : at + 1;
        if (open.length === 0) break;
        if (!closing) {
          state = 'headers';
          headerStart = nl + 1;
        }
      }
    }
    pos = nl + 1;
  }
  if (cutFrom >= 0 && state === 'body' && length - cutFrom >= WORTH_CUTTING) cuts.push([cutFrom, length]);
  if (cuts.length === 0) return raw;
  const kept: Uint8Array[] = [];
  let from = 0;
  for (const [a, b] of cuts) {
    kept.push(raw.subarray(from, a));
    from = b;
  }
  kept.push(raw.subarray(from));
  return Buffer.concat(kept);
}

/** Each field at most once: where a part says its type twice, which one counts is the parser's to decide. */
function single(fields: Map<string, string[]>): boolean {
  for (const values of fields.values()) if (values.length > 1) return false;
  return true;
}

/** `--boundary`, or `--boundary--`, then nothing but blanks (as postal-mime reads a boundary line); the boundary is ASCII. */
function isBoundaryLine(buf: Buffer, pos: number, end: number, boundary: string): boolean {
  let k = pos + 2;
  for (let i = 0; i < boundary.length; i++, k++) if (buf[k] !== boundary.charCodeAt(i)) return false;
  if (buf[k] === 45 && buf[k + 1] === 45) k += 2;
  for (; k < end; k++) {
    const c = buf[k];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
