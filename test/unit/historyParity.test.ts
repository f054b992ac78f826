import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generateRepo, gitOut, smallRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import { indexFileHistory } from '../fixtures/openAndRun';
import { runCli } from '../fixtures/runCli';

const scenarios = [
  { name: 'plain', seed: 1, commits: 300, renamedFrom: undefined, targetKind: 'c' as const },
  { name: 'renamed', seed: 7, commits: 400, renamedFrom: 'mm/hmm_core.c', targetKind: 'c' as const },
  { name: 'crlf', seed: 23, commits: 250, renamedFrom: 'drivers/gpu/hmm.c', targetKind: 'crlf' as const },
  { name: 'latin1', seed: 99, commits: 250, renamedFrom: undefined, targetKind: 'latin1' as const, bare: true },
];

for (const s of scenarios) {
  test(`index equals git log on generated repository "${s.name}"`, async () => {
    const root = tmpDir(`parity-${s.name}`);
    const repo = generateRepo({
      dir: path.join(root, 'repo'),
      seed: s.seed,
      commits: s.commits,
      renamedFrom: s.renamedFrom,
      targetKind: s.targetKind,
      bare: s.bare ?? false,
    });
    const home = path.join(root, 'home');
    const paths = [repo.target, 'drivers/gpu/drm/notes_crlf.txt', 'firmware/hmm_fw.bin', 'mm', ...(s.renamedFrom ? [s.renamedFrom] : [])];
    for (const p of paths) {
      for (const follow of p === 'mm' ? [false] : [false, true]) {
        const timeline = await indexFileHistory({ dir: repo.dir, path: p, follow, home });
        const oids = timeline.entries.map((e) => e.oid);
        assert.deepEqual(oids, gitLogOids(repo.dir, p, follow), `${p} follow=${follow}`);
        const numstat = gitNumstat(repo.dir, p, follow);
        for (const e of timeline.entries) {
          const row = numstat.get(e.oid);
          if (!row || p === 'mm') continue; // merges print no numstat; a directory prints one row per file
          assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], `numstat of ${e.oid} for ${p}`);
        }
      }
    }
    const log = indexFileHistory({ dir: repo.dir, path: repo.target, home });
    const first = (await log).entries[0]!;
    const [author, email, date, subject] = gitOut(repo.dir, ['log', '-1', '--format=%an%x00%ae%x00%aI%x00%s', first.oid])
      .trim()
      .split('\0');
    assert.deepEqual([first.author.name, first.author.email, first.author.date, first.subject], [author, email, date, subject]);
  });
}

test('a file only merges brought and changed: git log --follow lists nothing, and so does Strata, saying why (was: "does not exist")', async () => {
  const { dir, git, write } = smallRepo('parity-merge-only');
  const root = path.dirname(dir);
  write('a.c', 'a\n');
  git('add', 'a.c');
  git('commit', '-qm', 'base');
  for (const [n, text] of [
    [1, 'new\n'],
    [2, 'new\nchanged in a merge\n'],
  ] as const) {
    git('checkout', '-qb', `side${n}`);
    write(`s${n}.c`, 's\n');
    git('add', `s${n}.c`);
    git('commit', '-qm', `side ${n}`);
    git('checkout', '-q', 'main');
    write('a.c', `a\n${n}\n`);
    git('commit', '-qam', `main ${n}`);
    git('merge', '-q', '--no-commit', `side${n}`);
    // the merge itself adds (then changes) new.c: no commit outside a merge ever touches it
    write('new.c', text);
    git('add', 'new.c');
    git('commit', '-qm', `merge ${n} with new.c`);
  }
  const home = path.join(root, 'home');
  assert.deepEqual(gitLogOids(dir, 'new.c', true), []);
  const followed = await indexFileHistory({ dir, path: 'new.c', follow: true, home });
  assert.deepEqual(followed.entries, []);
  assert.match(followed.stats.empty ?? '', /git log --follow lists no commit for new\.c: .*only in merge commits/);
  const plain = await indexFileHistory({ dir, path: 'new.c', follow: false, home });
  assert.deepEqual(
    plain.entries.map((e) => e.oid),
    gitLogOids(dir, 'new.c'),
  );
  assert.equal(plain.entries.length, 2);
  assert.equal(plain.stats.empty, undefined);
  // a path that is not there is still refused, with the closest one there is
  await assert.rejects(indexFileHistory({ dir, path: 'new.cc', follow: true, home }), /new\.cc does not exist .*did you mean new\.c\?/);
});

test('a file a side branch added, changed and deleted: git log lists nothing (the merge is treesame), --follow lists its commits, and the refusal says so', async () => {
  const { dir, git, write } = smallRepo('parity-side-deleted');
  const root = path.dirname(dir);
  write('a.c', 'a\n');
  git('add', 'a.c');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'side');
  write('quic.c', 'q\n');
  git('add', 'quic.c');
  git('commit', '-qm', 'add quic.c');
  write('quic.c', 'q\nmore\n');
  git('commit', '-qam', 'change quic.c');
  git('rm', '-q', 'quic.c');
  git('commit', '-qm', 'drop quic.c');
  git('checkout', '-q', 'main');
  write('a.c', 'a\nb\n');
  git('commit', '-qam', 'main goes on');
  git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  const home = path.join(root, 'home');
  assert.deepEqual(gitLogOids(dir, 'quic.c'), []);
  const followed = await indexFileHistory({ dir, path: 'quic.c', follow: true, home });
  assert.deepEqual(
    followed.entries.map((e) => e.oid),
    gitLogOids(dir, 'quic.c', true),
  );
  assert.equal(followed.entries.length, 3);
  await assert.rejects(
    indexFileHistory({ dir, path: 'quic.c', follow: false, home }),
    /quic\.c does not exist at [0-9a-f]{12} and git log \(without --follow\) lists no commit for it\. Follow renames \(--follow\) reads every commit/,
  );
});

test('a path that is a file, then a folder, then a file again: as a file it was deleted, then added (git --name-status, --numstat, -L, diff)', async () => {
  const { dir, git, write } = smallRepo('parity-file-folder');
  const home = path.join(path.dirname(dir), 'home');
  process.env.STRATA_HOME = home;
  write('x', 'a\nb\n');
  git('add', 'x');
  git('commit', '-qm', 'a file');
  git('rm', '-q', 'x');
  fs.mkdirSync(path.join(dir, 'x'));
  write('x/y', 'in\n');
  git('add', 'x');
  git('commit', '-qm', 'x is a folder');
  write('x/y', 'in\nmore\n');
  git('commit', '-qam', 'a change in the folder');
  git('rm', '-rq', 'x');
  write('x', 'z\nb\n');
  git('add', 'x');
  git('commit', '-qm', 'a file again');
  write('x', 'z\nc\n');
  git('commit', '-qam', 'a change to the file');
  let folderChange = '';
  for (const follow of [false, true]) {
    const args = follow ? ['--follow'] : [];
    // git's status and counts for the path itself (a folder's commits list its files, other paths)
    const want = new Map<string, string>();
    let oid = '';
    for (const line of gitOut(dir, ['log', '--format=@%H', '--raw', '--numstat', ...args, '--', 'x']).split('\n')) {
      if (line.startsWith('@')) oid = line.slice(1);
      else if (/^:\S+ \S+ \S+ \S+ (\S)\tx$/.test(line)) want.set(oid, `${line.split(' ')[4]![0]}`);
      else if (/^\d+\t\d+\tx$/.test(line)) want.set(oid, `${want.get(oid)} +${line.split('\t')[0]} -${line.split('\t')[1]}`);
    }
    const timeline = await indexFileHistory({ dir, path: 'x', follow, home });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(dir, 'x', follow),
    );
    for (const e of timeline.entries) {
      if (e.directory) {
        assert.equal(want.get(e.oid), undefined, `${e.subject}: git lists only the folder's files`);
        continue;
      }
      assert.equal(`${e.status} +${e.additions} -${e.deletions}`, want.get(e.oid), e.subject);
    }
    assert.deepEqual(
      timeline.entries.map((e) => `${e.status}${e.directory ? ' folder' : ''}`),
      ['M', 'A', 'M folder', 'D', 'A'],
    );
    folderChange = timeline.entries[2]!.oid;
  }
  // -L stops where the file was added (its parent had a folder there), byte for byte as git log -L
  const lines = await runCli(['log', '--repo', dir, '--path', 'x', '--lines', '1,1']);
  assert.equal(lines.code, 0, lines.err);
  assert.equal(lines.out, gitOut(dir, ['log', '-L1,1:x']));
  // the diff across the change of kind is the file's part of git diff's (the folder's files are other paths)
  const [added, deleted] = gitOut(dir, ['log', '--format=%H', '--diff-filter=AD', '--', 'x']).trim().split('\n');
  for (const [from, to] of [
    [`${deleted}~1`, deleted!],
    [`${added}~1`, added!],
  ] as const) {
    const d = await runCli(['diff', '--repo', dir, '--path', 'x', '--from', from, '--to', to]);
    assert.equal(d.code, 0, d.err);
    const gitDiff = gitOut(dir, ['diff', from, to, '--', 'x']);
    assert.equal(d.out, gitDiff.slice(0, gitDiff.indexOf('diff --git a/x/y')));
  }
  // a folder against a folder is still no file diff
  const folders = await runCli(['diff', '--repo', dir, '--path', 'x', '--from', deleted!, '--to', folderChange]);
  assert.equal(folders.code, 2);
  assert.match(folders.err, /x is a directory at .*; a diff takes a file/);
});

test("a file moved into a folder of its own name and back (x -> x/y -> x): with --follow into the folder a rename, as git says (not a copy); back out of it git's walk keeps the path (it looks for a rename only where the path's one change is its addition), so the folder's history is listed after it; the file out of the folder is git's rename from the folder's file, with its counts", async () => {
  const { dir, git, write } = smallRepo('parity-file-into-folder');
  const home = path.join(path.dirname(dir), 'home');
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n`).join('');
  write('x', lines(50));
  git('add', 'x');
  git('commit', '-qm', 'a file');
  git('rm', '-q', 'x');
  fs.mkdirSync(path.join(dir, 'x'));
  write('x/y', lines(52));
  git('add', 'x');
  git('commit', '-qm', 'the file into a folder of its name');
  write('x/y', lines(53));
  git('commit', '-qam', 'a change in the folder');
  git('mv', 'x/y', 'moved');
  fs.rmSync(path.join(dir, 'x'), { recursive: true, force: true });
  git('mv', 'moved', 'x');
  git('commit', '-qm', 'the folder back into the file');
  write('x', lines(54));
  git('commit', '-qam', 'a change to the file');
  const statuses = (text: string) =>
    text
      .split('\n')
      .filter((l) => /^[A-Z]\d*\t/.test(l))
      .map((l) => l.replace(/^([A-Z])\d*/, '$1'));
  for (const p of ['x', 'x/y']) {
    const timeline = await indexFileHistory({ dir, path: p, follow: true, home });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(dir, p, true),
      p,
    );
    if (p === 'x/y')
      assert.deepEqual(
        timeline.entries.map((e) => [e.status, e.oldPath, e.path].filter(Boolean).join('\t')),
        statuses(gitOut(dir, ['log', '--follow', '--format=', '--name-status', '--', p])),
        p,
      );
    // x: git's names show the folder's files; as the file x, it came out of the folder (git's rename of x/y, 0 0),
    // the folder having replaced it
    else
      for (const plain of [false, true]) {
        const entries = plain ? (await indexFileHistory({ dir, path: p, follow: false, home })).entries : timeline.entries;
        assert.deepEqual(
          entries.map((e) => e.oid),
          gitLogOids(dir, p, !plain),
        );
        assert.deepEqual(
          entries.map((e) => `${e.status}${e.oldPath ? ` ${e.oldPath}` : ''}${e.directory ? ' folder' : ''}`),
          ['M', 'R x/y', 'M folder', 'D', 'A'],
        );
        assert.match(gitOut(dir, ['show', '--format=', '--numstat', entries[1]!.oid]), /^0\t0\tx\/y => x\n/);
        assert.deepEqual([entries[1]!.additions, entries[1]!.deletions], [0, 0]);
      }
  }
});
