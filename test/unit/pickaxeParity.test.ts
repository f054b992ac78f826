import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { blameHistory } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { pickaxeCommits } from '../../main/services/pickaxe';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { describeFilter, EMPTY_FILTER, filterEntries, parseSearch, pickaxeOf } from '../../shared/timelineFilter';

function gitPickaxe(dir: string, text: string, path: string, follow: boolean): string[] {
  const args = ['-C', dir, 'log', '--format=%H', `-S${text}`, ...(follow ? ['--follow'] : []), '--', path];
  return execFileSync('git', args).toString('utf8').split('\n').filter(Boolean);
}

// the generated history: lines added, removed, replaced, moved (the count stays), duplicated, whitespace and CRLF
// edits, merges that change both sides, and renames of the file (followed with --follow)
const NEEDLES = ['return 0;', 'break;', 'line_1', 'line_2();', '{', '\t\t', '  \n', '\r', ');\n}', '   ', '  ', 'nothing like this'];

for (const seed of [41, 42]) {
  test(`-S lists the commits git log -S lists, with and without --follow (seed ${seed})`, async () => {
    const dir = tmpDir(`pickaxe-parity-${seed}`);
    const { paths } = blameHistory(dir, seed, 60);
    const path = paths[paths.length - 1]!;
    const repo = await openRepository({ dir, home: tmpDir('pickaxe-home') });
    try {
      let listed = 0;
      let withMerges = 0;
      for (const follow of [false, true]) {
        const timeline = await indexFileHistory({ repo, path, follow });
        withMerges += timeline.entries.filter((e) => e.parents.length > 1).length;
        for (const text of NEEDLES) {
          const want = gitPickaxe(dir, text, path, follow);
          const got = await pickaxeCommits({ repo, path, follow, text });
          assert.deepEqual(got, want, `git log -S${JSON.stringify(text)}${follow ? ' --follow' : ''} -- ${path}`);
          listed += want.length;
        }
      }
      assert.ok(withMerges > 0, 'the history has merges');
      assert.ok(listed > 40, `${listed} commits listed`);
    } finally {
      repo.close();
    }
  });
}

test('the search box: -S"text" is the pickaxe (case kept, the last one counts), not a word; the filter keeps only its commits', () => {
  assert.equal(pickaxeOf('-S"Return 0;" author:ann'), 'Return 0;');
  assert.equal(pickaxeOf('fix -Shmm_range'), 'hmm_range');
  assert.equal(pickaxeOf('-Sa -S"b c"'), 'b c');
  assert.equal(pickaxeOf('x-Sfoo'), null);
  assert.equal(pickaxeOf('-S""'), null);
  assert.deepEqual(parseSearch('-S"Return 0;" author:ann fix'), [
    { field: 'author', value: 'ann' },
    { field: 'text', value: 'fix' },
  ]);
  const entry = (oid: string) =>
    ({ oid, subject: 'fix', body: '', author: { name: 'ann', email: 'a@x', date: '2020-01-01T00:00:00Z' }, path: 'f' }) as never;
  const entries = [entry('a'.repeat(40)), entry('b'.repeat(40))];
  const filter = { ...EMPTY_FILTER, text: '-S"Return 0;" fix' };
  assert.deepEqual(filterEntries(entries, filter, {}, {}, undefined, null, null), [], 'nothing while the commits are found');
  assert.deepEqual(
    filterEntries(entries, filter, {}, {}, undefined, null, new Set(['b'.repeat(40)])).map((e) => e.oid),
    ['b'.repeat(40)],
  );
  assert.deepEqual(describeFilter(filter), ['id or message contains "fix"', 'changes the number of "Return 0;" in the file (git log -S)']);
});

test("-S counts as git does (left to right, not overlapping) and over a directory's files", async () => {
  const dir = tmpDir('pickaxe-counting');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: { ...process.env, GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'T');
  git('config', 'user.email', 't@x');
  const steps = ['aaaa', 'aa aa', 'aaa', 'aa b', 'a a', 'xaax'];
  fs.mkdirSync(`${dir}/d/e`, { recursive: true });
  for (const [i, text] of steps.entries()) {
    fs.writeFileSync(`${dir}/d/${i % 2 ? 'f' : 'e/g'}`, `${text}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', `step ${i}`);
  }
  const repo = await openRepository({ dir, home: tmpDir('pickaxe-home') });
  try {
    for (const path of ['d', 'd/f', 'd/e/g'])
      for (const text of ['aa', 'a', 'aaa', 'a a'])
        assert.deepEqual(
          await pickaxeCommits({ repo, path, follow: false, text }),
          gitPickaxe(dir, text, path, false),
          `-S${text} -- ${path}`,
        );
  } finally {
    repo.close();
  }
});
