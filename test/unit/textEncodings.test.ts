import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { commitByteVersions } from '../fixtures/bytesHistory';

test('a file read in a stated encoding: auto says what it guessed, another encoding is asked for by name, the boundary refuses unknown ones', async () => {
  const dir = tmpDir('encodings');
  const home = tmpDir('encodings-home');
  // Latin-1 "café" then windows-1252's euro sign (0x80), then Shift-JIS "日本"
  const v1 = Buffer.from('caf\xe9\n', 'latin1');
  const v2 = Buffer.concat([v1, Buffer.from([0x80, 0x0a])]);
  const v3 = Buffer.concat([v2, Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x0a])]);
  commitByteVersions(dir, 'notes.txt', [v1, v2, v3]);
  const [c3, c2] = gitOut(dir, ['rev-list', 'HEAD']).trim().split('\n');
  const ctx = { home, repositories: new RepositoryPool({ home }) };

  const auto = await callMethod('readFile', { dir, rev: c2!, path: 'notes.txt' }, ctx, NO_HOST);
  assert.equal(auto.encoding, 'iso-8859-1', 'not valid UTF-8: every byte kept as Latin-1');
  assert.equal(auto.text, 'café\n\x80\n');
  const cp1252 = await callMethod('readFile', { dir, rev: c2!, path: 'notes.txt', encoding: 'windows-1252' }, ctx, NO_HOST);
  assert.equal(cp1252.text, 'café\n€\n');
  assert.equal(cp1252.encoding, 'windows-1252');
  const sjis = await callMethod('readFile', { dir, rev: c3!, path: 'notes.txt', encoding: 'shift_jis' }, ctx, NO_HOST);
  assert.match(sjis.text, /日本\n$/);
  const utf8 = await callMethod('readFile', { dir, rev: c3!, path: 'notes.txt', encoding: 'utf-8' }, ctx, NO_HOST);
  assert.match(utf8.text, /^caf\uFFFD\n/, 'undecodable bytes are replacement characters, never dropped lines');

  // the diff reads both versions in the encoding asked for; the counts are git's, from the bytes
  const diff = await callMethod('diffVersions', { dir, path: 'notes.txt', from: c2!, to: c3!, encoding: 'shift_jis' }, ctx, NO_HOST);
  assert.equal(diff.to.encoding, 'shift_jis');
  assert.match(diff.unified, /^\+日本$/m);
  const numstat = gitOut(dir, ['diff', '--numstat', c2!, c3!]).split('\t');
  assert.deepEqual([diff.additions, diff.deletions], [Number(numstat[0]), Number(numstat[1])]);

  await assert.rejects(
    callMethod('readFile', { dir, rev: c3!, path: 'notes.txt', encoding: 'ebcdic' as never }, ctx, NO_HOST),
    (e: Error & { code?: string }) => e.code === 'InvalidRequest',
  );
  ctx.repositories.closeAll();
});
