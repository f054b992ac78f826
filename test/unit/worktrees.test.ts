import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openRepository } from '../../main/repository/repository';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { tmpDir } from '../fixtures/generateRepo';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

function commit(dir: string, line: string, message: string): void {
  fs.appendFileSync(path.join(dir, 'f.c'), `${line}\n`);
  git(dir, 'add', 'f.c');
  git(dir, 'commit', '-qm', message);
}

test("a linked worktree (git worktree add) is opened at its own HEAD, not the main checkout's, and both open at once", async () => {
  const base = tmpDir('worktrees');
  const main = path.join(base, 'main');
  const side = path.join(base, 'side');
  execFileSync('git', ['init', '-q', '-b', 'master', main]);
  git(main, 'config', 'user.name', 'A');
  git(main, 'config', 'user.email', 'a@example.org');
  commit(main, 'one', 'one');
  git(main, 'branch', 'side');
  commit(main, 'two', 'two on master');
  git(main, 'worktree', 'add', '-q', side, 'side');
  commit(side, 'three', 'three on side');
  // a per-worktree ref: git keeps refs/bisect in the worktree's own directory
  git(side, 'update-ref', 'refs/bisect/bad', 'HEAD');
  const home = path.join(base, 'home');
  const pool = new RepositoryPool({ home, max: 4 });
  for (const [dir, branch] of [
    [side, 'side'],
    [main, 'master'],
  ] as const) {
    for (const open of [() => openRepository({ dir, home }), () => pool.open(dir)]) {
      const repo = await open();
      assert.equal(repo.info.head, git(dir, 'rev-parse', 'HEAD'), `${branch}: HEAD`);
      assert.equal(repo.info.branch, branch);
      assert.equal(path.resolve(repo.info.dir), path.resolve(dir), `${branch}: the folder is the checkout's own`);
      const timeline = await indexFileHistory({ repo, path: 'f.c' });
      assert.deepEqual(
        timeline.entries.map((e) => e.oid),
        git(dir, 'log', '--format=%H', '--', 'f.c').split('\n'),
        `${branch}: the timeline is git log's in that checkout`,
      );
    }
  }
  const sideRepo = await pool.open(side);
  assert.equal(sideRepo.refs.readRef('refs/bisect/bad'), git(side, 'rev-parse', 'HEAD'));
  assert.equal(sideRepo.refs.resolveName('master'), git(main, 'rev-parse', 'master'), 'branches are the shared ones');
  assert.equal(pool.size, 2, 'one handle per checkout');
  pool.closeAll();
});
