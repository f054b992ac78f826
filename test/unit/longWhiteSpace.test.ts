import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMessage } from '../../main/objects/parseCommit';
import { mediumMessage } from '../../main/cli/commands/log';
import { mailSegments, fileHunks } from '../../shared/mailSegments';
import { parseMessageFacts } from '../../shared/trailers';
import { stripInactive } from '../../main/analysis/scanExports';
import { GIT_SPACE, trimTrailing } from '../../shared/trimTrailing';

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
