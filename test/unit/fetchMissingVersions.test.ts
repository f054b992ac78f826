import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitNumstat } from '../fixtures/gitOracle';
import { gitBlame } from '../fixtures/blameHistory';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { withRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { fetchMissingVersions } from '../../main/services/fetchMissingVersions';
import { blame } from '../../main/services/blame';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { StrataError } from '../../shared/errors';
import { runCli } from '../fixtures/runCli';
import { renamedHistory } from '../fixtures/renamedWithMissingBlob';

// A partial clone made by git itself over HTTP (git clone --filter=blob:none from git http-backend): Strata
// fetches a file's missing versions from the clone's promisor remote, and then counts and blames as git does.

const FILE = 'mm/hmm.c';

function serve(srv: string, name: string, seed: number, byId: boolean): string {
  const { dir } = generateRepo({ dir: path.join(srv, name), seed, commits: 90, bare: true });
  execFileSync('git', ['-C', dir, 'config', 'uploadpack.allowFilter', 'true']);
  if (byId) execFileSync('git', ['-C', dir, 'config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return dir;
}

/** git's own partial clone over HTTP (not synchronous: the server answering it runs in this process). */
async function partialClone(url: string, into: string): Promise<string> {
  await promisify(execFile)('git', ['clone', '-q', '--bare', '--filter=blob:none', url, into]);
  return into;
}

test("a partial clone's missing versions of a file are fetched from its promisor remote; then counts and blame are git's", async (t) => {
  const root = tmpDir('fetch-missing');
  const srv = path.join(root, 'srv');
  const upstream = serve(srv, 'linux.git', 21, true);
  const plain = serve(srv, 'plain.git', 22, false);
  const server = await startGitHttpServer(srv);
  t.after(() => server.close());
  const home = path.join(root, 'home');

  const partial = await partialClone(`${server.url}/linux.git`, path.join(root, 'partial.git'));
  const missingBefore = gitOut(partial, ['rev-list', '--objects', '--missing=print', 'HEAD', '--', FILE])
    .split('\n')
    .filter((l) => l.startsWith('?'));
  assert.ok(missingBefore.length > 10, 'git left the versions on the server');

  await withRepository({ dir: partial, home }, async (repo) => {
    const before = await indexFileHistory({ repo, path: FILE });
    assert.ok(before.entries.some((e) => e.absent));
    // the notice gives Strata's own command (and the app's button), and git's
    assert.match(
      before.stats.absent ?? '',
      /Fetch them: strata fetch --repo \S+ --versions-of mm\/hmm\.c \(in the app, "fetch them from origin"/,
    );
    assert.match(before.stats.absent ?? '', /Or have git fetch them .*: git -C \S+ log -p --format= -- mm\/hmm\.c/);
    assert.equal(before.stats.absentOn, 'origin');
    const phases = new Set<string>();
    const got = await fetchMissingVersions({ repo, path: FILE, onProgress: (p) => phases.add(p.phase) });
    assert.equal(got.remote, 'origin');
    assert.ok(got.fetched >= missingBefore.length, `${got.fetched} fetched`);
    assert.ok(phases.has('Receiving objects'), [...phases].join(', '));

    // the same handle (its packs read before the fetch) sees them: counts as git log --numstat, blame as git blame
    const after = await indexFileHistory({ repo, path: FILE });
    assert.equal(after.stats.absent, undefined);
    const numstat = gitNumstat(upstream, FILE);
    assert.ok(numstat.size > 10);
    for (const e of after.entries) {
      const row = numstat.get(e.oid);
      if (row) assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], e.oid);
    }
    const blamed = await blameFile({ repo, path: FILE, cache: new BlameCache() });
    assert.deepEqual(
      blamed.map((l) => l.oid),
      gitBlame(upstream, 'HEAD', FILE).map((l) => l.oid),
    );
    // nothing is left to fetch
    assert.deepEqual(await fetchMissingVersions({ repo, path: FILE }), { remote: 'origin', fetched: 0 });
  });
  // git takes the pack for its promisor remote's (marked as it marks it) and finds the file's versions there
  const packs = fs.readdirSync(path.join(partial, 'objects', 'pack'));
  assert.ok(packs.filter((n) => n.endsWith('.promisor')).length >= 2, packs.join(' '));
  assert.equal(
    gitOut(partial, ['rev-list', '--objects', '--missing=print', 'HEAD', '--', FILE])
      .split('\n')
      .filter((l) => l.startsWith('?')).length,
    0,
  );
  // (git may ask the server while it checks: not synchronously)
  await promisify(execFile)('git', ['-C', partial, 'fsck', '--no-progress']);

  await t.test('the command line: strata fetch --versions-of, then strata log counts as git log --numstat', async () => {
    process.env.STRATA_HOME = path.join(root, 'cli-home');
    const clone = await partialClone(`${server.url}/linux.git`, path.join(root, 'cli-partial.git'));
    const fetched = await runCli(['fetch', '--repo', clone, '--versions-of', FILE]);
    assert.equal(fetched.code, 0, fetched.err);
    assert.match(fetched.out, /^Fetched \d+ versions of mm\/hmm\.c from origin\.\n$/);
    assert.equal((await runCli(['fetch', '--repo', clone, '--versions-of', FILE])).out, 'Every version of mm/hmm.c is here already.\n');
    const log = await runCli(['log', '--repo', clone, '--path', FILE, '--json']);
    assert.equal(log.code, 0, log.err);
    const numstat = gitNumstat(upstream, FILE);
    for (const e of JSON.parse(log.out) as { oid: string; additions: number | null; deletions: number | null }[]) {
      const row = numstat.get(e.oid);
      if (row) assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], e.oid);
    }
    const both = await runCli(['fetch', '--repo', clone, '--versions-of', FILE, '--deepen', '3']);
    assert.equal(both.code, 2);
    assert.match(both.err, /two fetches/);
  });

  await t.test(
    'a server not set to let objects be asked for by id still serves them over HTTP (it checks they are reachable)',
    async () => {
      const clone = await partialClone(`${server.url}/plain.git`, path.join(root, 'plain-partial.git'));
      await withRepository({ dir: clone, home }, async (repo) => {
        const got = await fetchMissingVersions({ repo, path: FILE });
        assert.ok(got.fetched > 5);
        const after = await indexFileHistory({ repo, path: FILE });
        assert.equal(after.stats.absent, undefined);
      });
      assert.doesNotMatch(gitOut(plain, ['config', '--list']), /allowanysha1inwant/i);
    },
  );

  await t.test('a remote Strata cannot fetch from (not HTTP) gets the git command that does', async () => {
    const clone = path.join(root, 'file-partial.git');
    execFileSync('git', ['clone', '-q', '--bare', '--no-local', '--filter=blob:none', `file://${upstream}`, clone]);
    await withRepository({ dir: clone, home }, async (repo) => {
      await assert.rejects(
        fetchMissingVersions({ repo, path: FILE }),
        (e: unknown) =>
          e instanceof StrataError &&
          e.code === 'InvalidRequest' &&
          /HTTP\(S\) only/.test(e.message) &&
          /log -p --format= -- mm\/hmm\.c/.test(e.message),
      );
    });
  });

  await t.test('a clone that is no partial clone: nothing to ask for, and said', async () => {
    await withRepository({ dir: upstream, home }, async (repo) => {
      await assert.rejects(
        fetchMissingVersions({ repo, path: FILE }),
        (e: unknown) => e instanceof StrataError && e.code === 'InvalidRequest' && /not a partial clone/.test(e.message),
      );
    });
  });
});

test("a partial clone made without trees: the history, blame and -L say so and give the commands; after them the timeline is git's", async () => {
  const root = tmpDir('treeless-clone');
  const { dir: upstream } = generateRepo({ dir: path.join(root, 'up.git'), seed: 23, commits: 40, bare: true });
  execFileSync('git', ['-C', upstream, 'config', 'uploadpack.allowFilter', 'true']);
  const clone = path.join(root, 'treeless.git');
  execFileSync('git', ['clone', '-q', '--bare', '--filter=tree:0', `file://${upstream}`, clone]);
  const home = path.join(root, 'home');
  const said =
    /partial clone made without trees \(--filter=tree:0\).*config remote\.origin\.partialclonefilter blob:none && git -C .* fetch --refetch origin/;
  await withRepository({ dir: clone, home }, async (repo) => {
    await assert.rejects(indexFileHistory({ repo, path: FILE }), (e: StrataError) => e.code === 'ObjectMissing' && said.test(e.message));
  });
  process.env.STRATA_HOME = path.join(root, 'cli-home');
  for (const args of [
    ['blame', '--repo', clone, '--path', FILE],
    ['log', '--repo', clone, '--path', FILE, '--lines', '1,3'],
    ['log', '--repo', clone, '--path', FILE],
  ]) {
    const r = await runCli(args);
    assert.notEqual(r.code, 0);
    assert.match(r.err, said, args.join(' '));
  }
  // the commands it gives
  execFileSync('git', ['-C', clone, 'config', 'remote.origin.partialclonefilter', 'blob:none']);
  execFileSync('git', ['-C', clone, 'fetch', '-q', '--refetch', 'origin']);
  await withRepository({ dir: clone, home }, async (repo) => {
    const t = await indexFileHistory({ repo, path: FILE });
    assert.deepEqual(
      t.entries.map((e) => e.oid),
      gitOut(upstream, ['log', '--format=%H', '--', FILE]).split('\n').filter(Boolean),
    );
  });
});

test('following renames in a partial clone: the fetch brings what the rename search lacked (the added version, the files its commit deleted); then the list is git log --follow', async (t) => {
  const root = tmpDir('fetch-missing-follow');
  const srv = path.join(root, 'srv');
  const source = path.join(root, 'source');
  renamedHistory(source);
  const served = path.join(srv, 'renamed.git');
  execFileSync('git', ['clone', '-q', '--bare', source, served]);
  execFileSync('git', ['-C', served, 'config', 'uploadpack.allowFilter', 'true']);
  execFileSync('git', ['-C', served, 'config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const server = await startGitHttpServer(srv);
  t.after(() => server.close());
  const partial = await partialClone(`${server.url}/renamed.git`, path.join(root, 'partial.git'));
  const followed = gitOut(source, ['log', '--follow', '--format=%H', '--', 'new.c']).split('\n').filter(Boolean);

  await withRepository({ dir: partial, home: path.join(root, 'home') }, async (repo) => {
    const before = await indexFileHistory({ repo, path: 'new.c', follow: true });
    assert.deepEqual(
      before.entries.map((e) => e.oid),
      followed.slice(0, 2),
    );
    assert.match(before.stats.renameGaps ?? '', /the added version itself/);
    // blame follows renames: its advice fetches along them
    await assert.rejects(
      blame({ repo, path: 'new.c' }),
      (err: Error) =>
        /strata fetch --repo \S+ --versions-of new\.c --follow /.test(err.message) &&
        /log -p --follow --format= -- new\.c/.test(err.message),
    );
    const got = await fetchMissingVersions({ repo, path: 'new.c', follow: true });
    assert.ok(got.fetched >= 3, `the versions, and old.c's blob the rename search reads (${got.fetched})`);
    const after = await indexFileHistory({ repo, path: 'new.c', follow: true });
    assert.deepEqual(
      after.entries.map((e) => e.oid),
      followed,
    );
    assert.equal(after.entries[1]!.status, 'R');
    // data.txt, which the commit kept, is still on the remote: with the rename found, it could change nothing
    assert.equal(after.stats.renameGaps, undefined);
    // and blame, which follows the rename into old.c, is git's
    const blamed = await blame({ repo, path: 'new.c' });
    assert.deepEqual(
      blamed.lines.map((l) => [l.oid, l.origLine, l.origPath]),
      gitBlame(source, 'HEAD', 'new.c').map((l) => [l.oid, l.origLine, l.origPath]),
    );
  });
});
