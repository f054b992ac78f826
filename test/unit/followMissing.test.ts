import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { collectReport, indexFileHistory } from '../fixtures/openAndRun';
import { runCli } from '../fixtures/runCli';
import { damagedCopy, renamedHistory } from '../fixtures/renamedWithMissingBlob';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

test('--follow in a damaged clone: git stops where the rename search reads a missing blob, Strata goes on and says what it lacked', async () => {
  const root = tmpDir('follow-missing-damaged');
  const source = path.join(root, 'source');
  renamedHistory(source);
  const damaged = path.join(root, 'damaged.git');
  const lost = damagedCopy(source, damaged);
  const oracle = spawnSync('git', ['-C', damaged, 'log', '--follow', '--format=%H', '--', 'new.c'], { encoding: 'utf8' });
  assert.notEqual(oracle.status, 0, 'git log --follow stops');
  assert.match(oracle.stderr, new RegExp(`unable to read ${lost}`));

  const home = path.join(root, 'home');
  const timeline = await indexFileHistory({ dir: damaged, home, path: 'new.c', follow: true });
  // old.c is there: the rename is found, and the list is the intact repository's
  assert.deepEqual(
    timeline.entries.map((e) => e.oid),
    gitLogOids(source, 'new.c', true),
  );
  assert.equal(timeline.entries[1]!.status, 'R');
  const renaming = git(source, 'rev-parse', 'HEAD~1').trim().slice(0, 12);
  const note = timeline.stats.renameGaps ?? assert.fail('a note says the search lacked content');
  assert.match(note, new RegExp(`at ${renaming}, where new.c appeared`));
  assert.match(note, /1 file of the parent \(gone\.txt\)/);
  assert.match(note, /no partial clone: the repository is damaged/);
  // not kept: the next open searches again (a repaired repository then answers without the note)
  const again = await indexFileHistory({ dir: damaged, home, path: 'new.c', follow: true });
  assert.equal(again.stats.source, 'full');
  assert.equal(again.stats.renameGaps, note);

  const cli = await runCli(['log', '--repo', damaged, '--path', 'new.c', '--follow']);
  assert.equal(cli.code, 0, cli.err);
  assert.equal(cli.out.trim().split('\n').length, 3);
  assert.ok(cli.err.includes(`strata: note: ${note}`), cli.err);
  // a report of it says so too
  const report = await collectReport({ dir: damaged, home, path: 'new.c', follow: true });
  assert.deepEqual(report.notes, [note]);
  // without --follow there is no search and no note
  const plain = await indexFileHistory({ dir: damaged, home, path: 'new.c', follow: false });
  assert.equal(plain.stats.renameGaps, undefined);
});

test("--follow in a partial clone: the list stops where the added version is on the remote; the advised git command brings it, and then the list is git's", async () => {
  const root = tmpDir('follow-missing-partial');
  const source = path.join(root, 'source');
  renamedHistory(source);
  git(source, 'config', 'uploadpack.allowFilter', 'true');
  const partial = path.join(root, 'partial.git');
  execFileSync('git', ['clone', '-q', '--bare', '--no-local', '--filter=blob:none', `file://${source}`, partial]);

  const home = path.join(root, 'home');
  const before = await indexFileHistory({ dir: partial, home, path: 'new.c', follow: true });
  assert.deepEqual(
    before.entries.map((e) => e.oid),
    gitLogOids(source, 'new.c', true).slice(0, 2),
    'the rename cannot be told without the added version: the list ends at the addition',
  );
  assert.equal(before.entries[1]!.status, 'A');
  const note = before.stats.renameGaps ?? assert.fail('a note says the search lacked content');
  assert.match(note, /the added version itself/);
  assert.match(note, /remote "origin"/);
  const advised = /git -C (\S+) log -p --follow --format= -- (\S+) > \/dev\/null/.exec(note) ?? assert.fail(note);
  assert.equal(advised[1], partial);
  execFileSync('git', ['-C', advised[1]!, 'log', '-p', '--follow', '--format=', '--', advised[2]!], { stdio: 'ignore' });

  const after = await indexFileHistory({ dir: partial, home, path: 'new.c', follow: true });
  assert.deepEqual(
    after.entries.map((e) => e.oid),
    gitLogOids(partial, 'new.c', true),
  );
  assert.equal(after.entries[1]!.status, 'R');
  assert.equal(after.stats.renameGaps, undefined);
});
