import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildStory, writeStoryMbox, writeStoryRepository } from '../fixtures/generateArchive';
import { tmpDir } from '../fixtures/generateRepo';
import type { DiscussionEntry } from '../../shared/discussion';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');

function strata(args: string[], home: string): string {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: home },
    maxBuffer: 1 << 28,
  });
  assert.equal(r.status, 0, `strata ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test(
  'reports filter by discussion as the screen does: with a thread, thread mentions (decoded HTML and base64 bodies); HTML shows the conversation',
  { timeout: 180_000 },
  () => {
    const root = tmpDir('discussion-filter');
    const home = path.join(root, 'home');
    const story = buildStory();
    const repo = path.join(root, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const mbox = path.join(root, 'linux-mm.mbox');
    writeStoryMbox(mbox, story.mails);
    strata(['archive', 'add', '--repo', repo, mbox], home);
    const lens = JSON.parse(strata(['discussion', '--repo', repo, '--path', 'mm/hmm.c', '--json'], home)) as DiscussionEntry[];
    const report = (extra: string[], format = 'json'): string => {
      const out = path.join(root, `report-${extra.join('-').replace(/\W+/g, '_')}.${format}`);
      strata(['export', '--repo', repo, '--path', 'mm/hmm.c', '--format', format, '--out', out, ...extra], home);
      return fs.readFileSync(out, 'utf8');
    };
    const commitsOf = (json: string) => (JSON.parse(json) as { commits: { oid: string; discussion: unknown }[] }).commits.map((c) => c.oid);

    const discussed = lens.filter((e) => e.discussion).map((e) => e.oid);
    assert.ok(discussed.length >= 4 && discussed.length < lens.length, `some commits have a thread, some not (${discussed.length})`);
    assert.deepEqual(commitsOf(report(['--discussed'])), discussed);
    // only in an HTML-only reply to B's patch
    assert.deepEqual(commitsOf(report(['--mentions', 'WORKS HERE & there'])), [oids.get('B')]);
    // only in D's patch mail, whose body is base64
    assert.deepEqual(commitsOf(report(['--mentions', 'use the helpers'])), [oids.get('D')]);
    assert.deepEqual(commitsOf(report(['--mentions', 'no thread says this'])), []);

    const all = JSON.parse(report([])) as { commits: { oid: string; discussion: DiscussionEntry['discussion'] }[] };
    assert.deepEqual(
      all.commits.map((c) => [c.oid, c.discussion?.messageId ?? null]),
      lens.map((e) => [e.oid, e.discussion?.messageId ?? null]),
      'each commit carries the thread the lens links',
    );
    const html = report(['--mentions', 'works here'], 'html');
    assert.match(html, /Review thread: \[PATCH v2\] mm\/hmm: fix off-by-one in hmm_range_fault/);
    assert.match(html, /Works here &amp; there\./, 'the conversation, mail text escaped');
    assert.match(html, /Tested-by: Hanna Html &lt;hanna@example.org&gt;/);
    const md = report(['--discussed'], 'md');
    assert.match(md, /^- Replies: \d+ repl/m);
  },
);
