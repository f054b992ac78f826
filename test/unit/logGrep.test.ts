import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

/**
 * A file's history for git log's commit filters: several people (one renamed by the .mailmap), subjects over two
 * lines, trailers, a message in Latin-1 (its encoding header), and a side branch merged where both sides changed
 * the file (the merge is listed).
 */
function grepHistory(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  let n = 0;
  const commit = (who: [string, string], by: [string, string], message: string | Buffer, config: string[] = []) => {
    fs.appendFileSync(path.join(dir, 'f.c'), `line ${n++}\n`);
    git(['add', 'f.c']);
    const file = path.join(dir, '..', `msg-${n}`);
    fs.writeFileSync(file, message);
    git([...config.flatMap((c) => ['-c', c]), 'commit', '-q', '-F', file], {
      GIT_AUTHOR_NAME: who[0],
      GIT_AUTHOR_EMAIL: who[1],
      GIT_COMMITTER_NAME: by[0],
      GIT_COMMITTER_EMAIL: by[1],
      GIT_AUTHOR_DATE: `${1600000000 + n * 3600} +0000`,
      GIT_COMMITTER_DATE: `${1600000000 + n * 3600} +0000`,
    });
  };
  const ann: [string, string] = ['Ann Old', 'ann@old.example'];
  const bob: [string, string] = ['Bob Dev', 'bob@example.org'];
  const maint: [string, string] = ['Mai N. Tainer', 'maint@kernel.example'];
  commit(ann, maint, 'mm: add the file\n\nSigned-off-by: Ann Old <ann@old.example>\n');
  commit(
    bob,
    maint,
    'mm: fix a leak in\nthe fault path\n\nFixes: 0123456789ab ("mm: add the file")\nSigned-off-by: Bob Dev <bob@example.org>\n',
  );
  commit(bob, bob, 'Revert "mm: fix a leak"\n\nIt broke (things).\n');
  commit(ann, maint, Buffer.from('mm: caf\xe9 na\xefve fix\n\nReviewed-by: Jos\xe9 M\xfcller <jm@example.org>\n', 'latin1'), [
    'i18n.commitEncoding=ISO-8859-1',
  ]);
  git(['checkout', '-q', '-b', 'side', 'HEAD~1']);
  commit(maint, maint, 'side: rework\n\nLink: https://lore.kernel.org/r/1@example\n');
  git(['checkout', '-q', 'main']);
  try {
    git(['merge', '-q', '--no-ff', '--no-commit', 'side']);
  } catch {
    // both sides added a last line: the merge takes both, and one of its own
  }
  fs.writeFileSync(path.join(dir, 'f.c'), 'line 0\nline 1\nline 2\nline 3\nline 4\nmerged\n');
  git(['add', 'f.c']);
  git(['commit', '-q', '-m', "Merge branch 'side'\n\nSigned-off-by: Mai N. Tainer <maint@kernel.example>"], {
    GIT_AUTHOR_NAME: maint[0],
    GIT_AUTHOR_EMAIL: maint[1],
  });
  commit(bob, maint, 'mm: FIX the merge\n\nSigned-off-by: Bob Dev <bob@example.org>\n');
  fs.writeFileSync(path.join(dir, '.mailmap'), 'Ann New <ann@new.example> <ann@old.example>\n');
}

test("strata log --author, --committer, --grep (-i, -E, -F, --all-match, --invert-grep), --merges, --no-merges, --reverse: git log's commits, in its order", async () => {
  const root = tmpDir('log-grep');
  const dir = path.join(root, 'repo');
  grepHistory(dir);
  process.env.STRATA_HOME = path.join(root, 'home');
  const cases: string[][] = [
    ['--author=Ann New'], // the .mailmap's name: git log matches it, not the commit's
    ['--author=Ann Old'],
    ['--author=^Bob'],
    ['--author=ann@new\\.example>$'],
    ['--author=bob', '-i'],
    ['--author=Bob', '--author=Ann'],
    ['--author=Bob', '--committer=Tainer'],
    ['--committer=Bob Dev'],
    ['--grep=fix'],
    ['--grep=fix', '-i'],
    ['--grep=^the fault'], // a subject's second line is a line of its own
    ['--grep=leak in the fault'],
    ['--grep=M\u00fcller'], // the Latin-1 message, re-encoded
    ['--grep=caf\u00e9 na\u00efve'],
    ['--grep=fix', '--grep=Revert'],
    ['--grep=mm', '--grep=Signed-off-by', '--all-match'],
    ['--grep=fix', '--invert-grep'],
    ['--grep=(things)', '-F'],
    ['--grep=\\(things\\)'],
    ['--grep=(things|leak)', '-E'],
    ['--grep=[[:upper:]]\\{3\\}'],
    ['--grep=^$'],
    ['--author=Bob', '--grep=fix', '-i'],
    ['--merges'],
    ['--no-merges'],
    ['--no-merges', '--author=Tainer'],
    ['--reverse'],
    ['--author=Bob', '-n', '2', '--reverse'],
  ];
  for (const args of cases) {
    const want = execFileSync('git', ['-C', dir, 'log', '--format=%H', ...args, '--', 'f.c'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const run = await runCli(['log', '--repo', dir, '--path', 'f.c', ...args, '--json']);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.err}`);
    const got = (JSON.parse(run.out) as { oid: string }[]).map((e) => e.oid);
    assert.deepEqual(got, want, args.join(' '));
  }
  // the cases are not all alike: some keep every commit, some none, the rest some
  const all = execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', 'f.c'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.equal(all.length, 7);
  // with log.mailmap off, git matches the name the commit gives
  execFileSync('git', ['-C', dir, 'config', 'log.mailmap', 'false']);
  const raw = await runCli(['log', '--repo', dir, '--path', 'f.c', '--author=Ann Old', '--json']);
  assert.equal((JSON.parse(raw.out) as unknown[]).length, 2);
  // -L's commits take the same filters
  const lines = await runCli(['log', '--repo', dir, '--path', 'f.c', '--lines', '1,3', '--author=Bob', '--json']);
  const gitLines = execFileSync('git', ['-C', dir, 'log', '--format=%H', '-s', '-L', '1,3:f.c', '--author=Bob'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(
    (JSON.parse(lines.out) as { commits: { oid: string }[] }).commits.map((c) => c.oid),
    gitLines,
  );
  // a pattern git refuses is refused, with the reason
  const bad = await runCli(['log', '--repo', dir, '--path', 'f.c', '--grep=[unclosed']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /bracket/);
  const both = await runCli(['log', '--repo', dir, '--path', 'f.c', '--grep=x', '-E', '-F']);
  assert.match(both.err, /one of -E, -F/);
});
