import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { RefStore } from '../../main/objects/refStore';
import { resolveRevision } from '../../main/objects/resolveRevision';
import type { ObjectStore } from '../../main/objects/objectStore';
import { PackIndexer } from '../../main/transport/indexPack';
import { StrataError } from '../../shared/errors';
import { StrataCommitIndex } from '../../main/index/strataCommitIndex';
import { hexWords, PackIndex } from '../../main/objects/pack/packIndex';
import { Inflater, inflateEntry } from '../../main/objects/pack/inflater';

function allObjects(dir: string): { oid: string; type: string }[] {
  return gitOut(dir, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)'])
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [oid, type] = l.split(' ');
      return { oid: oid!, type: type! };
    });
}

function catFileAll(dir: string, oids: string[]): Map<string, Buffer> {
  const out = spawnSync('git', ['-C', dir, 'cat-file', '--batch'], { input: `${oids.join('\n')}\n`, maxBuffer: 1 << 30 }).stdout;
  const map = new Map<string, Buffer>();
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(10, pos);
    const [oid, , size] = out.subarray(pos, nl).toString().split(' ');
    const start = nl + 1;
    map.set(oid!, out.subarray(start, start + Number(size)));
    pos = start + Number(size) + 1;
  }
  return map;
}

test('every object read by the pack reader equals git cat-file (packed with deltas, loose, several packs)', async () => {
  const root = tmpDir('reader');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 8, commits: 250, bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq', '--depth=20']);
  // a second pack and some loose objects on top
  const work = path.join(root, 'work');
  execFileSync('git', ['clone', '-q', repo.dir, work]);
  for (let i = 0; i < 3; i++) {
    fs.appendFileSync(path.join(work, 'mm/hmm.c'), `/* extra ${i} */\n`);
    execFileSync('git', ['-C', work, '-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qam', `extra ${i}`]);
  }
  execFileSync('git', ['-C', work, 'repack', '-dq']);
  fs.appendFileSync(path.join(work, 'mm/hmm.c'), '/* loose */\n');
  execFileSync('git', ['-C', work, '-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qam', 'loose one']);
  const store = new PackObjectStore(path.join(work, '.git'));
  const objects = allObjects(work);
  assert.ok(objects.length > 1000);
  const expected = catFileAll(
    work,
    objects.map((o) => o.oid),
  );
  for (const o of objects) {
    const got = await store.readObject(o.oid);
    assert.equal(got.type, o.type, o.oid);
    assert.ok(Buffer.from(got.data).equals(expected.get(o.oid)!), `content of ${o.oid}`);
  }
  // the same through the index read in blocks (what an index of over 1.6 million objects uses)
  const limit = PackIndex.wholeIdsLimit;
  PackIndex.wholeIdsLimit = 0;
  try {
    const blockwise = new PackObjectStore(path.join(work, '.git'));
    for (const o of objects)
      assert.ok(
        Buffer.from((await blockwise.readObject(o.oid)).data).equals(expected.get(o.oid)!),
        `content of ${o.oid} (index read in blocks)`,
      );
    blockwise.close();
  } finally {
    PackIndex.wholeIdsLimit = limit;
  }
  const named = { store, refs: new RefStore(path.join(work, '.git')) };
  assert.equal(await resolveRevision(named, 'HEAD'), gitOut(work, ['rev-parse', 'HEAD']).trim());
  assert.equal(
    await resolveRevision(named, gitOut(work, ['rev-parse', '--short=9', 'HEAD']).trim()),
    gitOut(work, ['rev-parse', 'HEAD']).trim(),
  );
  assert.equal(await resolveRevision(named, 'v1.0'), gitOut(work, ['rev-parse', 'v1.0^{commit}']).trim());
});

test('commits read front to back from the packs are whole and named right; the commit index built from them equals one built by id', async () => {
  const root = tmpDir('stored-commits');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 12, commits: 300, bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq']);
  const store = new PackObjectStore(repo.dir);
  const commits = allObjects(repo.dir)
    .filter((o) => o.type === 'commit')
    .map((o) => o.oid);
  const expected = catFileAll(repo.dir, commits);
  const seen = new Set<string>();
  for (const c of store.storedCommits()) {
    const oid = Buffer.from(c.id).toString('hex');
    assert.ok(Buffer.from(c.data).equals(expected.get(oid)!), `content of ${oid}`);
    seen.add(oid);
  }
  assert.deepEqual([...seen].sort(), [...commits].sort(), 'git writes every commit first and whole: all are found');

  const head = await resolveRevision({ store, refs: new RefStore(repo.dir) }, 'HEAD');
  const fromPacks = StrataCommitIndex.empty();
  await fromPacks.extend(store, [head]);
  const byId = StrataCommitIndex.empty();
  const onlyById: ObjectStore = {
    gitdir: store.gitdir,
    readObject: (oid) => store.readObject(oid),
    findAbbreviated: (p) => store.findAbbreviated(p),
    shallowCommits: () => store.shallowCommits(),
    refresh: () => store.refresh(),
    close: () => store.close(),
  };
  await byId.extend(onlyById, [head]);
  // by id, read synchronously (no promise per commit)
  const byIdSync = StrataCommitIndex.empty();
  await byIdSync.extend({ ...onlyById, readObjectSync: (oid) => store.readObjectSync(oid) }, [head]);
  for (const other of [byId, byIdSync]) {
    assert.equal(fromPacks.count, other.count);
    for (const oid of commits) {
      const a = fromPacks.positionOf(oid);
      const b = other.positionOf(oid);
      assert.equal(fromPacks.treeAt(a), other.treeAt(b));
      assert.equal(fromPacks.timeAt(a), other.timeAt(b));
      assert.deepEqual(
        fromPacks.parentsAt(a).map((p) => fromPacks.oidAt(p)),
        other.parentsAt(b).map((p) => other.oidAt(p)),
      );
    }
  }
});

for (const reuse of [true, false])
  test(`${reuse ? 'one reused inflater' : "the inflater's fallback"}: says where each stream ended, asks for more input when cut, recovers after damage`, () => {
    const inflater = new Inflater(reuse);
    const texts = ['', 'a', 'commit text '.repeat(40), crypto.randomBytes(5000).toString('hex')];
    const streams = texts.map((t) => zlib.deflateSync(Buffer.from(t)));
    const joined = Buffer.concat([...streams, Buffer.from('trailing bytes')]);
    let at = 0;
    for (const [i, t] of texts.entries()) {
      const r = inflater.inflate(joined.subarray(at), t.length);
      assert.equal(r.data.toString(), t);
      assert.equal(r.consumed, streams[i]!.length, 'the next stream starts where this one ended');
      at += r.consumed;
    }
    const long = streams[3]!;
    assert.throws(
      () => inflater.inflate(long.subarray(0, long.length >> 1), texts[3]!.length),
      (e: { code?: string }) => e.code === 'Z_BUF_ERROR',
    );
    const damaged = Buffer.from(long);
    damaged.fill(0xff, 10, 40);
    assert.throws(() => inflater.inflate(damaged, texts[3]!.length));
    assert.throws(() => inflater.inflate(streams[2]!, texts[2]!.length + 1), /expected/);
    assert.equal(inflater.inflate(long, texts[3]!.length).data.toString(), texts[3], 'works again after an error');
    // a window too small for the stream grows until it fits
    const source = { bytes: (o: number, l: number) => long.subarray(o, o + l) };
    assert.equal(inflateEntry(source, 0, texts[3]!.length, long.length).data.toString(), texts[3]);
  });

test('alternates are read; a missing object is a clear error naming it', async () => {
  const root = tmpDir('alternates');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 9, commits: 40, bare: true });
  const shared = path.join(root, 'shared.git');
  execFileSync('git', ['clone', '-q', '--bare', '--shared', repo.dir, shared]);
  const store = new PackObjectStore(shared);
  const head = gitOut(shared, ['rev-parse', 'HEAD']).trim();
  assert.equal((await store.readObject(head)).type, 'commit');
  const missing = crypto.randomBytes(20).toString('hex');
  await assert.rejects(
    store.readObject(missing),
    (e: unknown) => e instanceof StrataError && e.code === 'ObjectMissing' && e.message.includes(missing),
  );
});

test('a pack indexed while it arrives, in uneven pieces, gets the .idx git index-pack writes', async () => {
  const root = tmpDir('index-while-arriving');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 17, commits: 200, bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq', '--depth=30']);
  const packDir = path.join(repo.dir, 'objects', 'pack');
  const source = path.join(
    packDir,
    fs.readdirSync(packDir).find((n) => n.endsWith('.pack'))!,
  );
  const bytes = fs.readFileSync(source);
  const target = path.join(root, 'arriving.pack');
  fs.writeFileSync(target, Buffer.alloc(0));
  const indexer = new PackIndexer(target);
  // pieces cut anywhere: inside headers, inside compressed streams, inside the trailing checksum
  let at = 0;
  let seed = 7;
  while (at < bytes.length) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const piece = Math.min(bytes.length - at, 1 + (seed % 3000));
    fs.appendFileSync(target, bytes.subarray(at, at + piece));
    at += piece;
    indexer.advance(at);
  }
  assert.ok(bytes.length > 200_000, `${bytes.length} bytes: hundreds of pieces`);
  const ours = path.join(root, 'ours.idx');
  indexer.finish(ours);
  indexer.close();
  assert.ok(fs.readFileSync(ours).equals(fs.readFileSync(source.replace(/\.pack$/, '.idx'))), 'byte-identical to the .idx git wrote');
});

test('a pack index finds every id git wrote at its position, and none of the ids next to them, searched whole or in blocks', () => {
  const work = tmpDir('pack-index-find');
  generateRepo({ dir: work, seed: 11, commits: 300 });
  execFileSync('git', ['-C', work, 'gc', '-q']);
  const packDir = path.join(work, '.git', 'objects', 'pack');
  const file = path.join(
    packDir,
    fs.readdirSync(packDir).find((n) => n.endsWith('.idx'))!,
  );
  // git's own listing of the index: id and offset, in id order
  const listed = execFileSync('git', ['show-index'], { input: fs.readFileSync(file), encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([offset, oid]) => ({ oid: oid!, offset: Number(offset) }))
    .sort((a, b) => (a.oid < b.oid ? -1 : 1));
  assert.ok(listed.length > 1000);
  // the same pack indexed with the 64-bit offset table used past 4 KiB (as git does past 2 GiB)
  const wide = path.join(work, 'wide.idx');
  execFileSync('git', ['index-pack', '--index-version=2,4096', '-o', wide, file.replace(/\.idx$/, '.pack')]);
  assert.ok(fs.statSync(wide).size > fs.statSync(file).size + 8 * 1000, 'most offsets are in the 64-bit table');
  const positionOf = new Map(listed.map((o, i) => [o.oid, i]));
  const limit = PackIndex.wholeIdsLimit;
  const hashed = PackIndex.hashedMax;
  const kept = PackIndex.keptLimit;
  const eager = PackIndex.eagerIdsLimit;
  const after = PackIndex.wholeAfterLookups;
  const words = new Uint32Array(5);
  try {
    // ids held whole and hashed, held whole and searched, read in blocks (kept, or dropped past a budget of a
    // block), read in blocks for the first lookups and then whole (hashed or searched); offsets of 32 and of 64 bits
    for (const [whole, hashedMax, idx, keptLimit, eagerLimit, wholeAfter] of [
      [limit, hashed, file, kept, eager, after],
      [limit, 0, file, kept, eager, after],
      [0, hashed, file, kept, eager, after],
      [0, hashed, file, 4096, eager, after],
      [limit, hashed, file, kept, 0, 7],
      [limit, 0, file, kept, 0, 7],
      [limit, hashed, wide, kept, eager, after],
      [0, hashed, wide, kept, eager, after],
      [0, hashed, wide, 4096, eager, after],
      [limit, hashed, wide, 4096, 0, 7],
    ] as const) {
      PackIndex.wholeIdsLimit = whole;
      PackIndex.hashedMax = hashedMax;
      PackIndex.keptLimit = keptLimit;
      PackIndex.eagerIdsLimit = eagerLimit;
      PackIndex.wholeAfterLookups = wholeAfter;
      const index = new PackIndex(idx);
      listed.forEach(({ oid, offset }, i) => {
        assert.equal(index.find(Buffer.from(oid, 'hex')), i, oid);
        assert.ok(hexWords(i % 2 ? oid : oid.toUpperCase(), words));
        assert.equal(index.findWords(words[0]!, words[1]!, words[2]!, words[3]!, words[4]!), i, `${oid} by its words`);
        assert.equal(index.offsetAt(i), offset, oid);
        assert.equal(index.oidAt(i), oid);
        // the same id with its last or first word one off is not there (unless git has that one too)
        for (const [at, delta] of [
          [16, 1],
          [16, -1],
          [0, 1],
        ] as const) {
          const near = Buffer.from(oid, 'hex');
          near.writeUInt32BE((near.readUInt32BE(at) + delta) >>> 0, at);
          const hex = near.toString('hex');
          assert.equal(index.find(near), positionOf.get(hex) ?? -1, `${hex} next to ${oid}`);
        }
      });
      assert.equal(index.find(Buffer.alloc(20, 0)), listed[0]!.oid === '0'.repeat(40) ? 0 : -1);
      assert.equal(index.find(Buffer.alloc(20, 0xff)), -1);
      index.close();
    }
    for (const bad of ['', 'abc', 'g'.repeat(40), `${listed[0]!.oid.slice(0, 39)}`, `${listed[0]!.oid}0`])
      assert.equal(hexWords(bad, words), false, bad);
  } finally {
    PackIndex.wholeIdsLimit = limit;
    PackIndex.hashedMax = hashed;
    PackIndex.keptLimit = kept;
    PackIndex.eagerIdsLimit = eager;
    PackIndex.wholeAfterLookups = after;
  }
});
