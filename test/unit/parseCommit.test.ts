import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallRepo } from '../fixtures/generateRepo';
import { splitMessage, isoWithOffset, parseCommitLinkBytes, parseCommitLinks, parseSignature } from '../../main/objects/parseCommit';

test('subject and body split like git %s and %b', () => {
  assert.deepEqual(splitMessage('\n\nfirst line\nsecond line\n\n\nbody one\n\nbody two\n\n'), {
    subject: 'first line second line',
    body: 'body one\n\nbody two',
  });
  assert.deepEqual(splitMessage('only subject'), { subject: 'only subject', body: '' });
});

test("the subject is git's %s byte for byte: indented lines kept as written, white space at their ends dropped", () => {
  const { git, write } = smallRepo('subject-spacing');
  write('f', 'x\n');
  git('add', 'f');
  const messages = [
    // OpenSSH's ChangeLog-style subjects: an indented first paragraph over several lines
    '   - djm@cvs.openbsd.org 2014/06/24 01:13:21\n     [Makefile.in auth-bsdauth.c]   \n     New key API\n\nbody\n',
    'subject with tab\t\r\nand CR\r\n\r\nbody line\r\n',
    '\n \t \n  lead after blank lines\n\n',
    'form feed \f stays\n\u00a0\nnot blank for git\n',
  ];
  for (const m of messages) {
    git('commit', '-q', '--allow-empty', '--cleanup=verbatim', '-m', m);
    const raw = git('cat-file', 'commit', 'HEAD');
    const message = raw.slice(raw.indexOf('\n\n') + 2);
    assert.equal(splitMessage(message).subject, git('log', '-1', '--format=%s').replace(/\n$/, ''), JSON.stringify(m));
  }
});

test('dates print like git %aI', () => {
  assert.equal(isoWithOffset(1552381200, 60), '2019-03-12T10:00:00+01:00');
  assert.equal(isoWithOffset(1552381200, -420), '2019-03-12T02:00:00-07:00');
  assert.equal(isoWithOffset(0, 0), '1970-01-01T00:00:00+00:00');
  // the arithmetic equals Date's across leap years, centuries and the ends of its range
  const viaDate = (s: number, off: number) => {
    const abs = Math.abs(off);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${new Date((s + off * 60) * 1000).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  };
  const times = [0, 59, 86399, 86400, 951782400, 951868799, 4107542400, 253402300799, 253402300800, -1, -86401, 1e12];
  for (let k = 0; k < 2000; k++) times.push(Math.floor(Math.random() * 253402300800));
  for (const t of times)
    for (const off of [0, 60, -420, 345, -59, 1439]) assert.equal(isoWithOffset(t, off), viaDate(t, off), `${t} ${off}`);
});

test('signatures read without the expression equal what the expression reads, odd lines included', () => {
  // the expression parseSignature falls back on, as the oracle
  const oracle = (line: string) => {
    const m = /^(.*?) ?<([^>]*)> (-?\d+) ([+-])(\d\d)(\d\d)\s*$/.exec(line);
    if (!m) return { person: { name: line.trim(), email: '', date: new Date(0).toISOString() }, time: 0 };
    const time = Number(m[3]);
    const off = (m[4] === '-' ? -1 : 1) * (Number(m[5]) * 60 + Number(m[6]));
    // git's name ends before the white space (space, tab, CR, LF) that comes before `<`
    return { person: { name: m[1]!.replace(/[ \t\r\n]+$/, ''), email: m[2]!, date: isoWithOffset(time, off) }, time };
  };
  const lines = [
    'Jérôme Glisse <jglisse@redhat.com> 1552381200 -0400',
    'A U Thor <a@x> 1 +0000',
    'A  <a@x> 1 +0000',
    'Manuel Novoa III  <a@x> 1 +0000',
    'A \t <a@x> 1 +0000',
    ' A\t<a@x> 1 +0000',
    '  <a@x> 1 +0000',
    ' <a@x> 1 +0000',
    '<a@x> 1 +0000',
    'A <> 1 +0000',
    'A <a@x> -5 +0130',
    'A <a@x> 1700000000 +0100 \t\r',
    'A <a@x> 1700000000 +0100\u00a0',
    'A <a@x> 1700000000 +010',
    'A <a@x> 1700000000 0100',
    'A <a@x> x +0100',
    'A <a@x>  1 +0100',
    'A <b> c <d@x> 5 +0000',
    'A <b> c> 5 +0000',
    'A <a <b>> 5 +0000',
    'A\rB <a@x> 5 +0000',
    'A\u2028B <a@x> 5 +0000',
    'A <a\r@x> 5 +0000',
    'A <a@x> 253402300800 +0000',
    'A <a@x> 253402300799 -2359',
    'no email at all',
    '',
  ];
  for (const line of lines) assert.deepEqual(parseSignature(line), oracle(line), JSON.stringify(line));
  // past what a date holds (the expression's Date threw): the epoch, as git shows an overflowing date
  assert.equal(parseSignature('A <a@x> 99999999999999999999 +0100').person.date, '1970-01-01T00:00:00+00:00');
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
