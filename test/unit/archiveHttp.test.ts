import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appendToInbox, buildStory, publicInboxMissing, writeStoryInbox, writeStoryRepository } from '../fixtures/generateArchive';
import { startCuttingProxy, startPublicInboxHttpd } from '../fixtures/publicInboxHttpd';
import { tmpDir } from '../fixtures/generateRepo';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { remoteArchiveDir } from '../../main/archive/remoteArchive';
import type { Progress } from '../../shared/model';

const missing = publicInboxMissing();
if (missing) console.warn(`SKIPPED archive-over-http tests: ${missing}`);

const commitsIn = (gitdir: string) =>
  Number(execFileSync('git', ['-C', gitdir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim());

test(
  'an inbox address served by public-inbox-httpd is cloned with Strata transport, indexed, and a fetch brings only the new messages',
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const root = tmpDir('archive-http');
    const home = path.join(root, 'home');
    const story = buildStory();
    const repo = path.join(root, 'repo');
    writeStoryRepository(repo, story.commits);
    const { inbox, env } = writeStoryInbox(root, story.mails.slice(0, -2));
    const httpd = await startPublicInboxHttpd(env);
    const repositories = new RepositoryPool({ home });
    const ctx = { home, repositories };
    try {
      const url = `${httpd.url}/linux-mm/`;
      const phases = new Set<string>();
      const added = await callMethod(
        'addArchive',
        { dir: repo, source: url },
        { ...ctx, onProgress: (p: Progress) => phases.add(p.phase) },
        NO_HOST,
      );
      const before = commitsIn(path.join(inbox, 'git', '0.git'));
      assert.equal(added.source, `${httpd.url}/linux-mm`);
      assert.equal(added.kind, 'v2');
      assert.equal(added.messages, before);
      assert.ok([...phases].includes('Receiving objects'), [...phases].join(', '));
      // the clone is Strata's, in STRATA_HOME, a bare epoch as public-inbox lays it out
      const local = path.join(remoteArchiveDir(home, added.source), 'git', '0.git');
      assert.equal(
        execFileSync('git', ['-C', local, 'rev-parse', 'HEAD'], { encoding: 'utf8' }),
        execFileSync('git', ['-C', path.join(inbox, 'git', '0.git'), 'rev-parse', 'HEAD'], { encoding: 'utf8' }),
      );
      execFileSync('git', ['-C', local, 'fsck', '--no-dangling'], { stdio: 'pipe' });

      // the list gains two messages through public-inbox-mda; a fetch gets and indexes only those
      appendToInbox(inbox, env, story.mails.slice(-2), 'linux-mm', true);
      const after = commitsIn(path.join(inbox, 'git', '0.git'));
      assert.equal(after, before + 2);
      const packsBefore = fs.readdirSync(path.join(local, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;
      const [fetched] = await callMethod('fetchArchives', { dir: repo }, ctx, NO_HOST);
      assert.deepEqual(fetched, { source: added.source, kind: 'v2', messages: after, added: 2, absent: 0 });
      assert.equal(fs.readdirSync(path.join(local, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length, packsBefore + 1);
      const [again] = await callMethod('fetchArchives', { dir: repo }, ctx, NO_HOST);
      assert.equal(again?.added, 0);

      // the new messages' thread reads offline, from the clone, with the server gone
      await httpd.close();
      const last = story.mails[story.mails.length - 1]!;
      const thread = await callMethod('discussionThread', { dir: repo, messageId: last.id }, ctx, NO_HOST);
      assert.ok(thread.messages.some((m) => m.messageId === last.id));
      const listed = await callMethod('listArchives', { dir: repo }, ctx, NO_HOST);
      assert.deepEqual(listed, [{ source: added.source, kind: 'v2', messages: after, added: 0, absent: 0 }]);
    } finally {
      await httpd.close();
      repositories.closeAll();
    }
  },
);

test(
  'an epoch address (<inbox>/0, as lore serves it) is an archive; an address that is no inbox and a cut connection say what to do',
  { skip: missing ?? false, timeout: 120_000 },
  async () => {
    const root = tmpDir('archive-http-epoch');
    const home = path.join(root, 'home');
    const story = buildStory();
    const repo = path.join(root, 'repo');
    writeStoryRepository(repo, story.commits);
    const { inbox, env } = writeStoryInbox(root, story.mails);
    const httpd = await startPublicInboxHttpd(env);
    const proxy = await startCuttingProxy(httpd.url);
    const repositories = new RepositoryPool({ home });
    const ctx = { home, repositories };
    try {
      await assert.rejects(callMethod('addArchive', { dir: repo, source: `${httpd.url}/no-such-list/` }, ctx, NO_HOST), (err: Error) => {
        assert.match(err.message, /is not a public-inbox inbox or epoch/);
        return true;
      });
      // the connection is cut in the middle of the pack: nothing half-written is kept, the same command resumes
      proxy.cutAfterBytes = 2000;
      const url = `${proxy.url}/linux-mm/0`;
      await assert.rejects(callMethod('addArchive', { dir: repo, source: url }, ctx, NO_HOST), (err: Error) => {
        assert.match(err.message, /stopped: .*run the same command again/s);
        return true;
      });
      assert.deepEqual(await callMethod('listArchives', { dir: repo }, ctx, NO_HOST), []);
      proxy.cutAfterBytes = null;
      const added = await callMethod('addArchive', { dir: repo, source: url }, ctx, NO_HOST);
      assert.equal(added.kind, 'epoch');
      assert.equal(added.messages, commitsIn(path.join(inbox, 'git', '0.git')));
    } finally {
      await proxy.close();
      await httpd.close();
      repositories.closeAll();
    }
  },
);
