import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { readFileAt } from '../../main/services/fileVersions';
import { countPairs } from '../../main/services/countPipeline';
import { tmpDir } from '../fixtures/generateRepo';
import { gitNumstat } from '../fixtures/gitOracle';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/**
 * git diffs a file as binary, or as text, where the attributes say so whatever its bytes: `-diff` and `binary`
 * (binary), `diff` (text, NUL bytes and all), a driver with `diff.NAME.binary`. Its numstat then prints "-	-",
 * or counts the lines of a file with NULs; Strata's counts and diff pane follow.
 */
test('the counts and the diff pane follow the diff attribute as git log --numstat does', async () => {
  const base = tmpDir('diff-attributes');
  const dir = path.join(base, 'repo');
  execFileSync('git', ['init', '-q', dir]);
  git(dir, 'config', 'user.name', 'A');
  git(dir, 'config', 'user.email', 'a@example.org');
  git(dir, 'config', 'diff.gen.binary', 'true');
  git(dir, 'config', 'diff.plain.binary', 'false');
  fs.writeFileSync(
    path.join(dir, '.gitattributes'),
    ['*.dat binary', '*.txt -diff', '*.nul diff', '*.gen diff=gen', '*.plain diff=plain', 'sub/*.c diff=cpp', ''].join('\n'),
  );
  fs.mkdirSync(path.join(dir, 'sub'));
  const files = ['a.dat', 'b.txt', 'c.nul', 'd.gen', 'e.plain', 'sub/f.c', 'g.other'];
  for (let v = 1; v <= 3; v++) {
    for (const f of files) {
      // text everywhere, but the .nul and .plain files carry NUL bytes (git would guess them binary)
      const nul = f.endsWith('.nul') || f.endsWith('.plain') ? '\0' : '';
      fs.writeFileSync(path.join(dir, f), Array.from({ length: v * 3 }, (_, i) => `line ${i}${nul} of ${f}\n`).join(''));
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', `version ${v}`);
  }
  const home = path.join(base, 'home');
  const repo = await openRepository({ dir, home });
  for (const f of files) {
    const timeline = await indexFileHistory({ repo, path: f });
    const numstat = gitNumstat(dir, f);
    for (const e of timeline.entries) {
      const row = numstat.get(e.oid)!;
      assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], `${f} at ${e.oid.slice(0, 8)}`);
    }
    const shown = await readFileAt({ repo, rev: 'HEAD', path: f });
    const binary = ['a.dat', 'b.txt', 'd.gen'].includes(f);
    assert.equal(shown.binary, binary, `${f}: the diff pane's binary`);
  }
  // both cores of the counts (the worker takes batches from the back): the attributes reach it too
  const entries = (await indexFileHistory({ repo, path: 'a.dat' })).entries;
  const { byWorker } = await countPairs({
    store: repo.store,
    algorithm: 'myers',
    pairs: Array.from({ length: 200 }, () => ({
      before: null,
      after: entries[0]!.blob ? `100644 ${entries[0]!.blob}` : null,
      binary: { after: true },
    })),
    onCounted: (_, c) => assert.deepEqual(c, { additions: null, deletions: null }),
    twoThreads: true,
    workerFirst: true,
  });
  assert.ok(byWorker > 0, 'the worker counted some');
  repo.close();
});
