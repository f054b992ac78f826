import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { openRepository, type Repository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { prepareLineMaps } from '../../main/blame/prepareLineMaps';
import { StoredAnswers } from '../../main/blame/storedAnswers';
import { StoredPairs } from '../../main/blame/storedLineMaps';
import type { BlameLine } from '../../shared/blame';
import { indexFileHistory } from '../../main/services/indexFileHistory';

const gitAnswers = new Map<string, ReturnType<typeof gitBlame>>();

/** Blames every version the timeline lists (newest first, at its path there) with one cache, as one worker does, each checked against git; the diffs blame made. */
async function blameEveryVersion(repo: Repository, dir: string, versions: readonly { oid: string; path: string }[]): Promise<number> {
  const cache = new BlameCache();
  for (const v of versions) {
    const got = await blameFile({ repo, path: v.path, rev: v.oid, cache });
    const key = `${dir}\0${v.oid}\0${v.path}`;
    const want = gitAnswers.get(key) ?? gitAnswers.set(key, gitBlame(dir, v.oid, v.path)).get(key)!;
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath, l.previous?.oid ?? null, l.previous?.line ?? null]),
      want.map((l, i) => [l.oid, l.origLine, l.origPath, l.previous?.oid ?? null, got[i]?.previous?.line ?? null]),
      `${v.oid}`,
    );
  }
  return cache.diffsMade;
}

test("blame's diffs prepared from the timelines (stored, read by another cache) give git's blame at every version, with fewer diffs", async () => {
  const dir = tmpDir('blame-prepared');
  const { paths } = blameHistory(dir, 23, 70);
  const head = paths.at(-1)!;
  const home = tmpDir('blame-prepared-home');
  const repo = await openRepository({ dir, home });
  try {
    const timeline = await indexFileHistory({ repo, path: head, follow: true });
    // the versions blame is asked at: every commit of the timeline that has the file at this path
    const versions = timeline.entries.filter((e) => e.blob !== null).map((e) => ({ oid: e.oid, path: e.path }));
    assert.ok(versions.length > 20, `${versions.length} versions`);
    const unprepared = await blameEveryVersion(repo, dir, versions);

    const pairs = await prepareLineMaps({ repo, timeline, cache: new BlameCache() });
    const parentPairs = timeline.entries.filter((e) => e.blob !== null).reduce((n, e) => n + e.parents.length, 0);
    assert.ok(pairs > 0 && pairs <= parentPairs, `${pairs} pairs of ${parentPairs}`);
    // (a timeline followed across renames lists no merge, as git log --follow does not)
    const prepared = await blameEveryVersion(repo, dir, versions);
    assert.ok(prepared < unprepared / 2, `${prepared} diffs with the pairs prepared, ${unprepared} without`);
    // the timeline without --follow lists the merges that differ from every parent: prepared too (beside the
    // follow timeline's pairs, in the same file), blame at its versions diffs fewer
    const plain = await indexFileHistory({ repo, path: head, follow: false });
    assert.ok(
      plain.entries.some((e) => e.parents.length > 1),
      'the timeline has merges',
    );
    const plainVersions = plain.entries.filter((e) => e.blob !== null).map((e) => ({ oid: e.oid, path: e.path }));
    const followOnly = await blameEveryVersion(repo, dir, plainVersions);
    await prepareLineMaps({ repo, timeline: plain, cache: new BlameCache() });
    const both = await blameEveryVersion(repo, dir, plainVersions);
    assert.ok(both < followOnly, `${both} diffs with the merges prepared too, ${followOnly} without`);
    // a second prepare finds every pair stored and writes nothing
    const file = repo.index.blameMapsFile(head);
    const before = fs.statSync(file).mtimeMs;
    assert.equal(await prepareLineMaps({ repo, timeline, cache: new BlameCache() }), pairs);
    assert.ok(await prepareLineMaps({ repo, timeline: plain, cache: new BlameCache() }));
    assert.equal(fs.statSync(file).mtimeMs, before);

    // a damaged file is not read: blame diffs as it goes, and still equals git (the blame kept beside it, removed)
    fs.rmSync(repo.index.blameAnswersFile(head));
    const bytes = fs.readFileSync(file);
    bytes[100] = bytes[100]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    assert.equal(await blameEveryVersion(repo, dir, versions), unprepared);
  } finally {
    repo.close();
  }
});

test('a timeline without --follow prepares the versions of the files its path was renamed from too, as blame follows the lines there', async () => {
  const dir = tmpDir('blame-prepared-renamed');
  const { paths } = blameHistory(dir, 23, 70);
  assert.ok(paths.length >= 3, `renamed ${paths.length - 1} times`);
  const head = paths.at(-1)!;
  const repo = await openRepository({ dir, home: tmpDir('blame-prepared-renamed-home') });
  try {
    const plain = await indexFileHistory({ repo, path: head, follow: false });
    assert.ok(
      plain.entries.every((e) => e.path === head),
      'the timeline stops where the path was added',
    );
    await prepareLineMaps({ repo, timeline: plain, cache: new BlameCache() });
    const cache = new BlameCache();
    // the file's entries by commit, known from the walks (of the timeline, and of the paths before it), spare tree reads
    const store = repo.store as typeof repo.store & { readObjectSync: NonNullable<typeof repo.store.readObjectSync> };
    const readSync = store.readObjectSync.bind(store);
    let trees = 0;
    const blobs: string[] = [];
    store.readObjectSync = (oid: string) => {
      const obj = readSync(oid);
      if (obj.type === 'tree') trees++;
      if (obj.type === 'blob') blobs.push(oid);
      return obj;
    };
    const got = await blameFile({ repo, path: head, cache });
    store.readObjectSync = readSync;
    // (the merges' other parents are looked up: 16 trees here, where every commit before the renames took 2: 134)
    assert.ok(trees <= 40, `${trees} trees read`);
    // the blamed version is not read: its line count is the prepared pairs' (a 3,000-version file's delta chain took
    // 17 ms); what is read is the renames' sources, to compare them
    const blamed = execFileSync('git', ['-C', dir, 'rev-parse', `HEAD:${head}`], { encoding: 'utf8' }).trim();
    assert.ok(!blobs.includes(blamed), `the blamed version was read (${blobs.length} blobs read)`);
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath]),
      gitBlame(dir, 'HEAD', head).map((l) => [l.oid, l.origLine, l.origPath]),
    );
    assert.ok(new Set(got.map((l) => l.origPath)).size > 1, 'lines are blamed on commits before the rename');
    assert.equal(cache.diffsMade, 0, 'every diff blame needed was prepared');
  } finally {
    repo.close();
  }
});

test("the newest version's blame is kept as prepared: a fresh cache answers it reading no object, and older versions take the lines they share with it", async () => {
  const dir = tmpDir('blame-kept');
  const { paths } = blameHistory(dir, 29, 60);
  const head = paths.at(-1)!;
  const repo = await openRepository({ dir, home: tmpDir('blame-kept-home') });
  try {
    const timeline = await indexFileHistory({ repo, path: head, follow: false });
    await prepareLineMaps({ repo, timeline, cache: new BlameCache() });
    const file = repo.index.blameAnswersFile(head);
    assert.ok(fs.existsSync(file), 'the blame is kept');
    const want = gitBlame(dir, 'HEAD', head);
    const asGit = (lines: readonly BlameLine[]) =>
      lines.map((l) => [l.line, l.oid, l.origLine, l.origPath, l.previous?.oid ?? null, l.previous?.path ?? null]);
    /** git's answer in asGit's shape (git blame --porcelain numbers the lines). */
    const gitAnswer = (answer: ReturnType<typeof gitBlame>) =>
      answer.map((l, i) => [i + 1, l.oid, l.origLine, l.origPath, l.previous?.oid ?? null, l.previous?.path ?? null]);
    const wanted = gitAnswer(want);
    const store = repo.store as typeof repo.store & { readObjectSync: NonNullable<typeof repo.store.readObjectSync> };
    const readSync = store.readObjectSync.bind(store);
    let reads = 0;
    store.readObjectSync = (oid: string) => {
      reads++;
      return readSync(oid);
    };
    const cache = new BlameCache();
    const got = await blameFile({ repo, path: head, cache });
    // (HEAD itself is read to be resolved: nothing else)
    assert.ok(reads <= 1, `${reads} objects read`);
    // the app blames the timeline's newest version (the commit that last changed the file): kept too
    const newest = timeline.entries[0]!;
    reads = 0;
    const atNewest = await blameFile({ repo, path: head, rev: newest.oid, cache });
    assert.ok(reads <= 1, `${reads} objects read`);
    assert.deepEqual(asGit(atNewest), gitAnswer(gitBlame(dir, newest.oid, head)));
    // and the version before, where "blame before" steps first from the lines the newest changed: its parent's
    const parent = newest.parents[0]!;
    const beforePath = newest.oldPath ?? head;
    assert.ok(fs.existsSync(repo.index.blameBeforeFile(beforePath)), 'the version before is kept');
    reads = 0;
    const atParent = await blameFile({ repo, path: beforePath, rev: parent, cache: new BlameCache() });
    assert.ok(reads <= 1, `${reads} objects read for the version before`);
    assert.deepEqual(asGit(atParent), gitAnswer(gitBlame(dir, parent, beforePath)));
    store.readObjectSync = readSync;
    assert.deepEqual(asGit(got), wanted);
    // -L takes its lines from it, nothing is diffed
    assert.deepEqual(asGit(await blameFile({ repo, path: head, cache, range: { start: 3, end: 9 } })), wanted.slice(3, 9));
    assert.equal(cache.diffsMade, 0);
    // the version before: the lines it shares with the newest are taken from the kept blame
    const before = timeline.entries.find((e, i) => i > 0 && e.blob !== null)!;
    const gitBefore = gitBlame(dir, before.oid, before.path);
    assert.deepEqual(asGit(await blameFile({ repo, path: before.path, rev: before.oid, cache })), gitAnswer(gitBefore));
    // under another shallow boundary the kept blame is not read
    assert.equal(StoredAnswers.read(file, 'f'.repeat(40)), null);
    assert.ok(StoredAnswers.read(file, ''));
    // a damaged versions' part (at the end) is not read: the answer still is, and an older version's blame walks, equal to git
    fs.rmSync(repo.index.blameBeforeFile(beforePath));
    const good = fs.readFileSync(file);
    const bytes = Buffer.from(good);
    bytes[bytes.length - 6] = bytes[bytes.length - 6]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    assert.deepEqual(asGit(await blameFile({ repo, path: head, cache: new BlameCache() })), wanted);
    assert.deepEqual(asGit(await blameFile({ repo, path: before.path, rev: before.oid, cache: new BlameCache() })), gitAnswer(gitBefore));
    // a length damaged to 4 GiB is not believed (nothing that size is allocated), in the kept blame and in the pairs
    const huge = Buffer.from(good);
    huge.writeUInt32LE(0xffffffff, 4);
    fs.writeFileSync(file, huge);
    assert.equal(StoredAnswers.read(file, ''), null);
    const pairsFile = repo.index.blameMapsFile(head);
    const pairsGood = fs.readFileSync(pairsFile);
    const pairsHuge = Buffer.from(pairsGood);
    pairsHuge.writeUInt32LE(0xffffffff, 4);
    fs.writeFileSync(pairsFile, pairsHuge);
    assert.equal(StoredPairs.read(pairsFile), null);
    assert.deepEqual(asGit(await blameFile({ repo, path: head, cache: new BlameCache() })), wanted);
    fs.writeFileSync(pairsFile, pairsGood);
    // nor a damaged answer (it comes first): blame walks as it would have, and still equals git
    const damaged = Buffer.from(good);
    damaged[12] = damaged[12]! ^ 0xff;
    fs.writeFileSync(file, damaged);
    assert.equal(StoredAnswers.read(file, ''), null);
    store.readObjectSync = (oid: string) => {
      reads++;
      return readSync(oid);
    };
    reads = 0;
    const again = await blameFile({ repo, path: head, cache: new BlameCache() });
    store.readObjectSync = readSync;
    assert.ok(reads > 1, 'the damaged blame was not read');
    assert.deepEqual(asGit(again), wanted);
  } finally {
    repo.close();
  }
});
