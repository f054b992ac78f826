import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { callMethod, NO_HOST } from '../../main/api/callMethod';

test(
  'the sample opens with its mailing-list archive attached: the HMM export story has its threads, offline',
  { timeout: 120_000 },
  async () => {
    const home = path.join(tmpDir('sample-archive'), 'home');
    const repositories = new RepositoryPool({ home });
    const ctx = { home, repositories };
    try {
      const { repo, path: file } = await callMethod('openSample', {}, ctx, NO_HOST);
      const archives = await callMethod('listArchives', { dir: repo.dir }, ctx, NO_HOST);
      assert.equal(archives.length, 1);
      assert.equal(archives[0]!.kind, 'mbox');
      assert.ok(fs.statSync(archives[0]!.source).size < 256 * 1024, 'the sample archive stays small');
      // opening again attaches nothing twice
      await callMethod('openSample', {}, ctx, NO_HOST);
      assert.equal((await callMethod('listArchives', { dir: repo.dir }, ctx, NO_HOST)).length, 1);

      const entries = await callMethod('discussion', { dir: repo.dir, path: file, follow: false }, ctx, NO_HOST);
      // every commit whose message carries a Link: is linked to the message it names, by that link
      const { gitdir } = repo;
      let linked = 0;
      for (const e of entries) {
        const message = execFileSync('git', ['--git-dir', gitdir, 'log', '-1', '--format=%B', e.oid], { encoding: 'utf8' });
        const link = /^Link: https:\/\/lore\.kernel\.org\/r\/(\S+)$/m.exec(message)?.[1] ?? null;
        if (!link) continue; // the side-branch fixes carry none (one repeats a posted change: linked by its patch)
        assert.equal(e.discussion?.messageId, link, e.subject);
        assert.equal(e.discussion.how, 'link', e.subject);
        linked++;
      }
      assert.ok(linked >= 25, `${linked} commits linked`);
      const bySubject = (s: string) => entries.find((e) => e.subject === s)?.discussion;

      const devmem = bySubject('mm/hmm: mark hmm_devmem_{add, add_resource} EXPORT_SYMBOL_GPL');
      assert.ok(devmem);
      assert.deepEqual(
        devmem.series?.versions.map((v) => v.version),
        [1, 2, 3],
      );
      assert.equal(devmem.series?.version, 3);
      assert.deepEqual(
        devmem.tags.map((t) => [t.tag, t.who.replace(/ <.*/, ''), t.inCommit]),
        [
          ['Reviewed-by', 'Carla Jensen', true],
          ['Acked-by', 'Eitan Levi', true],
        ],
      );
      const v1 = devmem.series!.versions[0]!.messageId;
      const v1Thread = await callMethod('discussionThread', { dir: repo.dir, messageId: v1 }, ctx, NO_HOST);
      assert.ok(
        v1Thread.messages.some((m) => m.tags.some((t) => t.tag === 'Nacked-by' && t.who.startsWith('Eitan Levi'))),
        'v1 was NAKed',
      );
      assert.ok(v1Thread.messages.some((m) => /^\+EXPORT_SYMBOL_GPL\(hmm_devmem_add\);$/m.test(m.text)));

      const mirror = bySubject('mm/hmm: only allow GPL modules to register a mirror');
      assert.deepEqual(
        mirror?.series?.versions.map((v) => v.version),
        [1, 2],
      );
      assert.ok(mirror.participants.some((p) => p.name === 'Morgan Hale'));
      const mirrorV1 = await callMethod(
        'discussionThread',
        { dir: repo.dir, messageId: mirror.series!.versions[0]!.messageId },
        ctx,
        NO_HOST,
      );
      assert.ok(mirrorV1.messages.some((m) => m.from.name === 'Gustav Lind' && m.tags.some((t) => t.tag === 'Nacked-by')));
      const revert = bySubject('Revert "mm/hmm: hmm_devmem_remove is only needed by GPL drivers"');
      assert.ok(revert && revert.replies >= 2);
    } finally {
      repositories.closeAll();
    }
  },
);
