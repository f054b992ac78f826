import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { openRepository } from '../../main/repository/repository';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { toErrorInfo } from '../../shared/errors';
import { tmpDir } from '../fixtures/generateRepo';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

function repoWithCommit(dir: string, init: string[] = []): string {
  execFileSync('git', ['init', '-q', ...init, dir]);
  git(dir, 'config', 'user.name', 'A');
  git(dir, 'config', 'user.email', 'a@example.org');
  execFileSync('sh', ['-c', 'echo one > f.c'], { cwd: dir });
  git(dir, 'add', 'f.c');
  git(dir, 'commit', '-qm', 'one');
  return dir;
}

test('a repository Strata cannot read is refused with what it is and what to do, not taken for an empty one', async () => {
  const base = tmpDir('repo-format');
  const home = path.join(base, 'home');
  // git writes SHA-256 repositories itself; a reftable needs git 2.45, so its config is written as git would
  const sha256 = repoWithCommit(path.join(base, 'sha256'), ['--object-format=sha256']);
  const reftable = repoWithCommit(path.join(base, 'reftable'));
  git(reftable, 'config', 'core.repositoryFormatVersion', '1');
  git(reftable, 'config', 'extensions.refStorage', 'reftable');
  for (const [dir, said] of [
    [sha256, /SHA-256 .*objectFormat = sha256.*SHA-1 clone/],
    [reftable, /reftable .*refStorage = reftable.*git refs migrate --ref-format=files/],
  ] as const) {
    for (const open of [() => openRepository({ dir, home }), () => new RepositoryPool({ home, max: 1 }).open(dir)]) {
      await assert.rejects(open(), (err: unknown) => {
        // as it crosses the IPC and web host boundary: its code is kept, not turned into "Internal"
        const info = toErrorInfo(JSON.parse(JSON.stringify(toErrorInfo(err))));
        assert.equal(info.code, 'UnsupportedRepository');
        assert.match(info.message, said);
        assert.ok(info.message.startsWith(dir), info.message);
        return true;
      });
    }
  }
  // extensions Strata has no need to understand do not stop it (worktreeConfig, a partial clone's promisor)
  const other = repoWithCommit(path.join(base, 'other'));
  git(other, 'config', 'core.repositoryFormatVersion', '1');
  git(other, 'config', 'extensions.worktreeConfig', 'true');
  git(other, 'config', 'extensions.partialClone', 'origin');
  const repo = await openRepository({ dir: other, home });
  assert.equal(repo.info.head, git(other, 'rev-parse', 'HEAD').trim());
  repo.close();
});
