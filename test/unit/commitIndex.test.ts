import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { StrataCommitIndex } from '../../main/index/strataCommitIndex';
import { CHUNK_RECORDS } from '../../main/index/chunkedColumn';

/** `count` commits on master from `from` (a merge every 97th, with a side commit as second parent), one small file. */
function appendCommits(dir: string, count: number, from: number, time0: number): void {
  const lines: string[] = [];
  // fast-import starts a branch from nothing unless told where it is
  const tip = from > 0 ? `from ${execFileSync('git', ['-C', dir, 'rev-parse', 'refs/heads/master'], { encoding: 'utf8' }).trim()}\n` : '';
  for (let i = from; i < from + count; i++) {
    const start = i === from ? tip : '';
    if (i % 97 === 0 && i > 0) {
      lines.push(`commit refs/heads/side\ncommitter S <s@x> ${time0 + i} +0000\ndata 5\nside\nfrom ${start ? start.slice(5, -1) : 'refs/heads/master'}\nM 100644 inline side\ndata ${String(i).length}\n${i}\n`);
      lines.push(`commit refs/heads/master\ncommitter M <m@x> ${time0 + i} +0000\ndata 6\nmerge\n${start}merge refs/heads/side\nM 100644 inline f\ndata ${String(i).length}\n${i}\n`);
    } else {
      lines.push(`commit refs/heads/master\ncommitter M <m@x> ${time0 + i} +0000\ndata 2\nc\n${start}M 100644 inline f\ndata ${String(i).length}\n${i}\n`);
    }
  }
  const r = spawnSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: lines.join('') });
  assert.equal(r.status, 0, r.stderr?.toString());
}

/** What git says of every commit: id, tree, parents, commit time. */
function gitCommits(dir: string): Map<string, { tree: string; parents: string[]; time: number }> {
  const out = execFileSync('git', ['-C', dir, 'log', '--all', '--format=%H %T %ct %P'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const map = new Map<string, { tree: string; parents: string[]; time: number }>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [oid, tree, time, ...parents] = line.split(' ');
    map.set(oid!, { tree: tree!, parents: parents.filter(Boolean), time: Number(time) });
  }
  return map;
}

function assertEqualsGit(index: StrataCommitIndex, expected: ReturnType<typeof gitCommits>): void {
  assert.equal(index.count, expected.size);
  for (const [oid, c] of expected) {
    const pos = index.positionOf(oid);
    assert.ok(pos >= 0, `${oid} indexed`);
    assert.equal(index.oidAt(pos), oid);
    assert.equal(index.treeAt(pos), c.tree);
    assert.equal(index.timeAt(pos), c.time);
    assert.deepEqual(index.parentsAt(pos).map((p) => index.oidAt(p)), c.parents, `parents of ${oid}`);
  }
}

test('the commit index over several chunks: built, saved, loaded and extended, every commit equals git', { timeout: 180_000 }, async () => {
  const dir = path.join(tmpDir('commit-index-chunks'), 'repo.git');
  execFileSync('git', ['init', '-q', '--bare', dir]);
  const first = CHUNK_RECORDS + 4_000; // past the first chunk boundary
  appendCommits(dir, first, 0, 1_500_000_000);
  execFileSync('git', ['-C', dir, 'repack', '-adq']);
  let store = new PackObjectStore(dir);
  const built = StrataCommitIndex.empty();
  assert.ok((await built.extend(store, [await store.resolve('refs/heads/master')])) > CHUNK_RECORDS);
  assertEqualsGit(built, gitCommits(dir));
  const file = path.join(dir, '..', 'commit-index.v1');
  await built.save(file);
  const loaded = StrataCommitIndex.load(file)!;
  assert.ok(loaded, 'loads');
  assert.deepEqual(loaded.anchor, built.anchor);
  assertEqualsGit(loaded, gitCommits(dir));
  store.close();

  // new commits land in the chunk the index ended in and the next one, without touching the rest
  appendCommits(dir, CHUNK_RECORDS, first, 1_500_000_000);
  store = new PackObjectStore(dir);
  const added = await loaded.extend(store, [await store.resolve('refs/heads/master')]);
  assert.ok(added >= CHUNK_RECORDS);
  assertEqualsGit(loaded, gitCommits(dir));
  assert.deepEqual(loaded.anchor, built.anchor, 'the first positions are unchanged');
  await loaded.save(file);
  assertEqualsGit(StrataCommitIndex.load(file)!, gitCommits(dir));
  store.close();

  // a file cut short or grown is not trusted
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  assert.equal(StrataCommitIndex.load(file), null);
  fs.writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(4)]));
  assert.equal(StrataCommitIndex.load(file), null);
});
