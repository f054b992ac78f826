import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMessage } from '../../main/objects/parseCommit';
import { mediumMessage } from '../../main/cli/commands/log';
import { mailSegments, fileHunks } from '../../shared/mailSegments';
import { parseMessageFacts } from '../../shared/trailers';
import { stripInactive } from '../../main/analysis/scanExports';
import { GIT_SPACE, trimTrailing } from '../../shared/trimTrailing';
import { parseSignature } from '../../main/objects/parseCommit';
import { parseFrom, parseMailDate } from '../../main/archive/parseMailHeaders';
import { tagPerson } from '../../main/archive/messageFacts';
import { parsePerson } from '../../shared/trailers';
import { htmlToText } from '../../main/archive/decodeMailBody';
import { commitMessageRefs, messageIdFromUrl } from '../../main/archive/commitMessageRefs';
import { extractBodyFacts } from '../../main/archive/messageFacts';
import { withoutTags } from '../../shared/withoutTags';

// Text is data: a commit message or a mail may hold a run of hundreds of thousands of spaces or blank lines (a
// pasted log, a broken tool). A pattern such as /\s+$/ tries each such run to its end from each of its characters:
// 50,000 spaces took 4 s, 200,000 about a minute. Each of these must answer at once (the test's time limit is the
// guard: the code before ran out of it), and answer what it always answered.
const RUN = 200_000;
const spaces = ' '.repeat(RUN);
const blank = '\n'.repeat(RUN);

test('a long run of white space inside a message, a mail or a file is read at once, with the same answers', { timeout: 20_000 }, () => {
  // git's %s and %b: the body keeps the run inside it, loses what ends it
  const message = `mm: subject\n\nfirst${spaces}second${blank}third\n${spaces}\n\n`;
  const { subject, body } = splitMessage(message);
  assert.equal(subject, 'mm: subject');
  assert.ok(body === `first${spaces}second${blank}third`, 'the body');

  // git log's medium format: each line's trailing white space cut, the blank lines after the message dropped
  const medium = mediumMessage(`subject\n\nword${spaces}end${spaces}\t\r\n${blank}`);
  assert.ok(medium === `    subject\n    \n    word${spaces}end`, 'the medium format');

  // a mail body: blank lines in the middle kept, those at the end dropped
  const segments = mailSegments(`Hello${blank}there\n> quoted${blank}`);
  assert.deepEqual(
    segments.map((s) => s.kind),
    ['text', 'quote'],
  );
  assert.equal(segments[0]!.lines.length, RUN + 1);
  assert.equal(fileHunks(`diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b${blank}`, 'f.c'), '@@ -1 +1 @@\n-a\n+b');

  // a backport's marker found on its own line after a long run of blank lines
  const upstream = 'a'.repeat(40);
  assert.equal(parseMessageFacts(`subject\n${blank}commit ${upstream} upstream.\n`).upstream, upstream);
  assert.equal(parseMessageFacts(`subject\n${blank}\t[ Upstream commit ${upstream} ]  \n`).upstream, upstream);
  assert.equal(parseMessageFacts(`subject\n${blank}x commit ${upstream} upstream.\n`).upstream, null);

  // `#if 0` looked for in a file with a long run of blank lines
  const source = `int a;${blank}#if 0\nint b;\n#endif\nint c;\n`;
  assert.ok(stripInactive(source) === `int a;${blank}\n\n\nint c;\n`, '#if 0 blanked');
  const other = `int a;${blank}# if 0x1\nint b;\n`;
  assert.ok(stripInactive(other) === other, '#if 0x1 kept');

  assert.ok(trimTrailing(`a${spaces}b${spaces}`, GIT_SPACE) === `a${spaces}b`, 'trimTrailing');
  assert.equal(trimTrailing('', GIT_SPACE), '');
  assert.equal(trimTrailing(' \t', GIT_SPACE), '');
});

test('a header, a signature or a trailer of long runs is read at once, with the same answers', { timeout: 20_000 }, () => {
  // a From header of spaces (a spam's): 10,000 took eight minutes in an expression whose three parts each took them
  assert.deepEqual(parseFrom(spaces), { name: '', email: '' });
  assert.deepEqual(parseFrom(`${spaces}Jane${spaces}<JANE@x.org>${spaces}`), { name: 'Jane', email: 'jane@x.org' });
  assert.deepEqual(parseFrom(`"Doe, Jane"${spaces}<jane@x.org>`), { name: 'Doe, Jane', email: 'jane@x.org' });
  assert.equal(parseFrom(`${'<'.repeat(RUN)}a@b.org`).email, 'a@b.org');
  // review tags and trailers: the same shape of expression
  assert.deepEqual(tagPerson(`${spaces}Jane${spaces}<Jane@X.org>`), { name: 'Jane', email: 'jane@x.org' });
  assert.deepEqual(tagPerson(`Jane ${'a'.repeat(RUN)} jane@x.org`), { name: `Jane ${'a'.repeat(RUN)}`, email: 'jane@x.org' });
  assert.deepEqual(parsePerson(`${spaces}"Jane"${spaces}<jane@x.org>`), { name: 'Jane', email: 'jane@x.org' });
  assert.deepEqual(parsePerson(spaces), {});
  // a commit's author line of `<`: the date after the last `>` is what places its `<`
  const sig = parseSignature(`A ${'<'.repeat(RUN)}a@b> 1552381200 +0100`);
  assert.equal(sig.time, 1552381200);
  assert.equal(sig.person.email, `${'<'.repeat(RUN - 1)}a@b`);
  assert.equal(parseSignature('<'.repeat(RUN)).time, 0);
  // a Date header of `(`, an HTML body of `<`, a URL ending in a run of `>`
  assert.equal(parseMailDate(`${'('.repeat(RUN)}Mon, 11 Mar 2019 10:00:00 +0100`), null);
  assert.equal(parseMailDate('Mon, 11 Mar 2019 10:00:00 +0100 (CET)'), 1552294800);
  assert.equal(htmlToText(`<p>a</p>${'<'.repeat(RUN)}`), `a\n${'<'.repeat(RUN)}`);
  assert.equal(withoutTags(`a<b>c<<d>e<f`), 'ace<f');
  assert.equal(messageIdFromUrl(`https://lore.kernel.org/r/abc@x.org${'>'.repeat(RUN)}`), 'abc@x.org');
  // a review tag and a Link trailer whose values hold a long run of spaces (each end of the value was tried against it)
  const facts = extractBodyFacts(`Looks good.\n\nReviewed-by: Jane${spaces}Doe <jane@x.org>${spaces}\n`, { name: 'S', email: 's@x' });
  assert.deepEqual(
    facts.tags.map((t) => [t.tag, t.email]),
    [['Reviewed-by', 'jane@x.org']],
  );
  assert.deepEqual(commitMessageRefs(`subject\n\nLink:${spaces}https://lore.kernel.org/r/abc@x.org${spaces}\n`).trailers, ['abc@x.org']);
});
