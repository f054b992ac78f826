import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  appendToInbox,
  buildStory,
  publicInboxMissing,
  STORY_PEOPLE,
  writeStoryInbox,
  writeStoryMbox,
  writeStoryRepository,
  type Story,
  type StoryMail,
} from '../fixtures/generateArchive';
import { tmpDir } from '../fixtures/generateRepo';
import { ArchiveIndex } from '../../main/archive/archiveIndex';
import { ArchiveCatalog } from '../../main/archive/archiveCatalog';
import { locateArchive } from '../../main/archive/locateArchive';
import { ArchiveBodyReader, kindOfGitdir } from '../../main/archive/readArchiveMessages';
import { decodeMailBody } from '../../main/archive/decodeMailBody';
import { parseMailHeaders } from '../../main/archive/parseMailHeaders';
import { discussFileHistory } from '../../main/archive/discussFileHistory';
import { withRepository } from '../../main/repository/repository';
import type { DiscussionEntry } from '../../shared/discussion';

const missing = publicInboxMissing();
if (missing) process.stderr.write(`\n*** SKIPPED: the public-inbox archive tests: ${missing}. The mbox tests still run. ***\n\n`);

interface World {
  root: string;
  story: Story;
  repo: string;
  stripped: string;
  oids: Map<string, string>;
  strippedOids: Map<string, string>;
  mbox: string;
  inbox: { inbox: string; env: NodeJS.ProcessEnv } | null;
}

let world: Promise<World> | null = null;
function setup(): Promise<World> {
  world ??= (async () => {
    const root = tmpDir('archive-story');
    const story = buildStory();
    const repo = path.join(root, 'repo');
    const stripped = path.join(root, 'repo-without-links');
    const oids = writeStoryRepository(repo, story.commits);
    const strippedOids = writeStoryRepository(stripped, story.commits, { stripLinks: true });
    const mbox = path.join(root, 'linux-mm.mbox');
    writeStoryMbox(mbox, story.mails);
    const inbox = missing ? null : writeStoryInbox(root, story.mails);
    if (inbox) execFileSync('public-inbox-index', [inbox.inbox], { env: inbox.env, stdio: 'pipe' });
    return { root, story, repo, stripped, oids, strippedOids, mbox, inbox };
  })();
  return world;
}

async function discuss(
  w: World,
  repo: string,
  file: string,
  archive: string,
  home = path.join(w.root, 'home'),
): Promise<DiscussionEntry[]> {
  return withRepository({ dir: repo, home }, (r) => discussFileHistory({ repo: r, path: file, archives: [archive], home }));
}

/** Precision and recall of the links over every commit of both files, against what the story says carried each. */
async function score(w: World, repo: string, oids: Map<string, string>, archive: string, withLinks: boolean) {
  let made = 0;
  let right = 0;
  let expected = 0;
  const wrong: string[] = [];
  for (const file of ['mm/hmm.c', 'mm/other.c']) {
    for (const e of await discuss(w, repo, file, archive)) {
      const c = w.story.commits.find((x) => oids.get(x.name) === e.oid)!;
      const want = withLinks ? c.expect : c.expectWithoutLinks;
      if (want) expected++;
      if (e.discussion) made++;
      if (want && e.discussion?.messageId === want) right++;
      else if (want !== (e.discussion?.messageId ?? null))
        wrong.push(`${c.name}: ${e.discussion?.messageId ?? 'none'} (${e.discussion?.how ?? '-'}) instead of ${want ?? 'none'}`);
    }
  }
  return { precision: made ? right / made : 1, recall: expected ? right / expected : 1, wrong, made, expected };
}

for (const kind of ['v2 inbox', 'mbox'] as const) {
  test(
    `linking precision and recall on the ${kind}, with Link trailers and with them stripped`,
    { skip: kind === 'v2 inbox' && missing ? missing : false, timeout: 180_000 },
    async (t) => {
      const w = await setup();
      const archive = kind === 'mbox' ? w.mbox : w.inbox!.inbox;
      const linked = await score(w, w.repo, w.oids, archive, true);
      const bare = await score(w, w.stripped, w.strippedOids, archive, false);
      t.diagnostic(
        `with Link trailers: precision ${linked.precision.toFixed(2)}, recall ${linked.recall.toFixed(2)} (${linked.made} links, ${linked.expected} expected)`,
      );
      t.diagnostic(
        `without: precision ${bare.precision.toFixed(2)}, recall ${bare.recall.toFixed(2)} (${bare.made} links, ${bare.expected} expected)`,
      );
      assert.deepEqual(linked.wrong, []);
      assert.deepEqual(bare.wrong, []);
      assert.equal(linked.precision, 1);
      assert.equal(linked.recall, 1);
      assert.equal(bare.precision, 1);
      assert.equal(bare.recall, 1);
    },
  );
}

test(
  'each commit says how it was linked: Link to the cover or a sibling, patch content past a reworded subject, subject alone',
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const w = await setup();
    const by = async (repo: string, oids: Map<string, string>, file: string) => {
      const out = new Map<string, DiscussionEntry>();
      for (const e of await discuss(w, repo, file, w.inbox!.inbox)) out.set([...oids].find(([, o]) => o === e.oid)![0], e);
      return out;
    };
    const hmm = await by(w.repo, w.oids, 'mm/hmm.c');
    const other = await by(w.repo, w.oids, 'mm/other.c');
    const bare = await by(w.stripped, w.strippedOids, 'mm/hmm.c');
    const how = (m: Map<string, DiscussionEntry>, n: string) => [
      m.get(n)!.discussion?.how ?? null,
      m.get(n)!.discussion?.confidence ?? null,
    ];
    assert.deepEqual(how(hmm, 'A-1'), ['link', 0.95]); // the Link names the cover letter: the thread's 1/2 is the answer
    assert.deepEqual(how(other, 'A-2'), ['link', 0.95]); // the Link names the sibling 1/2
    assert.deepEqual(how(hmm, 'B'), ['patch', 0.9]); // reworded subject, v2's content
    assert.deepEqual(how(hmm, 'C'), ['patch', 0.9]); // the lore URL in the body names an unrelated thread
    assert.deepEqual(how(hmm, 'D'), ['link', 1]);
    assert.deepEqual(how(hmm, 'E'), ['link', 1]);
    assert.deepEqual(how(hmm, 'F'), ['subject', 0.4]);
    assert.deepEqual(how(hmm, 'G'), [null, null]);
    assert.deepEqual(how(hmm, 'H'), [null, null]);
    assert.deepEqual(how(bare, 'D'), ['patch', 0.9]); // found through the base64 body
    assert.deepEqual(how(bare, 'E'), ['patch', 0.9]); // and through the quoted-printable one
    assert.deepEqual(how(bare, 'A-1'), ['patch', 0.9]); // v3, not v1 or v2, whose diffs differ

    const a1 = hmm.get('A-1')!.discussion!;
    assert.deepEqual(a1.series, {
      version: 3,
      versions: w.story.seriesA.map((id, i) => ({
        version: i + 1,
        messageId: id,
        date: new Date(w.story.mails.find((m) => m.id === id)!.date * 1000).toISOString(),
      })),
    });
    assert.deepEqual(a1.tags, [
      { tag: 'Reviewed-by', who: 'Rita Reviewer <rita@example.org>', messageId: 'a3-1-rb@example.org', inCommit: true },
      { tag: 'Acked-by', who: 'Mark Maintainer <mark@example.org>', messageId: 'a3-ack@example.org', inCommit: false },
    ]);
    assert.deepEqual(a1.thread, {
      root: 'a3-cover@example.org',
      messages: 5,
      messageIds: ['a3-cover@example.org', 'a3-1@example.org', 'a3-2@example.org', 'a3-1-rb@example.org', 'a3-ack@example.org'],
    });
    assert.equal(a1.replies, 1);
    assert.deepEqual(
      a1.participants.map((p) => [p.email, p.messages]),
      [
        ['jane@example.org', 3],
        ['rita@example.org', 1],
        ['mark@example.org', 1],
      ],
    );
    assert.deepEqual(
      other.get('A-2')!.discussion!.tags.map((t) => t.tag),
      ['Acked-by'],
    ); // the cover's ack is for 2/2 too; Rita's review is not
    const b = hmm.get('B')!.discussion!;
    assert.deepEqual(
      b.series?.versions.map((v) => [v.version, v.messageId]),
      [
        [1, 'b1@example.org'],
        [2, 'b2@example.org'],
      ],
    );
    assert.deepEqual(b.tags, [
      { tag: 'Tested-by', who: 'Hanna Html <hanna@example.org>', messageId: 'b2-html@example.org', inCommit: true },
    ]); // given in HTML only
    assert.equal(b.subject, '[PATCH v2] mm/hmm: fix off-by-one in hmm_range_fault');
    const c = hmm.get('C')!.discussion!;
    assert.equal(c.thread.root, 'c@example.org');
    assert.deepEqual(c.thread.messageIds, ['c@example.org', 'c-noparent@example.org']);
  },
);

test(
  "thread membership equals public-inbox-index's (over.sqlite3 tid), duplicate Message-ID and missing parents included",
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const w = await setup();
    const over = findFile(w.inbox!.inbox, 'over.sqlite3');
    assert.ok(over, 'public-inbox-index wrote no over.sqlite3');
    const rows = execFileSync(
      'python3',
      [
        '-c',
        `
import sqlite3, zlib, re, sys
db = sqlite3.connect(sys.argv[1])
for num, tid, ddd in db.execute('select num, tid, ddd from over where num > 0'):
    text = zlib.decompress(ddd).decode('utf-8', 'replace')
    blob = next(l for l in text.split('\\n') if re.fullmatch('[0-9a-f]{40}', l))
    print(blob, tid)
`,
        over,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]);
    const index = new ArchiveIndex(path.join(w.root, 'home-tid'), await locateArchive(w.inbox!.inbox, kindOfGitdir));
    await index.update();
    const messages = await index.load();
    const catalog = new ArchiveCatalog([messages]);
    assert.equal(rows.length, messages.length, 'every message public-inbox holds is indexed, the duplicate too');
    const ours = new Map(catalog.all().map((m) => ['blob' in m.loc ? m.loc.blob : '', catalog.threadOf(m)]));
    const tidToOurs = new Map<string, Set<number>>();
    const oursToTid = new Map<number, Set<string>>();
    for (const [blob, tid] of rows) {
      const t = ours.get(blob);
      assert.notEqual(t, undefined, `blob ${blob} not indexed`);
      (tidToOurs.get(tid) ?? tidToOurs.set(tid, new Set()).get(tid)!).add(t!);
      (oursToTid.get(t!) ?? oursToTid.set(t!, new Set()).get(t!)!).add(tid);
    }
    for (const [tid, set] of tidToOurs) assert.equal(set.size, 1, `public-inbox thread ${tid} is split in ours`);
    for (const [t, set] of oursToTid) assert.equal(set.size, 1, `our thread ${t} spans public-inbox threads ${[...set].join(', ')}`);
    assert.ok(tidToOurs.size >= 8, `${tidToOurs.size} threads`);
    const dup = catalog.all().filter((m) => m.ids.includes('b1@example.org'));
    assert.equal(dup.length, 2);
    assert.equal(catalog.threadOf(dup[0]!), catalog.threadOf(dup[1]!));
    assert.equal(catalog.rootId('orphan@example.org'), 'never-seen@example.org'); // a placeholder root
    assert.equal(catalog.parentId('c-noparent@example.org'), 'missing-parent@example.org');
    assert.equal(catalog.rootId('c-noparent@example.org'), 'c@example.org');
  },
);

function findFile(dir: string, name: string): string | null {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory() && !e.name.endsWith('.git')) {
      const f = findFile(p, name);
      if (f) return f;
    }
  }
  return null;
}

test(
  'bodies are read on demand from the archive and decoded: mislabelled charset, HTML only, base64, quoted-printable',
  { skip: missing ?? false, timeout: 60_000 },
  async () => {
    const w = await setup();
    const location = await locateArchive(w.inbox!.inbox, kindOfGitdir);
    const index = new ArchiveIndex(path.join(w.root, 'home-bodies'), location);
    await index.update();
    const messages = await index.load();
    const reader = new ArchiveBodyReader(location);
    try {
      const text = async (id: string) => {
        const m = messages.find((x) => x.ids[0] === id)!;
        const raw = reader.read(m.loc);
        return (await decodeMailBody(raw, parseMailHeaders(raw))).text;
      };
      assert.match(await text('b2-latin@example.org'), /^Gr\uFFFD+e aus K\uFFFDln: this looks right/);
      assert.match(await text('b2-html@example.org'), /Works here & there\.\nTested-by: Hanna Html <hanna@example.org>/);
      assert.match(await text('d@example.org'), /^\+\treturn pfn_to_hmm\(range->start\);$/m);
      assert.match(await text('e@example.org'), /^\+\treturn range->start == 11 \? 0 : 1; \/\* café \*\/$/m);
      assert.equal(messages.find((x) => x.ids[0] === 'b2-html@example.org')!.html, true);
      assert.equal(messages.find((x) => x.ids[0] === 'b2-latin@example.org')!.name, 'Jörg Latin');
    } finally {
      reader.close();
    }
  },
);

test(
  'a fetch indexes only the new messages (delivered by public-inbox-mda); a new review shows on the next run',
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const w = await setup();
    const root = tmpDir('archive-fetch');
    const story = buildStory();
    const { inbox, env } = writeStoryInbox(root, story.mails);
    const home = path.join(root, 'home');
    const index = new ArchiveIndex(home, await locateArchive(inbox, kindOfGitdir));
    assert.deepEqual(await index.update(), { added: story.mails.length, total: story.mails.length, absent: 0 });
    assert.deepEqual(await index.update(), { added: 0, total: story.mails.length, absent: 0 });
    const b2 = story.mails.find((m) => m.id === 'b2@example.org')!;
    const late: StoryMail[] = [
      {
        id: 'b2-late-review@example.org',
        from: STORY_PEOPLE.rita,
        date: b2.date + 86400 * 6,
        subject: `Re: ${b2.subject}`,
        references: [b2.id],
        inReplyTo: b2.id,
        text: 'Reviewed-by: Rita Reviewer <rita@example.org>\n',
      },
      {
        id: 'new-thread@example.org',
        from: STORY_PEOPLE.gus,
        date: b2.date + 86400 * 7,
        subject: '[PATCH] mm: something new',
        text: 'New.\n',
      },
    ];
    appendToInbox(inbox, env, late, 'linux-mm', true);
    assert.deepEqual(await index.update(), { added: 2, total: story.mails.length + 2, absent: 0 });
    const entries = await withRepository({ dir: w.repo, home }, (repo) =>
      discussFileHistory({ repo, path: 'mm/hmm.c', archives: [inbox], home }),
    );
    const b = entries.find((e) => e.oid === w.oids.get('B'))!.discussion!;
    assert.deepEqual(
      b.tags.map((t) => [t.tag, t.who, t.inCommit]),
      [
        ['Tested-by', 'Hanna Html <hanna@example.org>', true],
        ['Reviewed-by', 'Rita Reviewer <rita@example.org>', false],
      ],
    );
  },
);

test(
  'one epoch, a v1 inbox and an mbox index the same messages as the v2 inbox',
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const w = await setup();
    const home = path.join(w.root, 'home-kinds');
    const load = async (source: string, kind: string) => {
      const location = await locateArchive(source, kindOfGitdir);
      assert.equal(location.kind, kind);
      const index = new ArchiveIndex(home, location);
      await index.update();
      return (await index.load())
        .map((m) => JSON.stringify([m.ids[0], m.refs, m.subject, m.email, m.date, m.files ?? [], m.tags ?? []]))
        .sort();
    };
    const v2 = await load(w.inbox!.inbox, 'v2');
    assert.deepEqual(await load(path.join(w.inbox!.inbox, 'git', '0.git'), 'epoch'), v2);
    assert.deepEqual(await load(w.mbox, 'mbox'), v2);
    const v1root = tmpDir('archive-v1');
    const v1 = writeStoryInbox(v1root, w.story.mails, 'linux-mm-v1', 1);
    const fromV1 = await load(v1.inbox, 'v1');
    // a v1 inbox refuses a second message with a Message-ID it holds: all but the duplicate
    assert.deepEqual(
      fromV1,
      v2.filter((x) => !x.includes('Dup Sender') && !x.includes('dupe@example.org')),
    );
    assert.equal(fromV1.length, v2.length - 1);
  },
);
