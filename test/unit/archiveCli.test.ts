import { RepositoryPool } from '../../main/repository/repositoryPool';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildStory, writeStoryMbox, writeStoryRepository } from '../fixtures/generateArchive';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import type { DiscussionEntry } from '../../shared/discussion';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');

function strata(args: string[], home: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: home },
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test(
  'strata archive add|list|fetch and strata discussion --json: one entry per `strata log --json` entry, same order',
  { timeout: 120_000 },
  async () => {
    const root = tmpDir('archive-cli');
    const home = path.join(root, 'home');
    const story = buildStory();
    const repo = path.join(root, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const mbox = path.join(root, 'linux-mm.mbox');
    writeStoryMbox(mbox, story.mails.slice(0, 10));

    let r = strata(['archive', 'list', '--repo', repo], home);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /No archive attached/);
    r = strata(['archive', 'add', '--repo', repo, mbox], home);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^mbox +10 messages \(10 indexed now\)/);
    r = strata(['archive', 'list', '--repo', repo, '--json'], home);
    assert.deepEqual(JSON.parse(r.out), [{ source: mbox, kind: 'mbox', messages: 10, added: 0, absent: 0 }]);

    // the list grows: a fetch indexes only what was appended
    writeStoryMbox(mbox, story.mails);
    r = strata(['archive', 'fetch', '--repo', repo], home);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^mbox +${story.mails.length} messages \\(${story.mails.length - 10} new\\)`));

    r = strata(['discussion', '--repo', repo, '--path', 'mm/hmm.c', '--json'], home);
    assert.equal(r.code, 0, r.err);
    const entries = JSON.parse(r.out) as DiscussionEntry[];
    const log = JSON.parse(strata(['log', '--repo', repo, '--path', 'mm/hmm.c', '--json'], home).out) as { oid: string; subject: string }[];
    assert.deepEqual(
      entries.map((e) => [e.oid, e.subject]),
      log.map((e) => [e.oid, e.subject]),
    );
    assert.deepEqual(
      entries.map((e) => e.oid),
      gitLogOids(repo, 'mm/hmm.c'),
    );
    const byName = new Map(entries.map((e) => [[...oids].find(([, o]) => o === e.oid)![0], e.discussion]));
    for (const c of story.commits.filter((x) => byName.has(x.name))) assert.equal(byName.get(c.name)?.messageId ?? null, c.expect, c.name);

    // the API answers the same, parameters checked against the contract
    const repositories = new RepositoryPool({ home });
    const viaApi = await callMethod('discussion', { dir: repo, path: 'mm/hmm.c', follow: false }, { home, repositories }, NO_HOST);
    assert.deepEqual(viaApi, entries);
    const thread = await callMethod('discussionThread', { dir: repo, messageId: '<a3-1@example.org>' }, { home, repositories }, NO_HOST);
    assert.equal(thread.root, 'a3-cover@example.org');
    assert.deepEqual(
      thread.messages.map((m) => [m.messageId, m.parent]),
      [
        ['a3-cover@example.org', null],
        ['a3-1@example.org', 'a3-cover@example.org'],
        ['a3-2@example.org', 'a3-cover@example.org'],
        ['a3-1-rb@example.org', 'a3-1@example.org'],
        ['a3-ack@example.org', 'a3-cover@example.org'],
      ],
    );
    assert.match(thread.messages[1]!.text, /^\+\treturn walk_range\(range, 1\);$/m);
    assert.deepEqual(thread.messages[3]!.tags, [{ tag: 'Reviewed-by', who: 'Rita Reviewer <rita@example.org>' }]);
    await assert.rejects(callMethod('discussionThread', { dir: repo, messageId: 'a b' }, { home, repositories }, NO_HOST), /Message-ID/);

    // --archive for one run only: nothing is attached by it
    const other = path.join(root, 'other.mbox');
    writeStoryMbox(
      other,
      story.mails.filter((m) => m.id.startsWith('b')),
    );
    const home2 = path.join(root, 'home2');
    r = strata(['discussion', '--repo', repo, '--path', 'mm/hmm.c', '--archive', other], home2);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /patch +0\.90 +2 replies v2\/2 mm\/hmm: check the range end before walking +<b2@example.org> +\[Tested-by\]/);
    assert.match(strata(['archive', 'list', '--repo', repo], home2).out, /No archive attached/);

    // an address is cloned (test/unit/archiveHttp.test.ts); one that does not answer says so
    r = strata(['archive', 'add', '--repo', repo, 'http://127.0.0.1:1/linux-mm/'], home);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /Could not reach 127\.0\.0\.1:1: .*Check the address and the network/);
    r = strata(['archive', 'add', '--repo', repo, path.join(root, 'nope')], home);
    assert.equal(r.code, 2);
    assert.match(r.err, /does not exist/);
  },
);
