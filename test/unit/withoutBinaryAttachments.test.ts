import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { withoutBinaryAttachments } from '../../main/archive/withoutBinaryAttachments';
import { decodeMailBody } from '../../main/archive/decodeMailBody';
import { parseMailHeaders } from '../../main/archive/parseMailHeaders';

/** Base64 lines of `n` pseudo-random bytes (a trace, an image). */
function base64Lines(n: number, seed = 1): string {
  const bytes = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return bytes.toString('base64').replace(/.{76}/g, '$&\n');
}

const PATCH =
  'diff --git a/mm/hmm.c b/mm/hmm.c\n--- a/mm/hmm.c\n+++ b/mm/hmm.c\n@@ -1 +1 @@\n-EXPORT_SYMBOL(hmm);\n+EXPORT_SYMBOL_GPL(hmm);\n';

function message(parts: string, o: { boundary?: string; crlf?: boolean; type?: string } = {}): Buffer {
  const b = o.boundary ?? 'b1';
  const text = `From: A <a@x.org>\nSubject: trace\nMessage-ID: <m@x>\nMIME-Version: 1.0\nContent-Type: ${o.type ?? 'multipart/mixed'}; boundary="${b}"\n\nPreamble.\n${parts}`;
  return Buffer.from(o.crlf ? text.replace(/\n/g, '\r\n') : text);
}

const textPart = (b: string, body = 'The trace is attached.\n\nReviewed-by: R <r@x.org>\n') =>
  `--${b}\nContent-Type: text/plain; charset=utf-8\n\n${body}`;
const binaryPart = (
  b: string,
  headers = 'Content-Type: application/octet-stream; name="hci.btsnoop"\nContent-Disposition: attachment; filename="hci.btsnoop"',
  size = 40_000,
) => `--${b}\n${headers}\nContent-Transfer-Encoding: base64\n\n${base64Lines(size)}\n`;

/** What postal-mime reads from a message: its text, html and every attachment, with the contents of those that are not binary. */
async function seen(raw: Uint8Array, cut: boolean) {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  return {
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({
      mimeType: a.mimeType,
      filename: a.filename,
      content:
        cut && /^(application|image)\/(octet-stream|png)$/.test(a.mimeType)
          ? null
          : Buffer.from(a.content as ArrayBuffer).toString('base64'),
    })),
  };
}

async function assertSameReading(raw: Buffer, expectCut: boolean, what: string): Promise<void> {
  const light = withoutBinaryAttachments(raw);
  assert.equal(light !== raw, expectCut, `${what}: ${expectCut ? 'cut' : 'left as it is'}`);
  if (expectCut) assert.ok(light.length < raw.length / 2, `${what}: the attachment's body is gone`);
  assert.deepEqual(await seen(light, true), await seen(raw, true), `${what}: postal-mime reads the same parts and texts`);
}

test('binary attachments are left out of what postal-mime parses, and it reads the same text, parts and patches', async () => {
  const b = 'b1';
  for (const crlf of [false, true]) {
    const end = crlf ? ' (CRLF)' : '';
    await assertSameReading(message(`${textPart(b)}${binaryPart(b)}--${b}--\n`, { crlf }), true, `a btsnoop trace${end}`);
    await assertSameReading(
      message(`${textPart(b)}${binaryPart(b)}${binaryPart(b, 'Content-Type: image/png')}--${b}--\nEpilogue.\n`, { crlf }),
      true,
      `a trace and an image${end}`,
    );
    // nested: an alternative inside mixed, the image after it
    const inner = `--${b}\nContent-Type: multipart/alternative; boundary="b2"\n\n--b2\nContent-Type: text/plain\n\nplain words\n--b2\nContent-Type: text/html\n\n<p>html words</p>\n--b2--\n`;
    await assertSameReading(message(`${inner}${binaryPart(b, 'Content-Type: image/png')}--${b}--\n`, { crlf }), true, `nested${end}`);
    // cut short: no closing boundary after the trace
    await assertSameReading(message(`${textPart(b)}${binaryPart(b)}`, { crlf }), true, `no closing boundary${end}`);
  }
  // a boundary line with blanks after it, and one that only starts like it
  await assertSameReading(
    message(`${textPart(b, 'see --b1x below\n')}--b1  \n${binaryPart(b).slice(`--${b}\n`.length)}--b1--\n`),
    true,
    'blanks after a boundary',
  );
});

test('patches, text, forwarded mail and anything unusual are kept whole', async () => {
  const b = 'b1';
  const patchB64 = Buffer.from(PATCH.repeat(400)).toString('base64').replace(/.{76}/g, '$&\n');
  const attached = (headers: string) =>
    message(`${textPart(b)}--${b}\n${headers}\nContent-Transfer-Encoding: base64\n\n${patchB64}\n--${b}--\n`);
  for (const headers of [
    'Content-Type: application/octet-stream; name="0001-fix.patch"',
    'Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=fix.diff',
    'Content-Type: application/x-patch',
    'Content-Type: text/x-diff',
    "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename*=utf-8''fix%2Epatch",
    'Content-Type: application/octet-stream; name="=?utf-8?q?fix=2Epatch?="',
    'Content-Type: message/rfc822',
  ]) {
    const raw = attached(headers);
    assert.equal(withoutBinaryAttachments(raw), raw, headers);
  }
  const withPatch = attached('Content-Type: application/octet-stream; name="0001-fix.patch"');
  assert.match((await decodeMailBody(withPatch, parseMailHeaders(withPatch))).text, /EXPORT_SYMBOL_GPL/);

  const odd = [
    message(`${textPart(b)}${binaryPart(b)}--${b}--\n`, { type: 'multipart/mixed; boundary="x"; x' }), // boundary twice
    message(`${textPart(b)}${binaryPart(b, 'Content-Type: image/png\nContent-Type: text/plain')}--${b}--\n`),
    message(`${textPart(b)}${binaryPart(b, 'Content-Type: image/png\nnot a header line')}--${b}--\n`),
    message(`${textPart(b)}--${b}\nContent-Type: multipart/mixed; boundary="${b}"\n\n${binaryPart(b)}--${b}--\n`), // the same boundary nested
    message(`${textPart(b)}${binaryPart(b)}--${b}--\n`, { boundary: 'a boundary ' }),
    message(`${textPart(b)}${binaryPart(b, 'Content-Type: image/png', 100)}--${b}--\n`), // too small to be worth it
  ];
  for (const raw of odd) assert.equal(withoutBinaryAttachments(raw), raw, raw.toString('latin1', 0, 200));
  const noBoundary = Buffer.from(`Subject: s\nContent-Type: multipart/mixed\n\n${binaryPart('b1')}`);
  assert.equal(withoutBinaryAttachments(noBoundary), noBoundary, 'multipart without a boundary');
  const plain = Buffer.from(`Subject: s\nContent-Type: text/plain\n\n${base64Lines(40_000)}`);
  assert.equal(withoutBinaryAttachments(plain), plain, 'not multipart');
  // a base64 text attachment is text: kept, and read as before
  await assertSameReading(
    message(
      `${textPart(b)}--${b}\nContent-Type: text/plain; name="log.txt"\nContent-Transfer-Encoding: base64\n\n${base64Lines(40_000)}\n--${b}--\n`,
    ),
    false,
    'a base64 text attachment',
  );
});
