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

function gitPickaxe(dir: string, text: string, path: string, follow: boolean, kind: 'S' | 'G' = 'S'): string[] {
  const args = ['-C', dir, 'log', '--format=%H', `-${kind}${text}`, ...(follow ? ['--follow'] : []), '--', path];
  return execFileSync('git', args).toString('utf8').split('\n').filter(Boolean);
}

/** An empty repository whose commits are all dated 2020-01-01, and git run in it. */
function datedRepo(name: string): { dir: string; git: (...args: string[]) => Buffer } {
  const dir = tmpDir(name);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: { ...process.env, GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' },
    });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'T');
  git('config', 'user.email', 't@x');
  return { dir, git };
}

// the generated history: lines added, removed, replaced, moved (the count stays), duplicated, whitespace and CRLF
// edits, merges that change both sides, and renames of the file (followed with --follow)
const NEEDLES = ['return 0;', 'break;', 'line_1', 'line_2();', '{', '\t\t', '  \n', '\r', ');\n}', '   ', '  ', 'nothing like this'];

// regexes as git log -G takes them (POSIX extended): anchors, classes, alternation, repetition, a dot, an escape
const PATTERNS = [
  'return 0;',
  '^\\tline_1',
  'line_[0-9]+\\(\\);$',
  '^\\}$',
  'break|return',
  '[[:space:]]{2,}$',
  'line_(3|7)0',
  '^$',
  '\\r$',
  '.{30}',
  'nothing like this',
];

// -S over NEEDLES (seeds 41, 42), -G over PATTERNS (seeds 43, 44)
for (const [kind, seeds, searched, least] of [
  ['S', [41, 42], NEEDLES, 40],
  ['G', [43, 44], PATTERNS, 60],
] as const) {
  for (const seed of seeds) {
    test(`-${kind} lists the commits git log -${kind} lists, with and without --follow (seed ${seed})`, async () => {
      const dir = tmpDir(`pickaxe-${kind === 'S' ? 'parity' : 'grep'}-${seed}`);
      const { paths } = blameHistory(dir, seed, 60);
      const path = paths[paths.length - 1]!;
      const repo = await openRepository({ dir, home: tmpDir('pickaxe-home') });
      try {
        let listed = 0;
        let withMerges = 0;
        for (const follow of [false, true]) {
          const timeline = await indexFileHistory({ repo, path, follow });
          withMerges += timeline.entries.filter((e) => e.parents.length > 1).length;
          for (const text of searched) {
            const want = gitPickaxe(dir, text, path, follow, kind);
            const got = await pickaxeCommits({ repo, path, follow, text, ...(kind === 'G' ? { regex: true } : {}) });
            assert.deepEqual(got, want, `git log -${kind}${JSON.stringify(text)}${follow ? ' --follow' : ''} -- ${path}`);
            listed += want.length;
          }
        }
        if (kind === 'S') assert.ok(withMerges > 0, 'the history has merges');
        assert.ok(listed > least, `${listed} commits listed`);
      } finally {
        repo.close();
      }
    });
  }
}

test('the search box: -S"text" or -G"regex" is the pickaxe (case kept, the last one counts), not a word; the filter keeps only its commits', () => {
  assert.deepEqual(pickaxeOf('-S"Return 0;" author:ann'), { text: 'Return 0;', regex: false });
  assert.deepEqual(pickaxeOf('fix -Shmm_range'), { text: 'hmm_range', regex: false });
  assert.deepEqual(pickaxeOf('-Sa -S"b c"'), { text: 'b c', regex: false });
  assert.deepEqual(pickaxeOf('-Sa -G"EXPORT_SYMBOL(_GPL)?\\(hmm"'), { text: 'EXPORT_SYMBOL(_GPL)?\\(hmm', regex: true });
  assert.deepEqual(pickaxeOf('-G^static fix'), { text: '^static', regex: true });
  assert.equal(pickaxeOf('x-Sfoo'), null);
  assert.equal(pickaxeOf('-S""'), null);
  assert.equal(pickaxeOf('-G""'), null);
  assert.deepEqual(parseSearch('-G"^static int" author:ann'), [{ field: 'author', value: 'ann' }]);
  assert.deepEqual(describeFilter({ ...EMPTY_FILTER, text: '-G"_GPL\\(" fix' }), [
    'id or message contains "fix"',
    'adds or removes a line matching /_GPL\\(/ (git log -G)',
  ]);
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

test('-G: an added or a deleted file greps all its lines; a binary version (by its bytes or the attributes) is not grepped; a regex git refuses is said to be none', async () => {
  const { dir, git } = datedRepo('pickaxe-grep-files');
  const versions: (string | Buffer | null)[] = [
    'int a;\nint b;\n',
    'int a;\nlong b;\n',
    Buffer.from('int a;\0long b;\n'),
    'int a;\n',
    null,
    'long c;\n',
  ];
  for (const [i, v] of versions.entries()) {
    if (v === null) git('rm', '-q', 'f.c');
    else {
      fs.writeFileSync(`${dir}/f.c`, v);
      git('add', 'f.c');
    }
    git('commit', '-q', '-m', `step ${i}`);
  }
  const repo = await openRepository({ dir, home: tmpDir('pickaxe-home') });
  try {
    for (const text of ['int', 'long', '^int a;$', 'b;', 'c'])
      assert.deepEqual(
        await pickaxeCommits({ repo, path: 'f.c', follow: false, text, regex: true }),
        gitPickaxe(dir, text, 'f.c', false, 'G'),
        `-G${text}`,
      );
    // the attributes decide what is binary (git diff_filespec_is_binary): -diff greps nothing, diff greps the NUL version too
    for (const attribute of ['-diff', 'diff', 'binary', 'diff=cpp']) {
      fs.writeFileSync(`${dir}/.gitattributes`, `*.c ${attribute}\n`);
      for (const text of ['int', 'long b'])
        assert.deepEqual(
          await pickaxeCommits({ repo, path: 'f.c', follow: false, text, regex: true }),
          gitPickaxe(dir, text, 'f.c', false, 'G'),
          `-G${text} with ${attribute}`,
        );
    }
    assert.equal(gitPickaxe(dir, 'long b', 'f.c', false, 'G').length, 1, 'with diff=cpp, the bytes decide again');
    fs.writeFileSync(`${dir}/.gitattributes`, '*.c diff\n');
    assert.equal(gitPickaxe(dir, 'long b', 'f.c', false, 'G').length, 3, 'with diff, git greps the version with a NUL too');
    fs.writeFileSync(`${dir}/.gitattributes`, '*.c -diff\n');
    assert.equal(gitPickaxe(dir, 'int', 'f.c', false, 'G').length, 0, 'with -diff, git greps nothing');
    await assert.rejects(
      pickaxeCommits({ repo, path: 'f.c', follow: false, text: 'a(b', regex: true }),
      /-G: "a\(b" is not a regular expression git accepts/,
    );
  } finally {
    repo.close();
  }
});

test("-S counts as git does (left to right, not overlapping) and over a directory's files", async () => {
  const { dir, git } = datedRepo('pickaxe-counting');
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
