import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isValidRefName, isValidRevision } from '../../shared/refName';
import { parseParams } from '../../shared/api';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { RefStore } from '../../main/objects/refStore';
import { resolveRevision } from '../../main/objects/resolveRevision';

const NAMES = [
  'main',
  'HEAD',
  'v5.0',
  'v5.0-rc1',
  'refs/heads/main',
  'feature/x',
  'a/-b',
  'héllo',
  'x@y',
  'a.b',
  'with+plus',
  '123abc',
  '../../../../tmp/x',
  'x/../y',
  '..',
  '.',
  '.hidden',
  'a/.b',
  'a.',
  'a/b.',
  'foo.lock',
  'a/foo.lock/b',
  'a//b',
  '/a',
  'a/',
  'a@{b',
  '@{-1}',
  'HEAD@{1}',
  '@',
  'a b',
  'a\tb',
  'a\x1b[2J',
  'a\x7f',
  'a\\b',
  'a:b',
  'a?b',
  'a*b',
  'a[b',
  'a~b',
  'a^b',
  '',
];

test("ref names are checked as git's check-ref-format --allow-onelevel checks them", () => {
  for (const name of NAMES) {
    const git = spawnSync('git', ['check-ref-format', '--allow-onelevel', name]).status === 0;
    assert.equal(isValidRefName(name), git, `${JSON.stringify(name)}: git says ${git ? 'valid' : 'invalid'}`);
  }
  // A leading dash is an option to git (exit 129), never a name: refused.
  for (const name of ['-x', '--upload-pack=evil', '-']) assert.equal(isValidRefName(name), false, name);
});

test('revisions as a user types them: a valid name or id and ~N / ^N steps; nothing else', () => {
  const ok = ['HEAD', 'HEAD~3', 'HEAD^', 'HEAD^2~1', 'v5.0^', 'v5.0-rc1~10', 'abc123', 'abc123^2', 'a'.repeat(40), 'origin/main~2'];
  const bad = [
    '../../../../tmp/x',
    '-x',
    'a.lock',
    'a\\b',
    'a//b',
    '@{-1}',
    'HEAD@{1}',
    'main@{upstream}',
    'a\x1b[2J',
    '~3',
    '^',
    'a b',
    '',
  ];
  for (const r of ok) assert.equal(isValidRevision(r), true, r);
  for (const r of bad) assert.equal(isValidRevision(r), false, JSON.stringify(r));
  // The API (web host, CLI, Electron: one schema) refuses them before any handler runs.
  assert.throws(() => parseParams('readFile', { dir: '/r', rev: '../../../../tmp/x', path: 'a' }), /rev: a branch, tag or commit/);
  assert.throws(() => parseParams('blame', { dir: '/r', path: 'a', rev: 'topic.lock' }), /rev: a branch, tag or commit/);
  assert.equal(parseParams('readFile', { dir: '/r', rev: 'v5.0^', path: 'a' }).rev, 'v5.0^');
});

test('resolving a revision never reads a file named by an invalid ref name', async () => {
  const root = tmpDir('ref-names');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 3, commits: 5, bare: true });
  const head = gitOut(repo.dir, ['rev-parse', 'HEAD']).trim();
  // Files holding an id where an invalid name would lead: inside refs/ and outside the git directory.
  fs.writeFileSync(path.join(repo.dir, 'refs', 'heads', 'topic.lock'), `${head}\n`);
  fs.writeFileSync(path.join(root, 'outside'), `${head}\n`);
  const named = { store: new PackObjectStore(repo.dir), refs: new RefStore(repo.dir) };
  for (const rev of ['topic.lock', 'heads/topic.lock', '../outside', 'refs/../../outside']) {
    assert.equal(spawnSync('git', ['-C', repo.dir, 'rev-parse', '--verify', '--quiet', rev]).status === 0, false, `git refuses ${rev}`);
    await assert.rejects(resolveRevision(named, rev), /not a valid revision name|neither a branch/, rev);
  }
  assert.equal(await resolveRevision(named, 'HEAD~1'), gitOut(repo.dir, ['rev-parse', 'HEAD~1']).trim());
  named.store.close();
});
