import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildStory, writeStoryMbox, writeStoryRepository } from '../fixtures/generateArchive';
import { tmpDir } from '../fixtures/generateRepo';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { attachArchive } from '../../main/archive/manageArchives';
import { discussionMentions, discussTimeline, linkTimeline } from '../../main/archive/discussFileHistory';
import { ArchiveCatalog } from '../../main/archive/archiveCatalog';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { readThread } from '../../main/archive/readThread';

test('a timeline is linked once per archive generation: kept on the repository handle, linked again when an archive gains messages', async () => {
  const root = tmpDir('linked-timelines');
  const home = path.join(root, 'home');
  const story = buildStory();
  const repo = path.join(root, 'repo');
  writeStoryRepository(repo, story.commits);
  const b = story.commits.find((c) => c.name === 'B')!;
  const bMail = story.mails.find((m) => m.id === b.expect)!;
  const others = story.mails.filter((m) => m !== bMail);
  const mbox = path.join(root, 'linux-mm.mbox');
  writeStoryMbox(mbox, others);

  const pool = new RepositoryPool({ home });
  const fresh = async () => {
    const own = new RepositoryPool({ home });
    try {
      return (await discussTimeline({ repo: await own.open(repo), path: 'mm/hmm.c', home })).entries;
    } finally {
      own.closeAll();
    }
  };
  try {
    const handle = await pool.open(repo);
    await attachArchive({ repo: handle, source: mbox, home });
    const first = await discussTimeline({ repo: handle, path: 'mm/hmm.c', home });
    const again = await discussTimeline({ repo: await pool.open(repo), path: 'mm/hmm.c', home });
    assert.equal(again.entries, first.entries, 'the second call reuses the links');
    assert.equal(again.catalog, first.catalog, 'and the catalog');
    assert.deepEqual(first.entries, await fresh(), 'what is kept is what a new handle links');
    // the mentions filter and a thread read use the kept work too
    assert.deepEqual(await discussionMentions({ repo: handle, path: 'mm/hmm.c', home, text: 'no thread says this' }), []);
    assert.equal((await discussTimeline({ repo: handle, path: 'mm/hmm.c', home })).entries, first.entries);
    const bOid = first.entries.find((e) => e.subject === b.subject)!.oid;
    assert.notEqual(first.entries.find((e) => e.oid === bOid)!.discussion?.messageId, b.expect);

    // the list gains B's patch: the next call sees the new generation and links again
    writeStoryMbox(mbox, [...others, bMail]);
    const later = await discussTimeline({ repo: handle, path: 'mm/hmm.c', home });
    assert.notEqual(later.entries, first.entries);
    assert.equal(later.entries.find((e) => e.oid === bOid)!.discussion?.messageId, b.expect);
    assert.deepEqual(later.entries, await fresh());
    const thread = await readThread({ repo: handle, messageId: b.expect!, home });
    assert.ok(thread.messages.some((m) => m.messageId === b.expect));
    assert.equal((await discussTimeline({ repo: handle, path: 'mm/hmm.c', home })).entries, later.entries);
  } finally {
    pool.closeAll();
  }
});

test('linking reads no file version where no message of the archives touches the file (a report without archives diffs each commit once)', async () => {
  const root = tmpDir('link-untouched');
  const home = path.join(root, 'home');
  const story = buildStory();
  const repo = path.join(root, 'repo');
  writeStoryRepository(repo, story.commits);
  const pool = new RepositoryPool({ home });
  try {
    const handle = await pool.open(repo);
    const timeline = await indexFileHistory({ repo: handle, path: 'mm/hmm.c' });
    const blobs = new Set(timeline.entries.map((e) => e.blob));
    const read = handle.store.readObject.bind(handle.store);
    let blobReads = 0;
    handle.store.readObject = async (oid, ...rest) => {
      if (blobs.has(oid)) blobReads++;
      return read(oid, ...rest);
    };
    const none = await linkTimeline(handle, timeline, new ArchiveCatalog([]));
    assert.equal(none.length, timeline.entries.length);
    assert.ok(none.every((e) => e.discussion === null));
    assert.equal(blobReads, 0, 'no version read: nothing to weigh the changed lines against');
    // the story's archive touches mm/hmm.c: the versions are read to weigh patches
    const mbox = path.join(root, 'all.mbox');
    writeStoryMbox(mbox, story.mails);
    await attachArchive({ repo: handle, source: mbox, home });
    const { catalog } = await discussTimeline({ repo: handle, path: 'mm/hmm.c', home });
    blobReads = 0;
    await linkTimeline(handle, timeline, catalog);
    assert.ok(blobReads > 0);
  } finally {
    pool.closeAll();
  }
});
