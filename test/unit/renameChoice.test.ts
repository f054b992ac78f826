import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitBlame } from '../fixtures/blameHistory';
import { openRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { BlameCache, blameFile } from '../../main/blame/blameFile';

/** A repository built commit by commit: each step writes and deletes files, then commits everything. */
function history(name: string, steps: { write?: Record<string, string>; remove?: string[] }[]): string {
  const dir = tmpDir(name);
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'A');
  git('config', 'user.email', 'a@x');
  steps.forEach((step, i) => {
    for (const [p, text] of Object.entries(step.write ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    for (const p of step.remove ?? []) fs.rmSync(path.join(dir, p));
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', `step ${i}`);
  });
  return dir;
}

/** git log --follow's path at each commit, newest first (R/C lines name where the file came from). */
function gitFollow(dir: string, file: string): string[][] {
  return gitOut(dir, ['log', '--follow', '--format=%H', '--name-status', '--', file])
    .split('\n')
    .filter(Boolean)
    .reduce<string[][]>((out, line) => {
      if (/^[0-9a-f]{40}$/.test(line)) out.push([line]);
      else out[out.length - 1]!.push(...line.split('\t').slice(1).reverse());
      return out;
    }, []);
}

async function strataFollow(dir: string, file: string): Promise<string[][]> {
  const repo = await openRepository({ dir, home: tmpDir('rename-choice-home') });
  try {
    const t = await indexFileHistory({ repo, path: file, follow: true });
    return t.entries.map((e) => [e.oid, e.path, ...(e.oldPath ? [e.oldPath] : [])]);
  } finally {
    repo.close();
  }
}

const text = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} line ${i} of a file long enough to count\n`).join('');

test('--follow takes the source git takes among identical files: the first in path order, a deleted one before a kept one', async () => {
  const licence = text('licence', 20);
  const dir = history('rename-choice-identical', [
    { write: { 'a/COPYING': licence, 'b/COPYING': licence, 'c/COPYING': licence, 'z/COPYING': licence } },
    // a copy of four identical kept files: the first in path order (git's C100 a/COPYING)
    { write: { 'd/COPYING': licence } },
    // two identical files deleted, one added: the first deleted, not the last
    { write: { 'e/LICENSE': licence }, remove: ['b/COPYING', 'c/COPYING'] },
    // a deleted file after a kept one in path order: the deleted (a rename) wins over the kept (a copy)
    { write: { 'f/LICENSE': licence }, remove: ['z/COPYING'] },
  ]);
  for (const file of ['d/COPYING', 'e/LICENSE', 'f/LICENSE']) {
    const want = gitFollow(dir, file);
    assert.deepEqual(
      (await strataFollow(dir, file)).map((e) => e.slice(0, 3)),
      want.map((e) => (e.length > 2 ? [e[0], e[1], e[2]] : [e[0], e[1]])),
      file,
    );
  }
  assert.match(gitOut(dir, ['log', '-1', '--follow', '--name-status', '--format=', 'HEAD~2', '--', 'd/COPYING']), /^C100\ta\/COPYING/);
});

test('blame follows the rename git finds: a lone deleted file of the same name at 75% before a more alike one', async () => {
  const base = text('core', 40);
  const lines = base.split('\n');
  // lib/foo.c keeps 32 of 40 lines (80%); lib/bar.c keeps 38 (95%); the new file is src/foo.c
  const edited = (keep: number) => lines.map((l, i) => (i < keep ? l : `changed ${i}`)).join('\n');
  const dir = history('rename-choice-basename', [
    { write: { 'lib/foo.c': edited(32), 'lib/bar.c': edited(38) } },
    { write: { 'src/foo.c': base }, remove: ['lib/foo.c', 'lib/bar.c'] },
    { write: { 'src/foo.c': `${base}tail\n` } },
  ]);
  const repo = await openRepository({ dir, home: tmpDir('rename-choice-blame-home') });
  try {
    const got = await blameFile({ repo, path: 'src/foo.c', cache: new BlameCache() });
    const want = gitBlame(dir, 'HEAD', 'src/foo.c');
    assert.ok(
      want.some((l) => l.origPath === 'lib/foo.c'),
      'git follows the same-named file',
    );
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath]),
      want.map((l) => [l.oid, l.origLine, l.origPath]),
    );
  } finally {
    repo.close();
  }
});

test('in a partial clone, a file the copy lacks is no rename source (--follow and blame go on: git stops there), and its own timeline has no counts', async () => {
  const big = Buffer.from(Array.from({ length: 6000 }, (_, i) => (i * 7919) % 251));
  const source = history('rename-choice-partial-source', [
    { write: { 'data/big.img': big.toString('latin1'), 'doc/a.txt': text('notes', 30) } },
    { write: { 'doc/b.txt': text('notes', 30).replace('notes line 3 ', 'NOTES line three ') }, remove: ['doc/a.txt'] },
  ]);
  execFileSync('git', ['-C', source, 'config', 'uploadpack.allowFilter', 'true']);
  const partial = path.join(tmpDir('rename-choice-partial'), 'clone.git');
  execFileSync('git', ['clone', '-q', '--bare', '--no-local', '--filter=blob:limit=4000', `file://${source}`, partial]);
  // no way back to the promisor: git itself would fail where it needs the missing blob
  execFileSync('git', ['-C', partial, 'remote', 'remove', 'origin']);
  const missing = gitOut(partial, ['rev-list', '--objects', '--missing=print', 'HEAD'])
    .split('\n')
    .filter((l) => l.startsWith('?'));
  assert.equal(missing.length, 1, 'the big blob is left out');

  assert.deepEqual(
    (await strataFollow(partial, 'doc/b.txt')).map((e) => e.slice(0, 3)),
    gitFollow(source, 'doc/b.txt').map((e) => (e.length > 2 ? [e[0], e[1], e[2]] : [e[0], e[1]])),
  );
  const repo = await openRepository({ dir: partial, home: tmpDir('rename-choice-partial-home') });
  try {
    // the timeline of the file the copy lacks: its commits all the same, its counts unknown, and said
    const big = await indexFileHistory({ repo, path: 'data/big.img' });
    assert.deepEqual(
      big.entries.map((e) => [e.oid, e.additions, e.deletions, e.absent]),
      gitOut(source, ['log', '--format=%H', '--', 'data/big.img'])
        .split('\n')
        .filter(Boolean)
        .map((oid) => [oid, null, null, true]),
    );
    assert.match(big.stats.absent ?? '', /^1 version of data\/big\.img (was left on|is not in) .*its \+\/- counts are not known/);
    assert.equal((await indexFileHistory({ repo, path: 'doc/b.txt' })).stats.absent, undefined);
    const got = await blameFile({ repo, path: 'doc/b.txt', cache: new BlameCache() });
    assert.deepEqual(
      got.map((l) => [l.oid, l.origPath]),
      gitBlame(source, 'HEAD', 'doc/b.txt').map((l) => [l.oid, l.origPath]),
    );
  } finally {
    repo.close();
  }
});
