import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile, keepEntriesFrom } from '../../main/blame/blameFile';
import { PathEntryLookup } from '../../main/history/pathEntries';
import { indexFileHistory } from '../../main/services/indexFileHistory';

/** Blames the file at HEAD on a fresh handle and cache (as a new `strata blame` does); the trees it looked the path up in. */
async function blameCounting(dir: string, home: string, filePath: string): Promise<{ lookups: number; lines: [string, number][] }> {
  const original = PathEntryLookup.prototype.entryAt;
  let lookups = 0;
  PathEntryLookup.prototype.entryAt = function (this: PathEntryLookup, ...args: Parameters<typeof original>) {
    lookups++;
    return original.apply(this, args);
  };
  const repo = await openRepository({ dir, home });
  try {
    const got = await blameFile({ repo, path: filePath, cache: new BlameCache() });
    return { lookups, lines: got.map((l) => [l.oid, l.origLine]) };
  } finally {
    PathEntryLookup.prototype.entryAt = original;
    repo.close();
  }
}

test("blame keeps the path's entries it looked up (its older names' too): a second blame reads no tree again, and a timeline stored before is still served", async (t) => {
  // (a blame of this small history looks up a few dozen trees: kept whatever their number here)
  const from = keepEntriesFrom.lookups;
  keepEntriesFrom.lookups = 0;
  t.after(() => {
    keepEntriesFrom.lookups = from;
  });
  const dir = tmpDir('blame-keeps-entries');
  const { paths } = blameHistory(dir, 41, 60);
  const head = paths.at(-1)!;
  assert.ok(paths.length > 1, 'the file was renamed');
  const home = tmpDir('blame-keeps-entries-home');
  const want = gitBlame(dir, 'HEAD', head).map((l): [string, number] => [l.oid, l.origLine]);
  // the commit index is built, as opening the repository does; the file's timeline is not
  const opened = await openRepository({ dir, home });
  const stored = await indexFileHistory({ repo: opened, path: head, follow: false });
  opened.close();

  const first = await blameCounting(dir, home, head);
  assert.deepEqual(first.lines, want);
  assert.ok(first.lookups > 0, 'the older name was looked up commit by commit');
  for (const p of paths) assert.ok(fs.existsSync(opened.index.positionEntriesFile(p)), `entries kept for ${p}`);

  const second = await blameCounting(dir, home, head);
  assert.deepEqual(second.lines, want);
  // (only a rename's source is looked for again, among the files its commit deleted)
  assert.ok(second.lookups <= 2 * (paths.length - 1), `${second.lookups} trees read again, ${first.lookups} the first time`);

  // the timeline stored before names the entries' generation: adding to them keeps it
  const again = await openRepository({ dir, home });
  try {
    const reopened = await indexFileHistory({ repo: again, path: head, follow: false });
    assert.equal(reopened.stats.source, 'disk');
    assert.deepEqual(
      reopened.entries.map((e) => e.oid),
      stored.entries.map((e) => e.oid),
    );
  } finally {
    again.close();
  }
});
