import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { cloneRepository, fetchRepository } from '../../main/git/cloneRepository';
import { indexFileHistory } from '../fixtures/openAndRun';
import { StrataError } from '../../shared/errors';

test('clone, shallow clone, deepen, fetch, cancel and a cut connection against git http-backend', async (t) => {
  const root = tmpDir('clone');
  const upstream = generateRepo({ dir: path.join(root, 'srv', 'linux.git'), seed: 5, commits: 150, bare: true });
  // an annotated tag, as the kernel's releases are
  execFileSync('git', [
    '-C',
    upstream.dir,
    '-c',
    'user.name=T',
    '-c',
    'user.email=t@example.org',
    'tag',
    '-a',
    'v9.9',
    '-m',
    'Linux 9.9',
    'HEAD~20',
  ]);
  const server = await startGitHttpServer(path.join(root, 'srv'));
  const home = path.join(root, 'home');
  const url = `${server.url}/linux.git`;
  t.after(() => server.close());

  await t.test('full clone indexes like git', async () => {
    const phases = new Set<string>();
    let bytes = 0;
    const { dir } = await cloneRepository({
      url,
      dir: path.join(root, 'full'),
      onProgress: (p) => {
        phases.add(p.phase);
        bytes = p.bytes ?? bytes;
      },
    });
    assert.ok(bytes > 1000, 'bytes are reported');
    assert.ok(phases.size >= 2, `phases reported: ${[...phases].join(', ')}`);
    const timeline = await indexFileHistory({ dir, path: 'mm/hmm.c', home });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(upstream.dir, 'mm/hmm.c'),
    );
    // the streamed pack and the index Strata wrote for it are exactly what git itself would write
    const packDir = path.join(dir, '.git', 'objects', 'pack');
    const pack = fs.readdirSync(packDir).find((n) => n.endsWith('.pack'))!;
    execFileSync('git', ['index-pack', '-o', path.join(root, 'git-own.idx'), path.join(packDir, pack)]);
    assert.ok(
      fs.readFileSync(path.join(root, 'git-own.idx')).equals(fs.readFileSync(path.join(packDir, pack.replace(/\.pack$/, '.idx')))),
      'the .idx is byte-identical to git index-pack',
    );
    assert.equal(gitOut(dir, ['fsck', '--strict', '--no-dangling']).trim(), '');
    assert.equal(gitOut(dir, ['rev-parse', 'v1.0']).trim(), gitOut(upstream.dir, ['rev-parse', 'v1.0']).trim(), 'tags came along');
    // packed-refs says "fully-peeled": each annotated tag must be followed by what it peels to, or git takes it for a lightweight one
    assert.equal(gitOut(dir, ['show-ref', '-d', '--tags']), gitOut(upstream.dir, ['show-ref', '-d', '--tags']));
    assert.equal(
      gitOut(dir, ['describe', 'HEAD']).trim(),
      gitOut(upstream.dir, ['describe', 'HEAD']).trim(),
      'git describe finds the annotated tag',
    );
  });

  await t.test('shallow clone, then deepen in place', async () => {
    const { dir } = await cloneRepository({ url, dir: path.join(root, 'shallow'), depth: 10 });
    assert.ok(fs.existsSync(path.join(dir, '.git', 'shallow')));
    const shallow = await indexFileHistory({ dir, path: 'mm/hmm.c', home });
    assert.deepEqual(
      shallow.entries.map((e) => e.oid),
      gitLogOids(dir, 'mm/hmm.c'),
      'the index of a shallow clone equals git log there',
    );
    assert.ok(shallow.entries.length < gitLogOids(upstream.dir, 'mm/hmm.c').length);
    await fetchRepository({ dir, deepen: 1000 });
    const deeper = await indexFileHistory({ dir, path: 'mm/hmm.c', home });
    assert.deepEqual(
      deeper.entries.map((e) => e.oid),
      gitLogOids(dir, 'mm/hmm.c'),
    );
    assert.ok(deeper.entries.length > shallow.entries.length, 'deepening brought older commits');
  });

  await t.test('fetch after new upstream commits updates the timeline incrementally', async () => {
    const dir = path.join(root, 'full');
    const work = path.join(root, 'work');
    execFileSync('git', ['clone', '-q', upstream.dir, work]);
    for (let i = 0; i < 3; i++) {
      fs.appendFileSync(path.join(work, 'mm/hmm.c'), `/* late change ${i} */\n`);
      execFileSync('git', [
        '-C',
        work,
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.org',
        'commit',
        '-qam',
        `mm/hmm: late change ${i}`,
      ]);
    }
    execFileSync('git', ['-C', work, 'push', '-q', 'origin', 'master']);
    const { updated } = await fetchRepository({ dir });
    assert.equal(updated, true);
    const timeline = await indexFileHistory({ dir, path: 'mm/hmm.c', home });
    assert.equal(timeline.stats.source, 'incremental');
    assert.equal(timeline.stats.commitsRead, 3, 'only the three new commits were read');
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(upstream.dir, 'mm/hmm.c'),
    );
  });

  await t.test('cancel leaves nothing behind and a later clone works', async () => {
    const controller = new AbortController();
    const target = path.join(root, 'cancelled');
    const p = cloneRepository({ url, dir: target, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(p, (e: unknown) => e instanceof StrataError && e.code === 'Cancelled');
    assert.deepEqual(
      fs.readdirSync(root).filter((n) => n.includes('cancelled')),
      [],
    );
    await cloneRepository({ url, dir: target });
    assert.equal(gitOut(target, ['rev-parse', 'HEAD']).trim(), gitOut(upstream.dir, ['rev-parse', 'HEAD']).trim());
  });

  await t.test('a server that dies mid-transfer gives NetworkLost and leaves nothing', async () => {
    server.cutAfterBytes = 4000;
    const target = path.join(root, 'cut');
    await assert.rejects(
      cloneRepository({ url, dir: target }),
      (e: unknown) => e instanceof StrataError && e.code === 'NetworkLost' && e.resumable === undefined,
    );
    assert.deepEqual(
      fs.readdirSync(root).filter((n) => n.includes('cut')),
      [],
    );
    server.cutAfterBytes = null;
    await cloneRepository({ url, dir: target });
  });

  await t.test('a resumable clone cut in its third step keeps two, and cloning again resumes to the same history as git', async () => {
    const target = path.join(root, 'resumed');
    // the oracle: what native git holds after the same two steps
    const native = path.join(root, 'native-steps');
    execFileSync('git', ['clone', '-q', '--bare', '--depth=20', `file://${upstream.dir}`, native]); // not over our server: execFileSync would block it
    execFileSync('git', ['-C', native, 'fetch', '-q', '--deepen=40', 'origin']);
    const steps: string[] = [];
    server.cutAfterBytes = 3000;
    server.cutRequest = 3;
    await assert.rejects(
      cloneRepository({ url, dir: target, firstStep: 20, onProgress: (p) => steps.push(p.message ?? '') }),
      (e: unknown) =>
        e instanceof StrataError &&
        e.code === 'NetworkLost' &&
        /step 3 .* 2 steps .* kept: clone the same address into the same folder again to resume/.test(e.message) &&
        e.toInfo().resumable?.stepsKept === 2,
    );
    server.cutAfterBytes = null;
    server.cutRequest = null;
    assert.ok(!fs.existsSync(target), 'nothing is in the destination until the clone is whole');
    const kept = fs.readdirSync(root).filter((n) => n.startsWith('.resumed.partial'));
    assert.equal(kept.length, 1, 'the finished steps are kept beside it');
    const keptShallow = fs.readFileSync(path.join(root, kept[0]!, '.git', 'shallow'), 'utf8');
    assert.ok(keptShallow.length > 0);
    const commits = (dir: string) => gitOut(dir, ['rev-list', 'HEAD']).split('\n').sort();
    assert.deepEqual(
      commits(path.join(root, kept[0]!)),
      commits(native),
      'two whole steps: 20 commits deep, then 40 more, as git has them',
    );
    assert.equal(keptShallow, fs.readFileSync(path.join(native, 'shallow'), 'utf8'));

    const again = await cloneRepository({ url, dir: target, firstStep: 20, onProgress: (p) => steps.push(p.message ?? '') });
    assert.equal(again.resumedFrom, 2);
    assert.ok(
      steps.some((m) => m.includes('resumed after 2')),
      'progress says it resumed',
    );
    assert.ok(!fs.existsSync(path.join(target, '.git', 'shallow')), 'the whole history arrived');
    assert.deepEqual(
      fs.readdirSync(root).filter((n) => n.startsWith('.resumed')),
      [],
    );
    assert.equal(gitOut(target, ['fsck', '--strict', '--no-dangling']).trim(), '');
    assert.deepEqual(commits(target), gitOut(upstream.dir, ['rev-list', 'HEAD']).split('\n').sort(), 'every commit arrived');
    const timeline = await indexFileHistory({ dir: target, path: 'mm/hmm.c', home });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(upstream.dir, 'mm/hmm.c'),
    );
  });

  await t.test('fetching more history of a shallow clone goes in steps; a cut keeps the steps before it', async () => {
    const native = path.join(root, 'native-deepen');
    execFileSync('git', ['clone', '-q', '--bare', '--depth=3', `file://${upstream.dir}`, native]);
    execFileSync('git', ['-C', native, 'fetch', '-q', '--deepen=10', 'origin']);
    const { dir } = await cloneRepository({ url, dir: path.join(root, 'stepped'), depth: 3 });
    server.cutAfterBytes = 2000;
    server.cutRequest = 2;
    // 10 then 20: the second step is cut, the first is kept
    await assert.rejects(
      fetchRepository({ dir, deepen: 30, firstStep: 10 }),
      (e: unknown) => e instanceof StrataError && e.code === 'NetworkLost' && /already 10 commits deeper/.test(e.message),
    );
    server.cutAfterBytes = null;
    server.cutRequest = null;
    assert.equal(gitOut(dir, ['fsck', '--strict', '--no-dangling']).trim(), '');
    const commits = (d: string) => gitOut(d, ['rev-list', 'HEAD']).split('\n').sort();
    assert.deepEqual(commits(dir), commits(native), 'the kept step is what git fetch --deepen=10 brings');
    await fetchRepository({ dir, deepen: 100_000, firstStep: 10 });
    assert.ok(!fs.existsSync(path.join(dir, '.git', 'shallow')), 'deepening far enough brings the whole history');
    const timeline = await indexFileHistory({ dir, path: 'mm/hmm.c', home });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(upstream.dir, 'mm/hmm.c'),
    );
  });

  await t.test('clear errors for a bad address, an unreachable host, a missing repository', async () => {
    await assert.rejects(
      cloneRepository({ url: 'git@example.org:linux.git', dir: path.join(root, 'x1') }),
      (e: unknown) => e instanceof StrataError && e.code === 'InvalidUrl',
    );
    await assert.rejects(
      cloneRepository({ url: 'http://127.0.0.1:1/linux.git', dir: path.join(root, 'x2') }),
      (e: unknown) => e instanceof StrataError && e.code === 'HostUnreachable',
    );
    await assert.rejects(
      cloneRepository({ url: `${server.url}/nothing.git`, dir: path.join(root, 'x3') }),
      (e: unknown) => e instanceof StrataError && e.code === 'NotAGitRepository',
    );
  });
});
