import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openRepository, type Repository } from '../../main/repository/repository';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { blame } from '../../main/services/blame';
import { lineHistory } from '../../main/services/lineHistory';
import { tmpDir } from '../fixtures/generateRepo';

const git = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();

function commitFile(dir: string, text: string, message: string, date: string): string {
  fs.writeFileSync(path.join(dir, 'mm.c'), text);
  git(dir, ['add', 'mm.c']);
  git(dir, ['commit', '-qm', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return git(dir, ['rev-parse', 'HEAD']);
}

/** git, its warnings unprinted (a grafts file gets a deprecation hint and an error for each bad line on every run). */
const quiet = (dir: string, args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `line ${i} ${i % 3 === 0 ? tag : 'same'}\n`).join('');

/** A new repository (branch main, an author set) in a temporary folder named for the test. */
function newRepository(name: string): { base: string; dir: string } {
  const base = tmpDir(name);
  const dir = path.join(base, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git(dir, ['config', 'user.name', 'A']);
  git(dir, ['config', 'user.email', 'a@example.org']);
  return { base, dir };
}

/** mm.c's timeline (each commit's parents too), blame and -L of lines 1-3 equal git's (`run` runs git); the timeline's length. */
async function assertReadAsGit(repo: Repository, run: (args: string[]) => string, what: string): Promise<number> {
  const timeline = await indexFileHistory({ repo, path: 'mm.c' });
  assert.deepEqual(
    timeline.entries.map((e) => [e.oid, ...e.parents].join(' ')),
    run(['log', '--format=%H %P', '--', 'mm.c'])
      .split('\n')
      .map((l) => l.trim()),
    `${what}: the timeline and its parents`,
  );
  const b = await blame({ repo, path: 'mm.c' });
  const want = run(['blame', '--porcelain', '--', 'mm.c'])
    .split('\n')
    .filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l))
    .map((l) => l.split(' ').slice(0, 2).join(' '));
  assert.deepEqual(
    b.lines.map((l) => `${l.oid} ${l.origLine}`),
    want,
    `${what}: blame`,
  );
  const range = await lineHistory({ repo, path: 'mm.c', lines: { start: 1, end: 3 } });
  assert.deepEqual(
    range.commits.map((c) => c.oid),
    run(['log', '--format=%H', '-L', '1,3:mm.c'])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l)),
    `${what}: -L`,
  );
  return timeline.entries.length;
}

/**
 * The kernel's way with its history before git: a first commit that imports the tree, grafted (git replace
 * --graft) onto the tip of a history imported from elsewhere. git log, blame and -L then go on into the old
 * history; with GIT_NO_REPLACE_OBJECTS they stop at the import.
 */
test('objects replaced by git replace (a grafted history) are read as git reads them: timeline, blame, -L; and not when turned off', async () => {
  const { base, dir } = newRepository('replace-refs');
  // the old history, on a branch of its own
  git(dir, ['checkout', '-q', '--orphan', 'history']);
  commitFile(dir, lines(30, 'old-1'), 'old 1', '2002-01-01T00:00:00Z');
  commitFile(dir, lines(30, 'old-1') + 'added in old 2\n', 'old 2', '2003-01-01T00:00:00Z');
  const oldTip = commitFile(dir, 'changed in old 3\n' + lines(30, 'old-1') + 'added in old 2\n', 'old 3', '2004-01-01T00:00:00Z');
  // the new history starts again from the same content, with no parent
  git(dir, ['checkout', '-q', '--orphan', 'main']);
  const imported = commitFile(dir, 'changed in old 3\n' + lines(30, 'old-1') + 'added in old 2\n', 'import', '2005-04-16T00:00:00Z');
  commitFile(dir, 'changed in old 3\n' + lines(30, 'old-1') + 'added in old 2\nnew 1\n', 'new 1', '2006-01-01T00:00:00Z');
  commitFile(dir, 'changed in new 2\n' + lines(30, 'old-1') + 'added in old 2\nnew 1\n', 'new 2', '2007-01-01T00:00:00Z');
  git(dir, ['branch', '-D', 'history']);
  git(dir, ['replace', '--graft', imported, oldTip]);
  // git's commit-graph (without the graft) must not be what the walk uses
  git(dir, ['commit-graph', 'write', '--reachable']);
  const home = path.join(base, 'home');

  const check = async (env: NodeJS.ProcessEnv, what: string) => {
    const saved = process.env.GIT_NO_REPLACE_OBJECTS;
    if (env.GIT_NO_REPLACE_OBJECTS !== undefined) process.env.GIT_NO_REPLACE_OBJECTS = env.GIT_NO_REPLACE_OBJECTS;
    try {
      const repo = await new RepositoryPool({ home }).open(dir);
      return await assertReadAsGit(repo, (args) => git(dir, args, env), what);
    } finally {
      if (saved === undefined) delete process.env.GIT_NO_REPLACE_OBJECTS;
      else process.env.GIT_NO_REPLACE_OBJECTS = saved;
    }
  };
  const grafted = await check({}, 'grafted');
  const plain = await check({ GIT_NO_REPLACE_OBJECTS: '1' }, 'GIT_NO_REPLACE_OBJECTS');
  assert.ok(grafted > plain, `the graft brings the old history (${grafted} commits, ${plain} without)`);
  // and a repository that turns replacements off
  git(dir, ['config', 'core.useReplaceRefs', 'false']);
  const repo = await openRepository({ dir, home });
  const off = await indexFileHistory({ repo, path: 'mm.c' });
  assert.equal(off.entries.length, plain);
  repo.close();
});

/**
 * The same grafted history by git's older way, a line in info/grafts (deprecated, still honoured by git log and
 * blame): read as git reads it, and read again as git does when the file changes (here: a graft that cuts the
 * history at a commit, no parents).
 */
test('commits grafted by info/grafts are read with the parents it gives them, as git reads them: timeline, blame, -L', async () => {
  const { base, dir } = newRepository('info-grafts');
  git(dir, ['checkout', '-q', '--orphan', 'history']);
  commitFile(dir, lines(30, 'old-1'), 'old 1', '2002-01-01T00:00:00Z');
  const oldTip = commitFile(dir, 'changed in old 2\n' + lines(30, 'old-1'), 'old 2', '2003-01-01T00:00:00Z');
  git(dir, ['checkout', '-q', '--orphan', 'main']);
  const imported = commitFile(dir, 'changed in old 2\n' + lines(30, 'old-1'), 'import', '2005-04-16T00:00:00Z');
  const new1 = commitFile(dir, 'changed in old 2\n' + lines(30, 'old-1') + 'new 1\n', 'new 1', '2006-01-01T00:00:00Z');
  commitFile(dir, 'changed in new 2\n' + lines(30, 'old-1') + 'new 1\n', 'new 2', '2007-01-01T00:00:00Z');
  git(dir, ['branch', '-D', 'history']);
  // git's graph has the parents the commits say: with grafts, neither git nor Strata may walk it
  git(dir, ['commit-graph', 'write', '--reachable']);
  const home = path.join(base, 'home');
  const pool = new RepositoryPool({ home });
  const check = async (what: string) => assertReadAsGit(await pool.open(dir), (args) => quiet(dir, args), what);
  const plain = await check('no grafts');
  fs.writeFileSync(path.join(dir, '.git', 'info', 'grafts'), `# the old history\n${imported} ${oldTip}\n\nnot a graft\n`);
  const joined = await check('the old history grafted on');
  assert.ok(joined > plain, `the graft brings the old history (${joined} commits, ${plain} without)`);
  fs.writeFileSync(path.join(dir, '.git', 'info', 'grafts'), `${new1}\n`);
  assert.equal(await check('cut at new 1'), 2);
});
