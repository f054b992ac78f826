import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { indexFileHistory } from '../fixtures/openAndRun';
import { CommitGraph, murmur3 } from '../../main/objects/commitGraph';

const variants: [string, string[][], boolean][] = [
  ['commit-graph without Bloom filters', [['commit-graph', 'write', '--reachable']], false],
  ['commit-graph with changed-path Bloom filters', [['commit-graph', 'write', '--reachable', '--changed-paths']], true],
  [
    'split commit-graph chain with Bloom filters',
    [['commit-graph', 'write', '--reachable', '--changed-paths', '--split', '--size-multiple=1000']],
    true,
  ],
  // Strata's own index is built from it, across the layers
  ['split commit-graph chain without Bloom filters', [['commit-graph', 'write', '--reachable', '--split', '--size-multiple=1000']], false],
];

for (const [name, commands, bloom] of variants) {
  test(`the index equals git log with a ${name}`, async () => {
    const root = tmpDir('graph');
    const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 31, commits: 300, renamedFrom: 'mm/hmm_core.c', bare: true });
    for (const c of commands) execFileSync('git', ['-C', repo.dir, ...c]);
    if (name.startsWith('split')) {
      // a second layer on top: new commits, then another split write
      const work = path.join(root, 'work');
      execFileSync('git', ['clone', '-q', repo.dir, work]);
      for (let i = 0; i < 4; i++) {
        fs.appendFileSync(path.join(work, i % 2 ? 'lib/x.c' : 'mm/hmm.c'), `/* ${i} */\n`);
        execFileSync('git', ['-C', work, 'add', '-A']);
        execFileSync('git', ['-C', work, '-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qm', `layer ${i}`]);
      }
      execFileSync('git', ['-C', work, 'push', '-q', 'origin', 'master']);
      execFileSync('git', [
        '-C',
        repo.dir,
        'commit-graph',
        'write',
        '--reachable',
        ...(bloom ? ['--changed-paths'] : []),
        '--split=no-merge',
      ]);
      assert.ok(fs.existsSync(path.join(repo.dir, 'objects/info/commit-graphs/commit-graph-chain')));
      assert.ok(
        fs.readFileSync(path.join(repo.dir, 'objects/info/commit-graphs/commit-graph-chain'), 'utf8').trim().split('\n').length >= 2,
      );
    }
    const graph = CommitGraph.open(repo.dir);
    assert.ok(graph, 'the graph opens');
    const head = gitOut(repo.dir, ['rev-parse', 'HEAD']).trim();
    const g = graph.lookup(head)!;
    assert.deepEqual(
      [g.tree, g.parents.join(' '), String(g.time)],
      gitOut(repo.dir, ['log', '-1', '--format=%T%n%P%n%ct', head]).trim().split('\n'),
    );
    assert.equal(graph.hasBloom, bloom);
    const home = path.join(root, 'home');
    for (const [p, follow] of [
      ['mm/hmm.c', false],
      ['mm/hmm.c', true],
      ['mm', false],
      ['drivers/gpu/drm/notes_crlf.txt', false],
    ] as const) {
      const t = await indexFileHistory({ dir: repo.dir, path: p, follow, home });
      assert.deepEqual(
        t.entries.map((e) => e.oid),
        gitLogOids(repo.dir, p, follow),
        `${p} follow=${follow}`,
      );
    }
    const fresh = await indexFileHistory({ dir: repo.dir, path: 'lib', home: path.join(root, 'home2') });
    assert.equal(fresh.stats.commitsRead, 0, 'with a commit-graph no commit object is read for the walk');
  });
}

test('murmur3 matches the reference values git uses in its Bloom filter tests', () => {
  // t/helper/test-bloom.c and t0095-bloom.sh: murmur3 of "" seed 0 = 0x00000000, "Hello world!" seed 0 = 0x627b0c2c
  assert.equal(murmur3(0, Buffer.from('')), 0);
  assert.equal(murmur3(0, Buffer.from('Hello world!')), 0x627b0c2c);
  assert.equal(murmur3(0, Buffer.from('The quick brown fox jumps over the lazy dog')), 0x2e4ff723);
  assert.equal(murmur3(0, Buffer.from([0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]), 2), 0xa183ccfd);
});

test('Bloom filters over paths with bytes above 0x7f (git writes version 1 hashes, sign-extended)', async () => {
  const root = tmpDir('graph-utf8');
  const dir = path.join(root, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  const names = ['mm/hmm_é.c', 'drivers/gpu/ürlaub/日本.c', 'mm/plain.c'];
  for (let i = 0; i < 60; i++) {
    const name = names[i % names.length]!;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.appendFileSync(path.join(dir, name), `/* ${i} */\n`);
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qm', `c${i}`], {
      env: { ...process.env, GIT_COMMITTER_DATE: `${1500000000 + i * 60} +0000` },
    });
  }
  execFileSync('git', ['-C', dir, 'commit-graph', 'write', '--reachable', '--changed-paths']);
  assert.ok(CommitGraph.open(path.join(dir, '.git'))!.hasBloom);
  for (const name of names) {
    const t = await indexFileHistory({ dir, path: name, home: path.join(root, 'home') });
    assert.deepEqual(
      t.entries.map((e) => e.oid),
      execFileSync('git', ['-C', dir, '-c', 'core.quotepath=off', 'log', '--format=%H', '--', name], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean),
      name,
    );
  }
});
