import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { runCli } from '../fixtures/runCli';

/** Each commit of the history and the file's path there. */
function versions(dir: string, paths: string[]): { rev: string; path: string }[] {
  const out: { rev: string; path: string }[] = [];
  for (const rev of gitOut(dir, ['rev-list', '--all']).split('\n').filter(Boolean)) {
    const files = new Set(gitOut(dir, ['ls-tree', '-r', '--name-only', rev]).split('\n'));
    for (const p of paths) if (files.has(p)) out.push({ rev, path: p });
  }
  return out;
}

const rows = (lines: readonly { oid: string; origLine: number; origPath: string }[]) => lines.map((l) => [l.oid, l.origLine, l.origPath]);

for (const seed of [31, 32]) {
  test(`blame -M (and -M5, -M -w) equals git blame at every commit (blocks moved and duplicated, merges, renames; seed ${seed})`, async () => {
    const dir = tmpDir(`blame-moves-${seed}`);
    const { paths } = blameHistory(dir, seed, 45);
    const repo = await openRepository({ dir, home: tmpDir('blame-moves-home') });
    const cache = new BlameCache();
    let movedSomewhere = 0;
    let checked = 0;
    for (const { rev, path: p } of versions(dir, paths)) {
      for (const [flags, options] of [
        [['-M'], { moveScore: 20 }],
        [['-M5'], { moveScore: 5 }],
        [['-M', '-w'], { moveScore: 20, ignoreWhitespace: true }],
      ] as const) {
        const got = await blameFile({ repo, path: p, rev, cache, ...options });
        assert.deepEqual(rows(got), rows(gitBlame(dir, rev, p, [...flags])), `${flags.join(' ')} at ${rev} ${p}`);
        checked++;
        if (flags.length === 1 && JSON.stringify(rows(got)) !== JSON.stringify(rows(gitBlame(dir, rev, p)))) movedSomewhere++;
      }
    }
    repo.close();
    assert.ok(checked > 100, `${checked} blames checked`);
    // the history moves blocks: -M finds some of them (the test would pass on a blame that ignores -M otherwise)
    assert.ok(movedSomewhere > 0, 'some version blames differently with -M');
  });
}

/** A file of functions; the second commit moves two of them and edits a line; the third moves another. */
function movedFunctions(): { dir: string; base: string; moves: string } {
  const root = tmpDir('blame-moved-functions');
  const dir = path.join(root, 'repo');
  gitOut(root, ['init', '-q', '-b', 'main', dir]);
  const git = (...args: string[]) => gitOut(dir, args);
  git('config', 'user.name', 'A');
  git('config', 'user.email', 'a@example.org');
  const fn = (i: number) =>
    [
      `static int func_${i}(int a, int b)`,
      '{',
      ...Array.from({ length: 4 }, (_, j) => `\tint v${j} = compute_${i}_${j}(a, b);`),
      '\treturn 0;',
      '}',
    ].join('\n');
  const parts = Array.from({ length: 8 }, (_, i) => fn(i));
  const write = () => fs.writeFileSync(path.join(dir, 'f.c'), `${parts.join('\n\n')}\n`);
  write();
  git('add', 'f.c');
  git('commit', '-qm', 'base');
  const base = git('rev-parse', 'HEAD').trim();
  const [second] = parts.splice(1, 1);
  parts.push(second!);
  const [sixth] = parts.splice(5, 1);
  parts.unshift(sixth!);
  parts[3] = parts[3]!.replace('int v0', 'long v0');
  write();
  git('commit', '-qam', 'move functions');
  const moves = git('rev-parse', 'HEAD').trim();
  const [fourth] = parts.splice(4, 1);
  parts.splice(2, 0, fourth!);
  write();
  git('commit', '-qam', 'move another');
  return { dir, base, moves };
}

test('blame -M passes moved functions to where they were; without it the move commit takes them; -M<big> takes no block', async () => {
  const { dir, base } = movedFunctions();
  const repo = await openRepository({ dir, home: tmpDir('blame-moved-home') });
  const plain = await blameFile({ repo, path: 'f.c' });
  const moved = await blameFile({ repo, path: 'f.c', moveScore: 20 });
  const huge = await blameFile({ repo, path: 'f.c', moveScore: 10_000 });
  repo.close();
  const onBase = (ls: readonly { oid: string }[]) => ls.filter((l) => l.oid === base).length;
  assert.deepEqual(rows(moved), rows(gitBlame(dir, 'HEAD', 'f.c', ['-M'])));
  assert.deepEqual(rows(plain), rows(gitBlame(dir, 'HEAD', 'f.c')));
  assert.deepEqual(rows(huge), rows(gitBlame(dir, 'HEAD', 'f.c', ['-M10000'])));
  assert.ok(onBase(moved) > onBase(plain) + 10, `-M gives the base ${onBase(moved)} lines, plain blame ${onBase(plain)}`);
  assert.deepEqual(rows(huge), rows(plain));
});

test('strata blame -M, -M<score> and -M with --lines print what git blame does', async () => {
  const { dir } = movedFunctions();
  for (const [ours, theirs] of [
    [['-M'], ['-M']],
    [['-M30'], ['-M30']],
    [['--detect-moves', '7'], ['-M7']],
    // git reads a score it cannot parse, or 0, as none: the default
    [['-Mx'], ['-M']],
    [['-M0'], ['-M']],
    [
      ['-M', '--lines', '20,45'],
      ['-M', '-L', '20,45'],
    ],
  ] as const) {
    const r = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--json', ...ours]);
    assert.equal(r.code, 0, r.err);
    const got = (JSON.parse(r.out) as { oid: string; origLine: number; origPath: string }[]).map((l) => [l.oid, l.origLine, l.origPath]);
    assert.deepEqual(got, rows(gitBlame(dir, 'HEAD', 'f.c', [...theirs])), ours.join(' '));
  }
});
