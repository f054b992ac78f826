import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
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

test('revisions as a user types them: a valid name or id, @{…}, ~N / ^N / ^{} / ^{/text} steps, :/text; nothing else', () => {
  const ok = [
    'HEAD',
    'HEAD~3',
    'HEAD^',
    'HEAD^2~1',
    'v5.0^',
    'v5.0-rc1~10',
    'abc123',
    'abc123^2',
    'a'.repeat(40),
    'origin/main~2',
    '@',
    '@~2',
    'v5.0^{}',
    'v5.0^{commit}~2',
    '@{-1}',
    '@{1}',
    'HEAD@{1}',
    'main@{upstream}',
    'main@{u}^2',
    ':/fix',
    ':/^mm/hmm: .* (EXPORT_SYMBOL|GPL)',
    ':/!-Merge',
    ':/!!x',
    'HEAD^{/fix}~2',
  ];
  const bad = [
    '../../../../tmp/x',
    '-x',
    'a.lock',
    'a\\b',
    'a//b',
    'main@{-1}',
    '@{yesterday}',
    'HEAD@{1',
    '@{../../x}',
    'v5.0^{tree}',
    'a\x1b[2J',
    '~3',
    '^',
    'a b',
    '',
    ':/',
    ':/!x',
    ':/(a',
    'HEAD^{/(a}',
  ];
  for (const r of ok) assert.equal(isValidRevision(r), true, r);
  for (const r of bad) assert.equal(isValidRevision(r), false, JSON.stringify(r));
  // The API (web host, CLI, Electron: one schema) refuses them before any handler runs.
  assert.throws(() => parseParams('readFile', { dir: '/r', rev: '../../../../tmp/x', path: 'a' }), /rev: a branch, tag or commit/);
  assert.throws(() => parseParams('blame', { dir: '/r', path: 'a', rev: 'topic.lock' }), /rev: a branch, tag or commit/);
  assert.equal(parseParams('readFile', { dir: '/r', rev: 'v5.0^', path: 'a' }).rev, 'v5.0^');
  // a date in @{…} is said to be one Strata does not read, with what it reads instead
  assert.throws(
    () => parseParams('blame', { dir: '/r', path: 'a', rev: 'HEAD@{2 days ago}' }),
    /dates \(HEAD@\{yesterday\}\) are not read/,
  );
  // a timeline and blame take a range (git log A..B, git blame A..B), not a symmetric difference; one version (a file) takes neither
  for (const method of ['indexFile', 'blame'] as const) {
    const key = { dir: '/r', path: 'a', ...(method === 'indexFile' ? { follow: false } : {}) };
    for (const range of ['v5.0..v5.5', 'v5.0..', '..next']) assert.equal(parseParams(method, { ...key, rev: range }).rev, range);
    assert.throws(() => parseParams(method, { ...key, rev: 'main...topic' }), /symmetric difference \(A\.\.\.B\) is not read/);
  }
  for (const range of ['v5.0..v5.5', 'main...topic', 'v5.0..'])
    assert.throws(() => parseParams('readFile', { dir: '/r', path: 'a', rev: range }), /not a range \(A\.\.B\)/, range);
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

test('revisions resolve as git rev-parse resolves them: @, ^{}, reflog entries, a branch checked out before, upstreams', async () => {
  const root = tmpDir('revisions');
  const origin = generateRepo({ dir: path.join(root, 'origin'), seed: 5, commits: 12, bare: true });
  const work = path.join(root, 'work');
  const git = (args: string[]) =>
    execFileSync('git', ['-C', work, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  execFileSync('git', ['clone', '-q', origin.dir, work]);
  git(['config', 'user.name', 't']);
  git(['config', 'user.email', 't@t']);
  const main = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  git(['tag', '-a', '-m', 'annotated', 'annotated-1', 'HEAD~2']);
  git(['checkout', '-q', '-b', 'topic', 'HEAD~4']);
  git(['commit', '-q', '--allow-empty', '-m', 'on topic']);
  git(['commit', '-q', '--allow-empty', '-m', 'again on topic']);
  git(['checkout', '-q', main]);
  git(['reset', '-q', '--hard', 'HEAD~1']); // main now one behind its upstream
  git(['checkout', '-q', 'topic']);
  const named = { store: new PackObjectStore(path.join(work, '.git')), refs: new RefStore(path.join(work, '.git')) };
  const revs = [
    '@',
    '@~1',
    'annotated-1^{}',
    'annotated-1^{commit}~1',
    'HEAD@{0}',
    'HEAD@{1}',
    'HEAD@{3}',
    '@{1}',
    'topic@{1}',
    `${main}@{1}`,
  ];
  revs.push('@{-1}', '@{-2}', '@{-1}~1', `${main}@{upstream}`, `${main}@{u}^`, `${main}@{push}`);
  for (const rev of revs) assert.equal(await resolveRevision(named, rev), git(['rev-parse', '--verify', `${rev}^{commit}`]), rev);
  // the youngest commit whose message matches, from every ref and HEAD (:/) or from a revision (^{/}); a note's
  // commit under refs/notes is one of the refs
  git(['notes', 'add', '-m', 'a note', 'HEAD~1']);
  for (const rev of [
    ':/topic',
    ':/^again',
    ':/!-topic',
    ':/Notes added',
    'HEAD^{/^on topic}',
    `${main}^{/.}~1`,
    ':/^[[:alpha:]]+/[[:alpha:]]+: ',
    `${main}^{/}`,
  ])
    assert.equal(await resolveRevision(named, rev), git(['rev-parse', '--verify', rev]), rev);
  // what git cannot resolve either, with a message that says why
  for (const [rev, why] of [
    ['HEAD@{99}', /has only \d+ entries/],
    ['@{-9}', /names \d+ earlier checkouts?/],
    ['topic@{u}', /branch topic has no upstream/],
    ['HEAD^2', /has one parent, not 2/],
    [`${main}~99`, /goes past the first commit/],
    [':/no such message here', /No commit's message matches/],
  ] as const) {
    assert.notEqual(spawnSync('git', ['-C', work, 'rev-parse', '--verify', '--quiet', rev]).status, 0, `git refuses ${rev}`);
    await assert.rejects(resolveRevision(named, rev), why, rev);
  }
  named.store.close();
});
