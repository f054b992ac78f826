import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { findBackports } from '../../main/services/findBackports';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { listRefs } from '../../main/services/listRefs';
import { isStableBranch, isStableRemoteBranch } from '../../main/services/stableBranches';
import { shortBranchName } from '../../renderer/src/timeline/commitBadges';

/** A mainline with fixes to lib/a.c, two stable branches carrying some of them as `commit X upstream.` backports. */
function stableRepository(root: string): { dir: string; git: (...args: string[]) => string } {
  const dir = path.join(root, 'work');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' },
    }).trim();
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  git('config', 'user.name', 'Ada');
  git('config', 'user.email', 'ada@example.org');
  const write = (text: string) => fs.writeFileSync(path.join(dir, 'lib', 'a.c'), text);
  fs.mkdirSync(path.join(dir, 'lib'));
  const lines = Array.from({ length: 40 }, (_, i) => `int f${i}(void) { return ${i}; }`);
  write(`${lines.join('\n')}\n`);
  git('add', '.');
  git('commit', '-qm', 'lib: add a.c');
  git('tag', 'v1.0');
  git('branch', 'linux-1.0.y');
  const fixes: string[] = [];
  for (let i = 0; i < 6; i++) {
    lines[i * 6] = `int f${i * 6}(void) { return ${i * 100}; } /* fix ${i} */`;
    write(`${lines.join('\n')}\n`);
    git('commit', '-qam', `lib: fix f${i * 6}()`);
    fixes.push(git('rev-parse', 'HEAD'));
  }
  git('tag', 'v1.1');
  git('branch', 'linux-1.1.y');
  // backports: fixes 1 and 4 on 1.0.y; fix 4 on 1.1.y (which already has all), as `git cherry-pick` with the stable wording
  git('checkout', '-q', 'linux-1.0.y');
  for (const k of [1, 4]) {
    git('cherry-pick', '--strategy-option=theirs', fixes[k]!);
    git(
      'commit',
      '-q',
      '--amend',
      '-m',
      `lib: fix f${k * 6}()\n\ncommit ${fixes[k]} upstream.\n\nSigned-off-by: Greta <greta@example.org>`,
    );
  }
  git('checkout', '-q', 'master');
  // a remote-tracking stable branch (as a clone of a stable tree has it), carrying fix 2 in the other wording
  git('checkout', '-q', '-b', 'tmp', 'v1.0');
  git('cherry-pick', '--strategy-option=theirs', fixes[2]!);
  git('commit', '-q', '--amend', '-m', `lib: fix f12()\n\n[ Upstream commit ${fixes[2]} ]\n`);
  git('update-ref', 'refs/remotes/origin/linux-0.9.y', 'HEAD');
  // and another project's naming (util-linux's stable/v2.41), fix 3 taken with `git cherry-pick -x`
  git('reset', '-q', '--hard', 'v1.0');
  git('cherry-pick', '-x', '--strategy-option=theirs', fixes[3]!);
  git('update-ref', 'refs/remotes/origin/stable/v1.0', 'HEAD');
  git('update-ref', 'refs/remotes/origin/HEAD', 'HEAD');
  git('checkout', '-q', 'master');
  git('branch', '-D', 'tmp');
  return { dir, git };
}

test('stable branch names', () => {
  for (const n of [
    'linux-5.4.y',
    'origin/linux-6.1.y',
    'stable/linux-4.19.y',
    'stable/v2.41',
    'stable-2.0',
    '2.4-stable',
    'v1.2.3-stable',
    'REL_16_STABLE',
    'REL9_6_STABLE',
  ])
    assert.ok(isStableBranch(n), n);
  for (const n of [
    'master',
    'linux-5.4',
    'linux-5.4.y-rc',
    'maint',
    'v5.4.y',
    'stable',
    'stable/master',
    'stable/next',
    'unstable-2.0',
    'stable-2.0-rc',
    'feature/stable-2.0',
  ])
    assert.ok(!isStableBranch(n), n);
  // remote-tracking: the name past the remote's (a remote named "stable" tracking master is no stable branch)
  for (const n of ['origin/linux-6.1.y', 'stable/linux-4.19.y', 'origin/stable/v2.41', 'upstream/REL_16_STABLE'])
    assert.ok(isStableRemoteBranch(n), n);
  for (const n of ['stable/master', 'origin/master', 'stable/v2.41']) assert.ok(!isStableRemoteBranch(n), n);
  // as a row's badge names them
  const short = ['linux-5.4.y', 'origin/linux-5.4.y', 'origin/stable/v2.41', 'stable/v2.41', 'upstream/2.4-stable', 'REL_16_STABLE'].map(
    shortBranchName,
  );
  assert.deepEqual(short, ['5.4.y', '5.4.y', 'stable/v2.41', 'stable/v2.41', '2.4-stable', 'REL_16_STABLE']);
});

test('backports across stable branches equal what git log --grep finds on each, local and remote-tracking', async () => {
  const root = tmpDir('backports');
  const { dir, git } = stableRepository(root);
  await withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const found = await findBackports({ repo, path: 'lib/a.c', follow: false });
    assert.deepEqual([...found.branches].sort(), ['linux-1.0.y', 'linux-1.1.y', 'origin/linux-0.9.y', 'origin/stable/v1.0']);
    // the oracle: per branch, the upstream commit named by each of its own commits
    const expected: Record<string, { branch: string; oid: string }[]> = {};
    for (const branch of found.branches) {
      const log = git('log', '--format=%H%x00%B%x01', branch, '--', 'lib/a.c');
      for (const rec of log.split('\x01')) {
        const [oid, body] = rec.trim().split('\0');
        const up = /commit ([0-9a-f]{40}) upstream|\[ Upstream commit ([0-9a-f]{40}) \]|\(cherry picked from commit ([0-9a-f]{40})\)/.exec(
          body ?? '',
        );
        if (oid && up) (expected[(up[1] ?? up[2] ?? up[3])!] ??= []).push({ branch, oid });
      }
    }
    const sorted = (r: Record<string, readonly { branch: string; oid: string }[]>) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v].sort((a, b) => a.branch.localeCompare(b.branch))]));
    assert.deepEqual(sorted(found.backported), sorted(expected));
    assert.equal(Object.keys(found.backported).length, 4);

    // the ref picker's list: local then remote-tracking branches, no symbolic origin/HEAD, tags newest first
    const refs = await listRefs(repo);
    assert.deepEqual(
      refs.branches.map((b) => b.name),
      ['linux-1.0.y', 'linux-1.1.y', 'master', 'origin/linux-0.9.y', 'origin/stable/v1.0'],
    );
    assert.equal(refs.current, 'master');
    assert.deepEqual(
      refs.tags.map((t) => t.name),
      ['v1.1', 'v1.0'],
    );
  });
});

test('a timeline at a branch equals git log <branch> -- path, is kept apart from HEAD, and reuses HEAD counts', async () => {
  const root = tmpDir('timeline-at-rev');
  const { dir, git } = stableRepository(root);
  const home = path.join(root, 'home');
  await withRepository({ dir, home }, async (repo) => {
    const head = await indexFileHistory({ repo, path: 'lib/a.c' });
    assert.equal(head.rev, undefined);
    const stable = await indexFileHistory({ repo, path: 'lib/a.c', rev: 'linux-1.0.y' });
    assert.equal(stable.rev, 'linux-1.0.y');
    assert.deepEqual(
      stable.entries.map((e) => e.oid),
      git('log', '--format=%H', 'linux-1.0.y', '--', 'lib/a.c').split('\n'),
    );
    const numstat = git('log', '--format=%H', '--numstat', 'linux-1.0.y', '--', 'lib/a.c');
    for (const e of stable.entries) assert.match(numstat, new RegExp(`${e.oid}\\n\\n${e.additions}\\t${e.deletions}\\t`), e.subject);
    // both kept side by side: once the commit index holds both (the branch's own commits were added to it), either reopens from disk
    const again = await indexFileHistory({ repo, path: 'lib/a.c' });
    assert.deepEqual(again.entries, head.entries);
    assert.equal((await indexFileHistory({ repo, path: 'lib/a.c', rev: 'linux-1.0.y' })).stats.source, 'disk');
    assert.equal((await indexFileHistory({ repo, path: 'lib/a.c' })).stats.source, 'disk');
    assert.equal((await indexFileHistory({ repo, path: 'lib/a.c', rev: 'linux-1.0.y' })).stats.source, 'disk');
  });
});
