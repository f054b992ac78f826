import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSubject } from '../../main/archive/normalizeSubject';
import { parseMailDate, parseMailHeaders, parseMessageIds } from '../../main/archive/parseMailHeaders';
import { changeSimilarity, hashPatchLines, parsePatchFiles } from '../../main/archive/parsePatch';
import { commitMessageRefs, messageIdFromUrl } from '../../main/archive/commitMessageRefs';
import { extractBodyFacts } from '../../main/archive/messageFacts';
import { decodeMailBody, htmlToText } from '../../main/archive/decodeMailBody';
import { unescapeMboxMessage } from '../../main/archive/readArchiveMessages';
import { fileHunks } from '../../shared/mailSegments';
import PostalMime from 'postal-mime';
import { ArchiveParsePipeline } from '../../main/archive/archiveParsePipeline';
import { indexRawMessage, type ArchiveMessage } from '../../main/archive/archiveMessage';
import { indexBatch, type IndexedBatch } from '../../main/archive/indexBatch';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { tmpDir } from '../fixtures/generateRepo';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

type S = Partial<ReturnType<typeof normalizeSubject>>;
const subjectCases: [string, S][] = [
  ['[PATCH v6 05/22] mm/hmm: add a thing', { subject: 'mm/hmm: add a thing', version: 6, number: 5, total: 22, patch: true, reply: false }],
  ['[PATCH net-next v2] net: fix it', { subject: 'net: fix it', version: 2, number: null, prefixes: ['net-next'], patch: true }],
  ['[RFC] mm: an idea', { subject: 'mm: an idea', rfc: true, patch: true, version: 1 }],
  ['[RFC PATCH v3 0/7] mm: series', { subject: 'mm: series', rfc: true, version: 3, number: 0, total: 7 }],
  ['Re: [PATCH v2 1/2] mm/hmm: fix', { subject: 'mm/hmm: fix', reply: true, version: 2, number: 1, total: 2 }],
  ['RE: Re: AW: [PATCH] x', { subject: 'x', reply: true, patch: true }],
  ['Fwd: [PATCH] x', { subject: 'x', reply: true }],
  ['AW: WG: Sv: thing', { subject: 'thing', reply: true }],
  ['Re[2]: thing', { subject: 'thing', reply: true }],
  ['[PATCHv4 3/9] x: y', { subject: 'x: y', version: 4, number: 3, total: 9, patch: true }],
  ['[PATCH 5.4 012/345] mm: stable backport', { subject: 'mm: stable backport', number: 12, total: 345, prefixes: ['5.4'] }],
  ['[PATCH] [RESEND] mm:   spaced    out  ', { subject: 'mm: spaced out', prefixes: ['RESEND'] }],
  ['[PATCH mm-unstable v2 2/3] mm: a, b', { subject: 'mm: a, b', prefixes: ['mm-unstable'], version: 2 }],
  ['Re: [PATCH] mm: new name (was: mm: old name)', { subject: 'mm: new name', reply: true }],
  ['[v2] [PATCH 1/3] x', { subject: 'x', version: 2, number: 1 }],
  ['[GIT PULL] mm updates for 6.1', { subject: 'mm updates for 6.1', patch: false, prefixes: ['GIT', 'PULL'] }],
  ['[ANNOUNCE] v6.1', { subject: 'v6.1', prefixes: ['ANNOUNCE'] }],
  ['mm: plain subject, no prefix', { subject: 'mm: plain subject, no prefix', patch: false, reply: false, version: 1, number: null }],
  ['[only a bracket]', { subject: '[only a bracket]' }],
  ['', { subject: '', key: '' }],
  ['Re:', { subject: '', reply: true }],
  ['Recovery: not a reply marker', { subject: 'Recovery: not a reply marker', reply: false }],
  ['[PATCH V2] upper-case version', { version: 2, subject: 'upper-case version' }],
];
for (const [input, want] of subjectCases) {
  test(`normalizeSubject: ${JSON.stringify(input)}`, () => {
    const got = normalizeSubject(input);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, `${k} of ${input}`);
    assert.equal(got.key, got.subject.toLowerCase());
  });
}

const h = (s: string): Buffer => Buffer.from(s, 'utf8');
const headerCases: [string, Buffer, (x: ReturnType<typeof parseMailHeaders>) => void][] = [
  [
    'folded References, IRT appended last',
    h('Message-ID: <a@x>\nReferences: <r1@x>\n <r2@x>\nIn-Reply-To: <r3@x>\nSubject: s\n\nbody'),
    (x) => assert.deepEqual(x.references, ['r1@x', 'r2@x', 'r3@x']),
  ],
  [
    'IRT already in References is not repeated',
    h('Message-ID: <a@x>\nReferences: <r1@x> <r2@x>\nIn-Reply-To: <r1@x>\n\n'),
    (x) => assert.deepEqual(x.references, ['r1@x', 'r2@x']),
  ],
  [
    'In-Reply-To with a comment after the id',
    h('Message-ID: <a@x>\nIn-Reply-To: <p@x> (Jane\'s message of "Mon, 1 Jan")\n\n'),
    (x) => assert.deepEqual(x.references, ['p@x']),
  ],
  ['own id in References is dropped', h('Message-ID: <a@x>\nReferences: <a@x> <b@x>\n\n'), (x) => assert.deepEqual(x.references, ['b@x'])],
  [
    'two Message-ID headers (public-inbox on a duplicate)',
    h('Message-ID: <a@x>\nMessage-ID: <gen@z>\n\n'),
    (x) => assert.deepEqual(x.messageIds, ['a@x', 'gen@z']),
  ],
  ['Message-ID without brackets', h('Message-Id: bare@host\n\n'), (x) => assert.deepEqual(x.messageIds, ['bare@host'])],
  [
    'CRLF',
    h('Message-ID: <a@x>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= x\r\nFrom: "Doe, Jane" <Jane@Example.org>\r\n\r\nbody'),
    (x) => {
      assert.equal(x.subject, 'Grüße x');
      assert.equal(x.fromName, 'Doe, Jane');
      assert.equal(x.fromEmail, 'jane@example.org');
      assert.equal(
        Buffer.from('Message-ID: <a@x>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= x\r\nFrom: "Doe, Jane" <Jane@Example.org>\r\n\r\n').length,
        x.bodyOffset,
      );
    },
  ],
  [
    'folded encoded subject',
    h('Subject: =?utf-8?b?SsO2cmc=?=\n =?utf-8?b?IGFuZCBtb3Jl?=\n\n'),
    (x) => assert.equal(x.subject, 'Jörg and more'),
  ],
  ['unknown charset in an encoded word is kept', h('Subject: =?x-unknown?q?abc?= tail\n\n'), (x) => assert.match(x.subject, /tail/)],
  [
    'raw 8-bit Latin-1 in From',
    Buffer.concat([h('From: J'), Buffer.from([0xf6]), h('rg <j@x>\n\n')]),
    (x) => {
      assert.equal(x.fromEmail, 'j@x');
      assert.match(x.fromName, /^J\uFFFDrg$/);
    },
  ],
  ['no empty line: all header', h('Subject: only headers'), (x) => assert.equal(x.subject, 'only headers')],
  [
    'mbox From_ line before the header is ignored',
    h('From jane@x Mon Jan  1 00:00:00 2024\nSubject: s\n\n'),
    (x) => assert.equal(x.subject, 's'),
  ],
  [
    'content type and encoding',
    h('Content-Type: Text/Plain; charset="ISO-8859-1"; format=flowed\nContent-Transfer-Encoding: Quoted-Printable\n\n'),
    (x) => {
      assert.equal(x.contentType, 'text/plain');
      assert.equal(x.charset, 'iso-8859-1');
      assert.equal(x.transferEncoding, 'quoted-printable');
    },
  ],
  [
    'From without a name',
    h('From: jane@example.org\n\n'),
    (x) => {
      assert.equal(x.fromEmail, 'jane@example.org');
      assert.equal(x.fromName, '');
    },
  ],
];
for (const [name, raw, check] of headerCases) test(`parseMailHeaders: ${name}`, () => check(parseMailHeaders(raw)));

const dateCases: [string, number | null][] = [
  ['Mon, 1 Jan 2024 10:00:00 +0000', Date.UTC(2024, 0, 1, 10) / 1000],
  ['1 Jan 2024 12:00:00 +0200', Date.UTC(2024, 0, 1, 10) / 1000],
  ['Mon, 1 Jan 2024 10:00:00 +0000 (UTC)', Date.UTC(2024, 0, 1, 10) / 1000],
  ['Mon, 01 Jan 2024 10:00:00 GMT', Date.UTC(2024, 0, 1, 10) / 1000],
  ['Mon, 1 Jan 2024 10:00:00', Date.UTC(2024, 0, 1, 10) / 1000],
  ['not a date', null],
  ['', null],
];
for (const [input, want] of dateCases) test(`parseMailDate: ${JSON.stringify(input)}`, () => assert.equal(parseMailDate(input), want));

test('parseMessageIds: several, junk between, none', () => {
  assert.deepEqual(parseMessageIds('<a@x> junk <b@y>'), ['a@x', 'b@y']);
  assert.deepEqual(parseMessageIds('no id here'), []);
  assert.deepEqual(parseMessageIds(undefined), []);
});

const PATCH = `Fix it.

Signed-off-by: A <a@x>
---
 mm/hmm.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/hmm.c b/mm/hmm.c
index 1111111..2222222 100644
--- a/mm/hmm.c
+++ b/mm/hmm.c
@@ -1,4 +1,4 @@
 int a;
-int b;
+int  b = 1;

 int c;
@@ -10 +10,2 @@ static void f(void)
-x
+y
+-- not a signature, an added line
-- 
2.40.0
`;
const patchCases: [string, string, { path: string; oldPath: string | null; added: string[]; removed: string[] }[]][] = [
  [
    'format-patch with the signature after it, empty context line without its space',
    PATCH,
    [{ path: 'mm/hmm.c', oldPath: null, added: ['int  b = 1;', 'y', '-- not a signature, an added line'], removed: ['int b;', 'x'] }],
  ],
  [
    'new file',
    'diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n+++ b/n.c\n@@ -0,0 +1,2 @@\n+a\n+b\n',
    [{ path: 'n.c', oldPath: null, added: ['a', 'b'], removed: [] }],
  ],
  [
    'deleted file',
    'diff --git a/d.c b/d.c\ndeleted file mode 100644\n--- a/d.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n',
    [{ path: 'd.c', oldPath: null, added: [], removed: ['a'] }],
  ],
  [
    'rename with changes',
    'diff --git a/old.c b/new.c\nsimilarity index 90%\nrename from old.c\nrename to new.c\n--- a/old.c\n+++ b/new.c\n@@ -1 +1 @@\n-a\n+b\n',
    [{ path: 'new.c', oldPath: 'old.c', added: ['b'], removed: ['a'] }],
  ],
  [
    'pure rename, no hunks',
    'diff --git a/old.c b/new.c\nsimilarity index 100%\nrename from old.c\nrename to new.c\n',
    [{ path: 'new.c', oldPath: 'old.c', added: [], removed: [] }],
  ],
  [
    'plain diff -u with timestamps',
    '--- a/x.c\t2024-01-01 00:00:00\n+++ b/x.c\t2024-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n',
    [{ path: 'x.c', oldPath: null, added: ['b'], removed: ['a'] }],
  ],
  [
    'CRLF mail',
    'diff --git a/x.c b/x.c\r\n--- a/x.c\r\n+++ b/x.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n',
    [{ path: 'x.c', oldPath: null, added: ['b'], removed: ['a'] }],
  ],
  ['quoted patch in a reply is not a patch', '> diff --git a/x.c b/x.c\n> --- a/x.c\n> +++ b/x.c\n> @@ -1 +1 @@\n> -a\n> +b\n', []],
  [
    'no newline at end of file marker',
    'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n\\ No newline at end of file\n',
    [{ path: 'x', oldPath: null, added: ['a'], removed: ['a'] }],
  ],
  [
    'two files',
    'diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-1\n+2\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-3\n+4\n',
    [
      { path: 'a', oldPath: null, added: ['2'], removed: ['1'] },
      { path: 'b', oldPath: null, added: ['4'], removed: ['3'] },
    ],
  ],
  [
    'quoted path with an octal escape',
    'diff --git "a/caf\\303\\251.c" "b/caf\\303\\251.c"\n--- "a/caf\\303\\251.c"\n+++ "b/caf\\303\\251.c"\n@@ -1 +1 @@\n-a\n+b\n',
    [{ path: 'café.c', oldPath: null, added: ['b'], removed: ['a'] }],
  ],
  [
    'path with a space',
    'diff --git a/my file.c b/my file.c\n--- a/my file.c\n+++ b/my file.c\n@@ -1 +1 @@\n-a\n+b\n',
    [{ path: 'my file.c', oldPath: null, added: ['b'], removed: ['a'] }],
  ],
  [
    'binary patch',
    'diff --git a/x.bin b/x.bin\nindex 1..2 100644\nGIT binary patch\nliteral 3\nKcmZ?wjQ{`u000\n',
    [{ path: 'x.bin', oldPath: null, added: [], removed: [] }],
  ],
  [
    'truncated hunk (mail cut short)',
    'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n-a\n+b\n',
    [{ path: 'x', oldPath: null, added: ['b'], removed: ['a'] }],
  ],
];
for (const [name, text, want] of patchCases) test(`parsePatchFiles: ${name}`, () => assert.deepEqual(parsePatchFiles(text), want));

test('patch lines compare whitespace-insensitively; added never matches removed', () => {
  assert.deepEqual(hashPatchLines(['int  b = 1;']), hashPatchLines(['\tint b=1; ']));
  assert.deepEqual(hashPatchLines(['', '   ']), []);
  const a = { added: hashPatchLines(['x', 'y']), removed: hashPatchLines(['z']) };
  assert.equal(changeSimilarity(a, a), 1);
  assert.equal(changeSimilarity(a, { added: a.removed, removed: a.added }), 0);
  assert.equal(changeSimilarity(a, { added: hashPatchLines(['x']), removed: [] }), 2 / 4);
});

const urlCases: [string, string | null][] = [
  ['https://lore.kernel.org/r/20190308-abc@example.org', '20190308-abc@example.org'],
  ['https://lore.kernel.org/r/20190308-abc@example.org/', '20190308-abc@example.org'],
  ['https://lore.kernel.org/linux-mm/20190308-abc@example.org/T/#u', '20190308-abc@example.org'],
  ['https://lore.kernel.org/all/20190308-abc@example.org/t.mbox.gz', '20190308-abc@example.org'],
  ['http://lkml.kernel.org/r/20190308-abc@example.org', '20190308-abc@example.org'],
  ['https://patch.msgid.link/20190308-abc@example.org', '20190308-abc@example.org'],
  ['https://lore.kernel.org/r/a%2Fb@x.org', 'a/b@x.org'],
  ['https://lore.kernel.org/r/id%40example.org', 'id@example.org'],
  ['https://lore.kernel.org/r/<id@example.org>', 'id@example.org'],
  ['https://lore.kernel.org/r/id@example.org.', 'id@example.org'],
  ['https://lkml.org/lkml/2019/3/1/123', null],
  ['https://bugzilla.kernel.org/show_bug.cgi?id=1', null],
  ['ftp://lore.kernel.org/r/id@x', null],
  ['not a url', null],
];
for (const [url, want] of urlCases) test(`messageIdFromUrl: ${url}`, () => assert.equal(messageIdFromUrl(url), want));

test('commitMessageRefs: Link and Message-ID trailers are trailers; URLs elsewhere are mentions', () => {
  const refs = commitMessageRefs(
    [
      'mm: x',
      '',
      'As discussed in [1].',
      '',
      '[1]: https://lore.kernel.org/linux-mm/ref@x/',
      '',
      'Link: https://lore.kernel.org/r/link@x',
      'Message-Id: <mid@x>',
      'link:   https://lkml.kernel.org/r/lower@x  (v2)',
      'Closes: https://lore.kernel.org/r/closes@x/T/#u',
      'Link: <https://lore.kernel.org/linux-man/angled@x/>',
      'Link: <https://lore.kernel.org/linux-man/angled-v2@x/> # v2',
    ].join('\n'),
  );
  assert.deepEqual(refs.trailers, ['link@x', 'mid@x', 'lower@x', 'closes@x', 'angled@x', 'angled-v2@x']);
  assert.deepEqual(refs.mentions, ['ref@x']);
});

test('extractBodyFacts: tags outside quotes and patches, a bare NAK, change-id', () => {
  const facts = extractBodyFacts(
    [
      '> Reviewed-by: Quoted Person <q@x>',
      'NAK.',
      '',
      'Reviewed-by: Rita <Rita@X.org>',
      'acked-by: mark@x.org',
      'Nacked-by: Ned <ned@x>',
      'change-id: 20240101-topic-abc',
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1 @@',
      '-a',
      '+Reviewed-by: In The Code <c@x>',
    ].join('\n'),
    { name: 'Sender', email: 'sender@x' },
  );
  assert.deepEqual(facts.tags, [
    { tag: 'Nacked-by', name: 'Sender', email: 'sender@x' },
    { tag: 'Reviewed-by', name: 'Rita', email: 'rita@x.org' },
    { tag: 'Acked-by', name: '', email: 'mark@x.org' },
    { tag: 'Nacked-by', name: 'Ned', email: 'ned@x' },
  ]);
  assert.equal(facts.changeId, '20240101-topic-abc');
  assert.equal(facts.files.length, 1);
});

test('decodeMailBody: base64, quoted-printable, HTML only, mislabelled charset, broken MIME never throw', async () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['base64', `Content-Transfer-Encoding: base64\n\n${Buffer.from('diff --git a/x b/x\n').toString('base64')}\n`, /^diff --git a\/x b\/x/],
    [
      'qp',
      'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\na =3D b; caf=C3=A9 soft=\nbreak\n',
      /a = b; café softbreak/,
    ],
    ['html only', 'Content-Type: text/html\n\n<p>Tested-by: H &lt;h@x&gt;</p><br>next', /Tested-by: H <h@x>\n/],
    [
      'latin-1 bytes labelled utf-8',
      Buffer.concat([h('Content-Type: text/plain; charset=utf-8\n\nGr'), Buffer.from([0xfc, 0xdf]), h('e\n')]),
      /^Gr\uFFFD+e/,
    ],
    [
      'latin-1 labelled latin-1',
      Buffer.concat([h('Content-Type: text/plain; charset=iso-8859-1\n\nGr'), Buffer.from([0xfc, 0xdf]), h('e\n')]),
      /^Grüße/,
    ],
    ['unknown charset label', 'Content-Type: text/plain; charset=x-no-such\n\nplain\n', /^plain/],
    [
      'multipart without its closing boundary',
      'Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\npart one\n',
      /part one/,
    ],
    ['base64 that is not base64', 'Content-Transfer-Encoding: base64\n\n!!!###\n', /.*/],
  ];
  for (const [name, raw, want] of cases) {
    const bytes = typeof raw === 'string' ? h(raw) : raw;
    const body = await decodeMailBody(bytes, parseMailHeaders(bytes));
    assert.match(body.text, want, name);
  }
  assert.equal(htmlToText('a&amp;b&#x41;&#66;&bogus;<script>x</script>'), 'a&bAB&bogus;');
});

test('hashPatchLines leaves out exactly the characters \\s matches (a reindented line is the same line)', () => {
  const [plain] = hashPatchLines(['ab']);
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(hashPatchLines([`a${ch}b`])[0] === plain, /\s/.test(ch), `U+${c.toString(16).padStart(4, '0')}`);
  }
  assert.deepEqual(hashPatchLines([' \t ', '', '\u00a0']), []);
});

test('a patch attached to a message (git format-patch output, a fix attached to a reply) counts as its patch; other attachments do not', async () => {
  const patch = [
    'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
    'Subject: [PATCH] mm/hmm: fix the range',
    '',
    'diff --git a/mm/hmm.c b/mm/hmm.c',
    '--- a/mm/hmm.c',
    '+++ b/mm/hmm.c',
    '@@ -1,2 +1,2 @@',
    '-old line;',
    '+new line;',
    ' kept;',
    '',
  ].join('\n');
  const inline = h(`Message-ID: <inline@x>\nSubject: s\nFrom: A <a@x>\n\nThe fix:\n\n${patch}`);
  const part = (type: string, name: string, body: string, encoding = 'base64') =>
    `--zz\nContent-Type: ${type}; name="${name}"\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: ${encoding}\n\n` +
    `${encoding === 'base64' ? Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\n') : body}\n`;
  const attached = (parts: string) =>
    h(
      'Message-ID: <attached@x>\nSubject: Re: s\nFrom: A <a@x>\nContent-Type: multipart/mixed; boundary=zz\n\n' +
        `--zz\nContent-Type: text/plain; charset=utf-8\n\nDoes this fix it?\nReviewed-by: R <r@x>\n${parts}--zz--\n`,
    );
  const want = (await indexRawMessage({ raw: inline, locator: { offset: 0, length: 1 }, time: null }, 'x')).files;
  assert.equal(want?.[0]?.path, 'mm/hmm.c');
  for (const [name, raw] of [
    ['text/x-patch, base64', attached(part('text/x-patch', '0001-fix.patch', patch))],
    ['application/octet-stream named .diff', attached(part('application/octet-stream', 'fix.diff', patch))],
    ['text/plain holding a git diff, quoted-printable', attached(part('text/plain', 'notes.txt', patch, 'quoted-printable'))],
  ] as const) {
    const m = await indexRawMessage({ raw, locator: { offset: 0, length: 1 }, time: null }, 'x');
    assert.deepEqual(m.files, want, name);
    assert.deepEqual(
      m.tags?.map((t) => t.tag),
      ['Reviewed-by'],
      `${name}: the tag in the text is kept`,
    );
    const body = await decodeMailBody(raw, parseMailHeaders(raw));
    assert.match(body.text, /^Does this fix it\?[\s\S]*\[attached: [^\]]+\]\nFrom 1111/, `${name}: the patch follows the text, named`);
  }
  const log = attached(part('text/plain', 'dmesg.txt', 'BUG: unable to handle page fault\n--- a/b\n'));
  const m = await indexRawMessage({ raw: log, locator: { offset: 0, length: 1 }, time: null }, 'x');
  assert.equal(m.files, undefined, 'a log attached is not a patch');
  assert.doesNotMatch((await decodeMailBody(log, parseMailHeaders(log))).text, /attached|BUG/);
});

test('unescapeMboxMessage: the From_ line goes, one ">" comes off quoted From lines', () => {
  assert.equal(
    unescapeMboxMessage(h('From x@y Mon Jan  1 00:00:00 2024\nSubject: s\n\n>From me\n>>From you\nok\n')).toString(),
    'Subject: s\n\nFrom me\n>From you\nok\n',
  );
});

test('mailSegments: quotes folded as runs, the patch up to the signature, tags alone, text as text', async () => {
  const { mailSegments } = await import('../../shared/mailSegments');
  const segs = mailSegments(
    [
      'On Mon, Jane wrote:',
      '> a',
      '>> b',
      '',
      'NAK.',
      'Reviewed-by: R <r@x>',
      'Acked-by: A <a@x>',
      '<script>alert(1)</script>',
      '---',
      ' x | 1 +',
      'diff --git a/x b/x',
      '+y',
      '-- ',
      '2.40',
    ].join('\r\n'),
  );
  assert.deepEqual(
    segs.map((s) => [s.kind, s.lines.length]),
    [
      ['text', 1],
      ['quote', 2],
      ['text', 1],
      ['tag', 1],
      ['tag', 1],
      ['tag', 1],
      ['text', 1],
      ['patch', 4],
      ['text', 2],
    ],
  );
  assert.equal(segs[6]!.lines[0], '<script>alert(1)</script>');
});

test("fileHunks: one file's hunks from a patch mail (the Discussion tab's version diff)", () => {
  const mail = [
    'Walk the range in one place.',
    '',
    '---',
    ' mm/hmm.c | 2 +-',
    '',
    'diff --git a/mm/other.c b/mm/other.c',
    '--- a/mm/other.c',
    '+++ b/mm/other.c',
    '@@ -1 +1 @@',
    '-other',
    '+OTHER',
    'diff --git a/mm/hmm.c b/mm/hmm.c',
    'index 1111111..2222222 100644',
    '--- a/mm/hmm.c',
    '+++ b/mm/hmm.c',
    '@@ -3,3 +3,3 @@ int f(void)',
    ' a',
    '-b',
    '+c',
    'diff --git a/mm/z.c b/mm/z.c',
    '@@ -1 +1 @@',
    '-z',
    '+Z',
  ].join('\n');
  assert.equal(fileHunks(mail, 'mm/hmm.c'), '@@ -3,3 +3,3 @@ int f(void)\n a\n-b\n+c');
  assert.equal(fileHunks(mail, 'mm/other.c'), '@@ -1 +1 @@\n-other\n+OTHER');
  assert.equal(fileHunks(`${mail}\n-- \n2.40.0\n`, 'mm/z.c'), '@@ -1 +1 @@\n-z\n+Z', 'the signature ends the patch');
  assert.equal(fileHunks(mail, 'mm/none.c'), null);
  assert.equal(fileHunks('Looks good.\n\nReviewed-by: R <r@example.org>', 'mm/hmm.c'), null);
});

test('decodeMailBody: single-part base64 and quoted-printable decode as postal-mime decodes them', async () => {
  const qp = [
    'a =3D b; caf=C3=A9 soft=\nbreak',
    'trailing blanks after a soft break=  \r\nnext=\r\n',
    'lower hex =c3=a9, bad =ZZ and =4 and a lone = at the end=',
    '=E9t=E9 in latin-1',
    'diff --git a/x b/x\n+if (a =3D=3D b)=20\n-x',
  ];
  const cases: string[] = [
    ...qp.map(
      (b, i) =>
        `Content-Type: text/plain; charset=${i === 3 ? 'iso-8859-1' : 'utf-8'}\nContent-Transfer-Encoding: quoted-printable\n\n${b}\n`,
    ),
    `Content-Transfer-Encoding: base64\n\n${Buffer.from('diff --git a/x b/x\n+é\n')
      .toString('base64')
      .replace(/(.{20})/g, '$1\n')}\n`,
    `Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: BASE64\r\n\r\n${Buffer.from([0x47, 0x72, 0xfc]).toString('base64')}\r\n`,
    'Content-Transfer-Encoding: base64\n\n!!!###\n',
  ];
  for (const raw of cases) {
    const bytes = h(raw);
    const ours = await decodeMailBody(bytes, parseMailHeaders(bytes));
    const theirs = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
    assert.equal(ours.text, theirs.text ?? '', raw);
  }
});

test('the parse worker gives the index lines and postings the caller would, in order, over several batches', async () => {
  const messages = Array.from({ length: 1300 }, (_, i) => ({
    raw: h(
      `Message-ID: <m${i}@x>\nSubject: [PATCH ${i}] x\nFrom: A <a@x>\n${i % 3 ? '' : 'Content-Transfer-Encoding: quoted-printable\n'}\n` +
        `diff --git a/f${i % 7} b/f${i % 7}\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old${i}\n+new =3D ${i}\nReviewed-by: R <r@x>\n`,
    ),
    locator: { epoch: '0', blob: i.toString(16).padStart(40, '0') },
    time: i % 2 ? 1000 + i : null,
  }));
  const pipeline = new ArchiveParsePipeline({
    parse: indexRawMessage,
    read: () => assert.fail('every message is given with its bytes'),
  });
  const got: IndexedBatch[] = [];
  for (const [i, m] of messages.entries()) got.push(...(await pipeline.add(m, `none-${i}@x`)));
  got.push(...(await pipeline.finish()));
  const inline: ArchiveMessage[] = [];
  for (const [i, m] of messages.entries()) inline.push(await indexRawMessage(m, `none-${i}@x`));
  const want = indexBatch(inline);
  assert.equal(Buffer.concat(got.map((b) => b.data)).toString(), Buffer.from(want.data).toString());
  assert.deepEqual(
    got.flatMap((b) => [...b.lengths]),
    [...want.lengths],
  );
  assert.deepEqual(
    got.flatMap((b) => [...b.postings]),
    [...want.postings],
  );
  assert.equal(
    want.lengths.reduce((a, b) => a + b, 0),
    want.data.length,
  );
  assert.ok(pipeline.usedWorker, 'the batches went to the worker');
});

test('messages left in the archive are read by the worker; where the worker cannot, the caller reads and parses them, the same', async () => {
  const root = tmpDir('pipeline-left');
  const gitdir = path.join(root, 'epoch.git');
  execFileSync('git', ['init', '-q', '--bare', gitdir]);
  const raws = Array.from({ length: 700 }, (_, i) =>
    h(
      `Message-ID: <left${i}@x>\nSubject: [PATCH] left ${i}\nFrom: A <a@x>\n\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a${i}\n+b${i}\n`,
    ),
  );
  const blobs = execFileSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin-paths'], {
    encoding: 'utf8',
    input: raws
      .map((r, i) => {
        const f = path.join(root, `m${i}`);
        fs.writeFileSync(f, r);
        return f;
      })
      .join('\n'),
  })
    .trim()
    .split('\n');
  const inline: ArchiveMessage[] = [];
  for (const [i, raw] of raws.entries())
    inline.push(await indexRawMessage({ raw, locator: { epoch: 'e', blob: blobs[i]! }, time: null }, `n${i}`));
  const want = Buffer.from(indexBatch(inline).data).toString();
  const store = new PackObjectStore(gitdir, 1 << 20);
  for (const epochDirs of [{ e: gitdir }, { e: path.join(root, 'not-there.git') }]) {
    let readHere = 0;
    const pipeline = new ArchiveParsePipeline({
      parse: indexRawMessage,
      read: (locator) => {
        readHere++;
        return Buffer.from(store.readObjectSync((locator as { blob: string }).blob).data);
      },
      epochDirs,
    });
    const got: IndexedBatch[] = [];
    // every other message left in the archive
    for (const [i, raw] of raws.entries())
      got.push(...(await pipeline.add({ raw: i % 2 ? null : raw, locator: { epoch: 'e', blob: blobs[i]! }, time: null }, `n${i}`)));
    got.push(...(await pipeline.finish()));
    assert.equal(Buffer.concat(got.map((b) => b.data)).toString(), want);
    if (epochDirs.e === gitdir) assert.equal(readHere, 0, 'the worker read them');
    else assert.equal(readHere, raws.length / 2, 'the worker could not: this thread read them');
  }
  store.close();
});
