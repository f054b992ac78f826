import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blamedVersions, blameHistory, gitBlame } from '../fixtures/blameHistory';
import { smallRepo, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { runCli } from '../fixtures/runCli';
import { execFileSync } from 'node:child_process';

const rows = (lines: readonly { oid: string; origLine: number; origPath: string }[]) => lines.map((l) => [l.oid, l.origLine, l.origPath]);

for (const seed of [31]) {
  test(`blame -M (and -M5, -M -w) equals git blame at every commit (blocks moved and duplicated, merges, renames; seed ${seed})`, async () => {
    const dir = tmpDir(`blame-moves-${seed}`);
    const { paths } = blameHistory(dir, seed, 40);
    const repo = await openRepository({ dir, home: tmpDir('blame-moves-home') });
    const cache = new BlameCache();
    let movedSomewhere = 0;
    let checked = 0;
    for (const { rev, path: p } of blamedVersions(dir, paths)) {
      for (const [flags, options] of [
        [['-M'], { moveScore: 20 }],
        [['-M5'], { moveScore: 5 }],
        [['-M', '-w'], { moveScore: 20, ignoreWhitespace: true }],
      ] as const) {
        const got = await blameFile({ repo, path: p, rev, cache, ...options });
        assert.deepEqual(rows(got), rows(gitBlame(dir, rev, p, [...flags])), `${flags.join(' ')} at ${rev} ${p}`);
        checked++;
        // (plain blame equals git's at every commit: blameParity)
        if (flags.length === 1 && JSON.stringify(rows(got)) !== JSON.stringify(rows(await blameFile({ repo, path: p, rev, cache }))))
          movedSomewhere++;
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
  const { dir, git } = smallRepo('blame-moved-functions');
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

/**
 * Three files of functions: a.c takes a function b.c gives up (-C), new.c is made of functions of c.c, which
 * that commit leaves as it is (-C -C: any file, where the commit created the file), and a.c then takes a copy
 * of another function of c.c, again unchanged (-C -C -C: any file, always).
 */
function copiedFunctions(): string {
  const { dir, git } = smallRepo('blame-copied-functions');
  const fn = (file: string, i: number) =>
    [
      `static int ${file}_func_${i}(int a, int b)`,
      '{',
      ...Array.from({ length: 4 }, (_, j) => `\tint v${j} = compute_${file}_${i}_${j}(a, b);`),
      '\treturn 0;',
      '}',
    ].join('\n');
  const files: Record<string, string[]> = {
    'a.c': Array.from({ length: 4 }, (_, i) => fn('a', i)),
    'b.c': Array.from({ length: 4 }, (_, i) => fn('b', i)),
    'lib/c.c': Array.from({ length: 4 }, (_, i) => fn('c', i)),
  };
  const write = () => {
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    for (const [f, parts] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), `${parts.join('\n\n')}\n`);
  };
  write();
  git('add', '-A');
  git('commit', '-qm', 'base');
  files['a.c']!.splice(2, 0, ...files['b.c']!.splice(1, 1));
  write();
  git('commit', '-qam', 'move a function from b.c to a.c');
  files['new.c'] = [files['lib/c.c']![0]!, files['lib/c.c']![2]!, fn('new', 0)];
  write();
  git('add', '-A');
  git('commit', '-qm', 'new.c from functions of lib/c.c');
  files['a.c']!.push(files['lib/c.c']![3]!);
  write();
  git('commit', '-qam', 'a.c takes a copy of a function of lib/c.c');
  return dir;
}

test('blame -C, -C -C and -C -C -C follow lines copied from other files as git blame does, each level further', async () => {
  const dir = copiedFunctions();
  const repo = await openRepository({ dir, home: tmpDir('blame-copied-home') });
  const paths = (ls: readonly { origPath: string }[]) => new Set(ls.map((l) => l.origPath));
  for (const file of ['a.c', 'new.c']) {
    const seen: string[] = [];
    for (const [flags, copies] of [
      [[], undefined],
      [['-C'], { level: 1, score: 40 }],
      [['-C', '-C'], { level: 2, score: 40 }],
      [['-C', '-C', '-C'], { level: 3, score: 40 }],
      [['-C', '-C', '-C', '-C200'], { level: 3, score: 200 }],
    ] as const) {
      const got = await blameFile({ repo, path: file, ...(copies ? { copies } : {}) });
      assert.deepEqual(rows(got), rows(gitBlame(dir, 'HEAD', file, [...flags])), `${file} ${flags.join(' ')}`);
      // --porcelain: a commit that gave lines from several files names each file where its lines start
      const porcelain = await runCli(['blame', '--repo', dir, '--path', file, '--porcelain', ...flags]);
      assert.equal(
        porcelain.out,
        execFileSync('git', ['-C', dir, 'blame', '--porcelain', ...flags, 'HEAD', '--', file], { encoding: 'utf8' }),
      );
      seen.push(JSON.stringify(rows(got)));
    }
    if (file === 'a.c') {
      // -C finds b.c's function; -C -C -C the copy of lib/c.c's, which the commit left unchanged
      assert.notEqual(seen[1], seen[0]);
      assert.ok((JSON.parse(seen[1]!) as [string, number, string][]).some((r) => r[2] === 'b.c'));
      assert.notEqual(seen[3], seen[2]);
    } else {
      // new.c: only -C -C looks at lib/c.c, unchanged where new.c was made
      assert.equal(seen[1], seen[0]);
      assert.notEqual(seen[2], seen[1]);
    }
  }
  const a = await blameFile({ repo, path: 'a.c', copies: { level: 3, score: 40 } });
  assert.deepEqual([...paths(a)].sort(), ['a.c', 'b.c', 'lib/c.c']);
  repo.close();
  // the command line counts -C as git does, and reads the last score given
  for (const flags of [['-C'], ['-C', '-C'], ['-C', '-C', '-C'], ['-C50', '-C'], ['-C', '-M30']]) {
    const r = await runCli(['blame', '--repo', dir, '--path', 'a.c', '--json', ...flags]);
    assert.equal(r.code, 0, r.err);
    const got = (JSON.parse(r.out) as { oid: string; origLine: number; origPath: string }[]).map((l) => [l.oid, l.origLine, l.origPath]);
    assert.deepEqual(got, rows(gitBlame(dir, 'HEAD', 'a.c', flags)), flags.join(' '));
  }
});
