import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMessage, isoWithOffset, parseCommitLinkBytes, parseCommitLinks } from '../../main/objects/parseCommit';

test('subject and body split like git %s and %b', () => {
  assert.deepEqual(splitMessage('\n\nfirst line\nsecond line\n\n\nbody one\n\nbody two\n\n'), {
    subject: 'first line second line',
    body: 'body one\n\nbody two',
  });
  assert.deepEqual(splitMessage('only subject'), { subject: 'only subject', body: '' });
});

test('dates print like git %aI', () => {
  assert.equal(isoWithOffset(1552381200, 60), '2019-03-12T10:00:00+01:00');
  assert.equal(isoWithOffset(1552381200, -420), '2019-03-12T02:00:00-07:00');
  assert.equal(isoWithOffset(0, 0), '1970-01-01T00:00:00+00:00');
});

test('commit links: tree, parents and committer time, read from the header only, odd lines included', () => {
  const tree = 'a'.repeat(40);
  const p1 = 'b'.repeat(40);
  const p2 = 'c'.repeat(40);
  const commit = (committer: string, extra = '') =>
    Buffer.from(
      `tree ${tree}\nparent ${p1}\nparent ${p2}\nauthor A <a@x> 1 +0000\n${committer}${extra}\n\nmessage\ncommitter X <x> 99 +0000\n`,
      'latin1',
    );
  const timeOf = (committer: string) => parseCommitLinks(commit(committer)).commitTime;
  assert.deepEqual(parseCommitLinks(commit('committer C <c@x> 1700000000 +0100')), { tree, parents: [p1, p2], commitTime: 1700000000 });
  assert.equal(timeOf('committer C <c@x> 1700000000 -0730 \r\t'), 1700000000, 'trailing white space');
  assert.equal(timeOf('committer C <c@x> -5 +0000'), -5, 'before 1970');
  assert.equal(timeOf('committer C <c@x>1700000000 +0000'), 0, 'no space before the time');
  assert.equal(timeOf('committer C <c@x> 17x0 +0000'), 0, 'not a number');
  assert.equal(timeOf('committer C <c@x> 1700000000 +000'), 0, 'a short zone');
  assert.equal(timeOf('committer C <c@x> 1700000000 0000'), 0, 'a zone without its sign');
  assert.equal(timeOf('committer  12 +0000'), 12);
  // the message's lines are not the header's; a header with no blank line ends with the commit
  assert.equal(parseCommitLinks(Buffer.from(`tree ${tree}\ncommitter C <c> 7 +0000`)).commitTime, 7);
  assert.deepEqual(parseCommitLinks(new Uint8Array(Buffer.from(`tree ${tree}\n\n`))), { tree, parents: [], commitTime: 0 });
});

test('the commit links read into bytes equal those read as text: roots, merges, octopus merges past the buffer, signed commits; odd ids refused', () => {
  const id = (n: number) => n.toString(16).padStart(40, 'a').slice(-40);
  const sig = 'A U Thor <a@example.org> 1552381200 +0100';
  const commit = (parents: number, extra = '') =>
    Buffer.from(
      `tree ${id(1)}\n${Array.from({ length: parents }, (_, i) => `parent ${id(100 + i)}\n`).join('')}author ${sig}\ncommitter ${sig}\n${extra}\nsubject\n\nparent ${id(999)} in the message is not a parent\n`,
    );
  const signed = 'gpgsig -----BEGIN PGP SIGNATURE-----\n tree 0000000000000000000000000000000000000000\n -----END PGP SIGNATURE-----\n';
  const ids = { buf: Buffer.alloc(20 * 8) };
  for (const data of [commit(0), commit(1), commit(2), commit(12), commit(1, signed)]) {
    const text = parseCommitLinks(data);
    const bytes = parseCommitLinkBytes(data, ids);
    assert.ok(bytes);
    assert.equal(bytes.commitTime, text.commitTime);
    assert.equal(ids.buf.toString('hex', 0, 20), text.tree);
    assert.deepEqual(
      Array.from({ length: bytes.parents }, (_, i) => ids.buf.toString('hex', 20 * (i + 1), 20 * (i + 2))),
      text.parents,
    );
  }
  assert.ok(ids.buf.length >= 20 * 13, 'the buffer grew for the octopus merge');
  assert.equal(parseCommitLinkBytes(Buffer.from(`tree ${'z'.repeat(40)}\nauthor ${sig}\n\nm\n`), ids), null, 'not hex');
  assert.equal(parseCommitLinkBytes(Buffer.from(`tree ${id(1).slice(0, 30)}\nauthor ${sig}\n\nm\n`), ids), null, 'cut short');
  assert.equal(parseCommitLinkBytes(Buffer.from(`author ${sig}\n\nm\n`), ids), null, 'no tree');
});
