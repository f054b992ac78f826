import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ArchiveCatalog } from '../../main/archive/archiveCatalog';
import { ArchiveIndex } from '../../main/archive/archiveIndex';
import type { ArchiveMessage } from '../../main/archive/archiveMessage';
import { locateArchive } from '../../main/archive/locateArchive';
import { kindOfGitdir } from '../../main/archive/readArchiveMessages';
import {
  appendToInbox,
  buildStory,
  publicInboxMissing,
  writeStoryInbox,
  writeStoryMbox,
  type StoryMail,
} from '../fixtures/generateArchive';
import { generateLargeArchive } from '../fixtures/generateLargeArchive';
import { tmpDir } from '../fixtures/generateRepo';

async function indexOf(home: string, mbox: string): Promise<ArchiveIndex> {
  const index = new ArchiveIndex(home, await locateArchive(mbox, kindOfGitdir));
  await index.update();
  return index;
}

/** What the opened index reads back equals what a whole load reads, and every id, ref and path finds its message. */
async function assertOpensAsLoaded(index: ArchiveIndex): Promise<ArchiveMessage[]> {
  const loaded = await index.load();
  const opened = await index.open();
  assert.equal(opened.count, loaded.length);
  const ascending = (found: readonly number[]) => found.every((x, i) => i === 0 || found[i - 1]! < x);
  loaded.forEach((m, n) => {
    assert.deepEqual(opened.read(n), m);
    assert.ok(ascending(opened.lookup('i', m.ids[0]!)), 'a lookup gives message numbers ascending');
    for (const id of [...m.ids, ...m.refs]) assert.ok(opened.lookup('i', id).includes(n), `${id} finds message ${n}`);
    for (const f of m.files ?? []) assert.ok(opened.lookup('p', f.path).includes(n), `${f.path} finds message ${n}`);
    if (m.changeId) assert.ok(opened.lookup('c', m.changeId).includes(n));
  });
  assert.deepEqual(opened.lookup('i', 'never-posted@example.org'), []);
  return loaded;
}

test('an archive index opens without reading its messages; a write a kill cut short is dropped, and the next fetch appends after it', async () => {
  const root = tmpDir('archive-index-files');
  const mails = buildStory().mails;
  const mbox = path.join(root, 'list.mbox');
  writeStoryMbox(mbox, mails.slice(0, -3));
  const home = path.join(root, 'home');
  const index = await indexOf(home, mbox);
  const before = await assertOpensAsLoaded(index);
  assert.equal(before.length, mails.length - 3);

  // a kill after the files were written and before state.json: each file has bytes the state does not count
  for (const f of ['messages.jsonl', 'offsets.bin', 'postings.bin']) fs.appendFileSync(path.join(index.dir, f), '{"ids":["half');
  assert.deepEqual(await assertOpensAsLoaded(index), before);

  writeStoryMbox(mbox, mails);
  assert.deepEqual(await index.update(), { added: 3, total: mails.length, absent: 0 });
  const after = await assertOpensAsLoaded(index);
  assert.deepEqual(after.slice(0, before.length), before);
  assert.deepEqual(
    after.slice(before.length).map((m) => m.ids[0]),
    mails.slice(-3).map((m) => m.id),
  );

  // an index written by an earlier Strata (format 1: no postings) is made again
  const state = JSON.parse(fs.readFileSync(path.join(index.dir, 'state.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(index.dir, 'state.json'), JSON.stringify({ ...state, format: 1 }));
  assert.deepEqual(await index.update(), { added: mails.length, total: mails.length, absent: 0 });
  const whole = await assertOpensAsLoaded(index);

  // format 3 (lines in number order, as every index of format 3 has them) is read as it is: an upgrade indexes nothing again
  const stateFile = path.join(index.dir, 'state.json');
  const current = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(stateFile, JSON.stringify({ ...current, format: 3 }));
  assert.deepEqual(await index.update(), { added: 0, total: mails.length, absent: 0 });
  assert.deepEqual(await assertOpensAsLoaded(index), whole);
  assert.equal((JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { format: number }).format, current.format);
});

/** The threading the catalog must give, computed the plain way over every message (union-find, parent chains). */
function oracle(archives: readonly (readonly ArchiveMessage[])[]) {
  const held: ArchiveMessage[] = [];
  const seen = new Set<string>();
  archives.forEach((list, a) => {
    for (const m of list) {
      const key = JSON.stringify([m.ids[0], m.date, m.email, m.subject]);
      if (a > 0 && seen.has(key)) continue;
      seen.add(key);
      held.push(m);
    }
  });
  const up = new Map<string, string>();
  const find = (x: string): string => {
    while (up.has(x) && up.get(x) !== x) x = up.get(x)!;
    return x;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) up.set(ra, rb);
  };
  for (const m of held) for (const x of [...m.ids, ...m.refs]) union(m.ids[0]!, x);
  const parent = new Map<string, string>();
  for (const m of held) if (m.refs.length) parent.set(m.ids[0]!, m.refs.at(-1)!);
  for (const m of held) for (let i = 1; i < m.refs.length; i++) if (!parent.has(m.refs[i]!)) parent.set(m.refs[i]!, m.refs[i - 1]!);
  return { held, thread: (m: ArchiveMessage) => find(m.ids[0]!), parent: (id: string) => parent.get(id) ?? null };
}

test('the catalog, asking the postings only what each question is about, threads as a whole-archive pass does, across two archives with cross-posts', async () => {
  const root = tmpDir('archive-index-catalog');
  const mails = buildStory().mails;
  const first = path.join(root, 'linux-mm.mbox');
  writeStoryMbox(first, mails);
  // a second list: a third of the mails cross-posted (the same mail), and replies to the first list's messages
  const cross: StoryMail[] = mails.filter((_, i) => i % 3 === 0);
  const replies: StoryMail[] = mails
    .filter((_, i) => i % 5 === 1)
    .map((m, i) => ({
      ...m,
      id: `other-list-${i}@example.org`,
      subject: `Re: ${m.subject}`,
      references: [m.id],
      inReplyTo: m.id,
      date: m.date + 60,
    }));
  // a chain that gives only In-Reply-To (a thread is found upwards from its leaf too), and a References list that
  // skips a level (a message's own References outrank that guess at its parent)
  const r0 = replies[0]!;
  const deep: StoryMail[] = [
    { ...r0, id: 'deep-1@example.org', references: [r0.id], inReplyTo: r0.id, date: r0.date + 120 },
    { ...r0, id: 'deep-2@example.org', references: ['deep-1@example.org'], inReplyTo: 'deep-1@example.org', date: r0.date + 180 },
    { ...r0, id: 'skip@example.org', references: [mails[0]!.id, r0.id], inReplyTo: r0.id, date: r0.date + 240 },
  ];
  const second = path.join(root, 'linux-kernel.mbox');
  writeStoryMbox(second, [...cross, ...replies, ...deep]);
  const home = path.join(root, 'home');
  const indexes = [await indexOf(home, first), await indexOf(home, second)];
  const lists = await Promise.all(indexes.map((i) => i.load()));
  const want = oracle(lists);
  const catalog = new ArchiveCatalog(await Promise.all(indexes.map((i) => i.open())));

  const leaf = new ArchiveCatalog(await Promise.all(indexes.map((i) => i.open())));
  assert.ok(
    leaf.threadMessages(leaf.threadOf(leaf.message('deep-2@example.org')!)).some((m) => m.ids[0] === r0.inReplyTo),
    'the thread asked from its leaf reaches the patch the chain started from',
  );
  assert.equal(catalog.parentId(r0.id), r0.inReplyTo);
  const ids = new Set(lists.flatMap((l) => l.flatMap((m) => [...m.ids, ...m.refs])));
  for (const id of ids) assert.equal(catalog.parentId(id), want.parent(id), `parent of ${id}`);
  // same thread for two messages exactly where the whole-archive pass says so, asked one message at a time
  const byOracle = new Map<string, number>();
  for (const m of want.held) {
    const c = catalog.message(m.ids[0]!)!;
    const t = catalog.threadOf(c);
    const known = byOracle.get(want.thread(m));
    if (known === undefined) byOracle.set(want.thread(m), t);
    else assert.equal(t, known, `${m.ids[0]} is in its thread`);
  }
  assert.equal(new Set(byOracle.values()).size, byOracle.size, 'no two threads merged');
  assert.equal(catalog.all().length, want.held.length, 'a cross-posted mail is kept once');
  for (const r of replies) {
    const m = catalog.message(r.id)!;
    assert.equal(m.archive, 1);
    assert.equal(catalog.threadOf(m), catalog.threadOf(catalog.message(r.inReplyTo!)!), 'a reply on another list joins the thread');
    assert.ok(catalog.descendants(r.inReplyTo!).includes(m));
  }
});

test(
  'an inbox of several epochs, indexed then fetched: messages are numbered in the archive order (epoch by epoch, oldest first), though read newest first',
  { skip: publicInboxMissing() ?? false, timeout: 120_000 },
  async () => {
    const root = tmpDir('archive-epochs-order');
    const mails = buildStory().mails;
    const [a, b, c] = [Math.floor(mails.length / 3), Math.floor((mails.length * 2) / 3), Math.floor((mails.length * 5) / 6)];
    // epoch 0 and epoch 1, each written by public-inbox as its own history (as a list gets a new epoch every gigabyte)
    const { inbox } = writeStoryInbox(root, mails.slice(0, a));
    const next = writeStoryInbox(path.join(root, 'next'), mails.slice(a, b));
    const epoch1 = path.join(inbox, 'git', '1.git');
    execFileSync('git', ['clone', '-q', '--bare', path.join(next.inbox, 'git', '0.git'), epoch1]);
    let index = new ArchiveIndex(path.join(root, 'home'), await locateArchive(inbox, kindOfGitdir));
    const first = await index.update();

    /** The archive's own order: each epoch's message blobs along its history, oldest first, epochs in number order. */
    const archiveOrder = (): string[] => {
      const epochs = fs
        .readdirSync(path.join(inbox, 'git'))
        .filter((e) => /^\d+\.git$/.test(e))
        .sort((a, b) => parseInt(a) - parseInt(b));
      return epochs.flatMap((e) => {
        const gitdir = path.join(inbox, 'git', e);
        const commits = execFileSync('git', ['--git-dir', gitdir, 'rev-list', '--reverse', '--first-parent', 'HEAD'], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean);
        const blobs = execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch-check=%(objectname) %(objecttype)'], {
          encoding: 'utf8',
          input: `${commits.map((c) => `${c}:m`).join('\n')}\n`,
        });
        return blobs
          .split('\n')
          .filter((l) => l.endsWith(' blob'))
          .map((l) => l.split(' ')[0]!);
      });
    };
    assert.equal(first.added, archiveOrder().length);
    assert.deepEqual(
      (await assertOpensAsLoaded(index)).map((m) => (m.loc as { blob: string }).blob),
      archiveOrder(),
    );

    // new messages in both epochs, then a third epoch
    appendToInbox(next.inbox, next.env, mails.slice(b, c));
    execFileSync('git', ['--git-dir', epoch1, 'fetch', '-q', path.join(next.inbox, 'git', '0.git'), '+refs/heads/*:refs/heads/*']);
    const last = writeStoryInbox(path.join(root, 'last'), mails.slice(c));
    execFileSync('git', ['clone', '-q', '--bare', path.join(last.inbox, 'git', '0.git'), path.join(inbox, 'git', '2.git')]);
    index = new ArchiveIndex(path.join(root, 'home'), await locateArchive(inbox, kindOfGitdir)); // as `strata archive fetch` finds it: three epochs
    const fetched = await index.update();
    assert.equal(fetched.total, archiveOrder().length);
    assert.equal(fetched.added, archiveOrder().length - first.added, 'only the new messages are read');
    assert.deepEqual(
      (await assertOpensAsLoaded(index)).map((m) => (m.loc as { blob: string }).blob),
      archiveOrder(),
    );
    assert.deepEqual(
      fs.readdirSync(index.dir).sort(),
      ['messages.jsonl', 'offsets.bin', 'postings.bin', 'state.json'],
      'nothing left beside the index',
    );
  },
);

test('an epoch of many batches, indexed then fetched: numbered in the archive order, every lookup ascending, nothing left beside the index', async () => {
  const root = tmpDir('archive-many-batches');
  const inbox = path.join(root, 'inbox');
  const gitdir = path.join(inbox, 'git', '0.git');
  /** The epoch's message blobs along its history, oldest first. */
  const archiveOrder = (): string[] => {
    const commits = execFileSync('git', ['--git-dir', gitdir, 'rev-list', '--reverse', '--first-parent', 'HEAD'], { encoding: 'utf8' });
    return execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch-check=%(objectname)'], {
      encoding: 'utf8',
      input: commits.replace(/\n/g, ':m\n'),
    })
      .split('\n')
      .filter(Boolean);
  };
  // 1,700 messages are four batches of the parse pipeline (500 a batch), then a fetch of 600 more is two
  await generateLargeArchive({ inbox, messages: 1700 });
  const index = new ArchiveIndex(path.join(root, 'home'), await locateArchive(inbox, kindOfGitdir));
  assert.deepEqual(await index.update(), { added: 1700, total: 1700, absent: 0 });
  assert.deepEqual(
    (await assertOpensAsLoaded(index)).map((m) => (m.loc as { blob: string }).blob),
    archiveOrder(),
  );
  await generateLargeArchive({ inbox, messages: 600, from: 1700 });
  assert.deepEqual(await index.update(), { added: 600, total: 2300, absent: 0 });
  const loaded = await assertOpensAsLoaded(index);
  assert.deepEqual(
    loaded.map((m) => (m.loc as { blob: string }).blob),
    archiveOrder(),
  );
  // a message and its replies, across the two updates, are found in the order they were posted
  const opened = await index.open();
  for (const m of loaded.filter((x) => x.refs.length).slice(-50)) {
    const found = opened.lookup('i', m.refs.at(-1)!);
    assert.ok(found.length >= 2 && found.every((x, i) => i === 0 || found[i - 1]! < x));
  }
  assert.deepEqual(fs.readdirSync(index.dir).sort(), ['messages.jsonl', 'offsets.bin', 'postings.bin', 'state.json']);
});
