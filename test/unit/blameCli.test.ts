import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, smallRepo, tmpDir } from '../fixtures/generateRepo';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { runCli } from '../fixtures/runCli';

const run = runCli;

test('strata blame: --json and the plain layout equal git blame, at HEAD and at an older revision, across renames', async () => {
  const dir = tmpDir('blame-cli');
  process.env.STRATA_HOME = tmpDir('blame-cli-home');
  const { paths } = blameHistory(dir, 31, 40);
  const path = paths[paths.length - 1]!;
  const json = await run(['blame', '--repo', dir, '--path', path, '--json']);
  assert.equal(json.code, 0, json.err);
  const want = gitBlame(dir, 'HEAD', path).map((l, i) => ({ line: i + 1, oid: l.oid, origLine: l.origLine, origPath: l.origPath }));
  assert.deepEqual(JSON.parse(json.out), want);
  assert.ok(want.some((l) => l.origPath !== path));

  const plain = await run(['blame', '--repo', dir, '--path', path]);
  assert.equal(plain.out, gitOut(dir, ['blame', 'HEAD', '--', path]));

  const older = gitOut(dir, ['rev-list', '-n1', 'HEAD~5', '--', path]).trim();
  const atOlder = await run(['blame', '--repo', dir, '--path', path, '--rev', older, '--json']);
  assert.deepEqual(
    (JSON.parse(atOlder.out) as { oid: string }[]).map((l) => l.oid),
    gitBlame(dir, older, path).map((l) => l.oid),
  );

  const missing = await run(['blame', '--repo', dir, '--path', 'no/such.c']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no\/such\.c/);

  // a folder is refused as git refuses it (no blame of its tree object as if it were text), by blame and by -L
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : null;
  assert.ok(folder, `${path} is in a folder`);
  for (const args of [
    ['blame', '--path', folder],
    ['blame', '--path', folder, '--lines', '1,2'],
    ['log', '--path', folder, '--lines', '1,2'],
  ]) {
    const r = await run([...args, '--repo', dir]);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.out}`);
    assert.match(r.err, /is a folder at HEAD;/, args.join(' '));
  }
});

test("the blame API method answers the same lines, with each commit's author and summary", async () => {
  const dir = tmpDir('blame-api');
  const { paths } = blameHistory(dir, 32, 30);
  const path = paths[paths.length - 1]!;
  const home = tmpDir('blame-api-home');
  const result = await callMethod('blame', { dir, path }, { home, repositories: new RepositoryPool({ home }) }, NO_HOST);
  assert.deepEqual(
    result.lines.map((l) => l.oid),
    gitBlame(dir, 'HEAD', path).map((l) => l.oid),
  );
  for (const oid of new Set(result.lines.map((l) => l.oid))) {
    assert.equal(result.commits[oid]!.summary, gitOut(dir, ['log', '-1', '--format=%s', oid]).trim());
  }
});

test("strata blame's plain ids are as long as git blame's: from the repository's size, core.abbrev, and as long as an id needs to be unique", async () => {
  const dir = tmpDir('blame-abbrev');
  process.env.STRATA_HOME = tmpDir('blame-abbrev-home');
  blameHistory(dir, 7, 30);
  const path = gitOut(dir, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n')[0]!;
  // 60,000 more objects, in the pack fast-import writes: git then abbreviates to 8 digits (half the bits of the object count), 9 with the ^
  const blobs = Array.from({ length: 60_000 }, (_, i) => `blob\nmark :${i + 1}\ndata ${String(i).length}\n${i}\n`).join('');
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: blobs });
  const widths = new Set<number>();
  for (const abbrev of [null, '12', '4', 'no']) {
    if (abbrev !== null) execFileSync('git', ['-C', dir, 'config', 'core.abbrev', abbrev]);
    const want = gitOut(dir, ['blame', 'HEAD', '--', path]);
    const plain = await run(['blame', '--repo', dir, '--path', path]);
    assert.equal(plain.out, want, `core.abbrev ${abbrev ?? 'unset'}`);
    widths.add(
      Math.max(
        ...want
          .split('\n')
          .filter(Boolean)
          .map((l) => l.indexOf(' ')),
      ),
    );
  }
  // the layouts compared differ: 9 (auto), 13, 40 (no), and with core.abbrev 4 an id longer than
  // 4 digits (6 with the ^) where it shares them with another object
  assert.deepEqual(
    [...widths].sort((a, b) => a - b),
    [6, 9, 13, 40],
  );
});

test('an empty file is blamed as git blames it: no lines, no error; a range in it is refused as git refuses it', async () => {
  const { dir, git, write } = smallRepo('blame-empty');
  write('a.c', 'int a;\n');
  write('empty.h', '');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  write('empty.h', 'x\n');
  git('commit', '-q', '-am', 'fill');
  write('empty.h', '');
  git('commit', '-q', '-am', 'empty again');
  process.env.STRATA_HOME = tmpDir('blame-empty-home');
  const plain = await run(['blame', '--repo', dir, '--path', 'empty.h']);
  assert.equal(plain.code, 0, plain.err);
  assert.equal(plain.out, gitOut(dir, ['blame', 'HEAD', '--', 'empty.h']));
  assert.equal(plain.out, '');
  const json = await run(['blame', '--repo', dir, '--path', 'empty.h', '--json']);
  assert.equal(json.code, 0, json.err);
  assert.deepEqual(JSON.parse(json.out), []);
  const range = await run(['blame', '--repo', dir, '--path', 'empty.h', '--lines', '1,2']);
  assert.equal(range.code, 2, 'a request that cannot be answered');
  assert.match(range.err, /has only 0 lines/);
});
