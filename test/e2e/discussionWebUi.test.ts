import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { buildStory, publicInboxMissing, writeStoryInbox, writeStoryMbox, writeStoryRepository } from '../fixtures/generateArchive';
import { startCuttingProxy, startPublicInboxHttpd } from '../fixtures/publicInboxHttpd';
import { tmpDir } from '../fixtures/generateRepo';
import { attributes, hostAndBrowser, NO_CHROMIUM, SCREENSHOTS as outDir, STRATA_BIN as bin } from '../fixtures/webHostProcess';

/** The app on mm/hmm.c of `repo`, the commit selected, its Discussion tab's "Attach an archive…" opened. */
async function openArchivesPanel(t: TestContext, home: string, repo: string, oid: string) {
  const { url, browser } = await hostAndBrowser(t, home, ['--repo', repo, '--path', 'mm/hmm.c']);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator(`.commit-row[data-oid="${oid}"]`).click({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Discussion' }).click();
  await page.getByRole('button', { name: 'Attach an archive…' }).click();
  return { page, dialog: page.getByRole('dialog', { name: 'Mailing-list archives' }) };
}

test(
  "the Discussion tab opens a commit's thread: replies, tags given and carried, HTML and mislabelled mail shown as text",
  {
    skip: NO_CHROMIUM,
    timeout: 180_000,
  },
  async (t) => {
    const dir = tmpDir('discussion-ui');
    const home = path.join(dir, 'home');
    const story = buildStory();
    const repo = path.join(dir, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const mbox = path.join(dir, 'linux-mm.mbox');
    writeStoryMbox(mbox, story.mails);
    const add = spawnSync(process.execPath, [bin, 'archive', 'add', '--repo', repo, mbox], {
      env: { ...process.env, STRATA_HOME: home },
      encoding: 'utf8',
    });
    assert.equal(add.status, 0, add.stderr);
    const { url, browser } = await hostAndBrowser(t, home, ['--repo', repo, '--path', 'mm/hmm.c']);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    await page.locator(`.commit-row[data-oid="${oids.get('B')}"]`).click({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Discussion' }).click();
    const thread = page.locator('.discussion .thread');
    await thread.locator('.mail').nth(2).waitFor({ timeout: 60_000 });
    const header = await page.locator('.discussion header').innerText();
    assert.match(header, /\[PATCH v2\] mm\/hmm: fix off-by-one in hmm_range_fault/);
    assert.match(header, /the same lines are added and removed/);
    assert.match(header, /Tested-by: Hanna Html <hanna@example.org> ✓/);
    assert.match(header, /v1 · 2019-04-01/);
    const mails = await thread.locator('.mail').allInnerTexts();
    assert.equal(mails.length, 3);
    assert.match(mails[1]!, /Works here & there\./); // HTML-only mail, as text
    assert.match(mails[2]!, /Gr\uFFFD+e aus K\uFFFDln/); // Latin-1 bytes labelled UTF-8
    assert.equal(await thread.locator('.mail-this').count(), 1);
    // the series' v1 is another thread: its tab shows it
    await page.getByRole('button', { name: /^v1 · / }).click();
    await thread.locator('.mail', { hasText: 'My client reused the Message-ID' }).waitFor({ timeout: 30_000 });
    // how the patch changed under review: this file's hunks in v1 against the applied v2, in Monaco
    const versionDiff = page.locator('.version-diff');
    await versionDiff.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 });
    assert.match(await versionDiff.locator('.diff-labels').innerText(), /v1: mm\/hmm\.c[\s\S]*v2 \(this commit's patch\): mm\/hmm\.c/);
    await versionDiff.locator('.line-insert, .char-insert').first().waitFor({ timeout: 30_000 });
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'discussion-version-diff.png') });
    // a commit with no thread says so
    await page.locator(`.commit-row[data-oid="${oids.get('G')}"]`).click();
    await page.locator('.discussion', { hasText: 'No thread in the attached archives' }).waitFor();
    assert.deepEqual(dialogs, []);
  },
);

test(
  'the timeline marks commits with a thread (sized by replies) and filters by "With discussion" and "Discussion mentions"',
  {
    skip: NO_CHROMIUM,
    timeout: 180_000,
  },
  async (t) => {
    const dir = tmpDir('discussion-marks-ui');
    const home = path.join(dir, 'home');
    const story = buildStory();
    const repo = path.join(dir, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const mbox = path.join(dir, 'linux-mm.mbox');
    writeStoryMbox(mbox, story.mails);
    const env = { ...process.env, STRATA_HOME: home };
    const add = spawnSync(process.execPath, [bin, 'archive', 'add', '--repo', repo, mbox], { env, encoding: 'utf8' });
    assert.equal(add.status, 0, add.stderr);
    // the oracle for the marks: what `strata discussion --json` links
    const lens = spawnSync(process.execPath, [bin, 'discussion', '--repo', repo, '--path', 'mm/hmm.c', '--json'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(lens.status, 0, lens.stderr);
    const linked = (JSON.parse(lens.stdout) as { oid: string; discussion: { replies: number } | null }[]).filter((e) => e.discussion);
    const { url, browser } = await hostAndBrowser(t, home, ['--repo', repo, '--path', 'mm/hmm.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const marks = page.locator('.commit-row .discussion-mark');
    await marks.first().waitFor({ timeout: 60_000 });
    const marked: { oid: string | null; replies: number; size: number }[] = [];
    for (const row of await page.locator('.commit-row', { has: page.locator('.discussion-mark') }).all()) {
      const mark = row.locator('.discussion-mark');
      marked.push({
        oid: await row.getAttribute('data-oid'),
        replies: Number(await mark.getAttribute('data-replies')),
        size: (await mark.boundingBox())?.width ?? 0,
      });
    }
    const shownOids = async () => attributes(page.locator('.commit-row'), 'data-oid');
    assert.deepEqual(
      marked.map((m) => [m.oid, m.replies]),
      linked.map((e) => [e.oid, e.discussion!.replies]),
      'a mark on exactly the commits with a thread',
    );
    // the time axis marks the same commits, sized alike
    const axis = await Promise.all(
      (await page.locator('.time-axis .discussion-axis-mark').all()).map(async (m) => [
        await m.getAttribute('data-oid'),
        Number(await m.getAttribute('data-replies')),
      ]),
    );
    assert.deepEqual(
      new Set(axis.map((a) => JSON.stringify(a))),
      new Set(linked.map((e) => JSON.stringify([e.oid, e.discussion!.replies]))),
    );
    const most = marked.reduce((a, b) => (b.replies > a.replies ? b : a));
    const least = marked.reduce((a, b) => (b.replies < a.replies ? b : a));
    assert.ok(most.replies > least.replies, 'the story has threads with different numbers of replies');
    assert.ok(most.size > least.size, `more replies, a bigger mark (${most.size}px vs ${least.size}px)`);

    await page.getByLabel('Commits with discussion').check();
    await page.locator('.filter-bar .count', { hasText: `${linked.length} of ` }).waitFor();
    assert.deepEqual(
      await shownOids(),
      linked.map((e) => e.oid),
    );
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'discussion-marks.png') });
    await page.getByLabel('Commits with discussion').uncheck();
    // in an HTML-only reply to B's patch: main decodes the thread's bodies
    await page.getByLabel('Discussion mentions').fill('works here & THERE');
    await page.locator('.filter-bar .count', { hasText: /^1 of / }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await shownOids(), [oids.get('B')]);
    await page.screenshot({ path: path.join(outDir, 'discussion-mentions.png') });
  },
);

test(
  'archives are attached from the app: a cancelled attach leaves nothing, then a public-inbox address is cloned, indexed and read offline',
  { skip: NO_CHROMIUM || (publicInboxMissing() ?? false), timeout: 180_000 },
  async (t) => {
    const dir = tmpDir('archive-attach-ui');
    const home = path.join(dir, 'home');
    const story = buildStory();
    const repo = path.join(dir, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const { inbox, env } = writeStoryInbox(dir, story.mails);
    const messages = Number(
      execFileSync('git', ['-C', path.join(inbox, 'git', '0.git'), 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }),
    );
    const httpd = await startPublicInboxHttpd(env);
    t.after(() => httpd.close());
    const proxy = await startCuttingProxy(httpd.url);
    t.after(() => proxy.close());
    const { page, dialog } = await openArchivesPanel(t, home, repo, oids.get('B')!);
    await dialog.getByText('No archive attached to this repository yet.').waitFor({ timeout: 30_000 });
    // the tab behind says that no archive is attached, not that the attached ones lack a thread
    await page.getByTestId('no-thread').filter({ hasText: 'No mailing-list archive is attached to this repository yet.' }).waitFor();
    const archive = `${proxy.url}/linux-mm/`;

    // the clone hangs mid-way (the server never answers the pack request): progress shows, Cancel leaves nothing attached
    proxy.stall = true;
    await dialog.getByLabel(/^Archive:/).fill(archive);
    await dialog.getByRole('button', { name: 'Attach archive' }).click();
    await dialog.getByRole('progressbar').waitFor();
    await dialog.locator('.progress-text', { hasNotText: 'Starting…' }).waitFor({ timeout: 30_000 });
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'archive-attaching.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByText('Cancelled: nothing was attached.').waitFor({ timeout: 30_000 });
    await dialog.getByText('No archive attached to this repository yet.').waitFor();
    // nothing remembered for the repository, no epoch left half-cloned
    assert.deepEqual(
      fs.readdirSync(path.join(home, 'repos')).filter((id) => fs.existsSync(path.join(home, 'repos', id, 'archives.json'))),
      [],
    );
    assert.equal(execFileSync('find', [home, '-name', '*.partial'], { encoding: 'utf8' }), '');

    // a bad source says what to give
    await dialog.getByLabel(/^Archive:/).fill(path.join(dir, 'no-such-inbox'));
    await dialog.getByRole('button', { name: 'Attach archive' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/does not exist: give a public-inbox folder/)
      .waitFor({ timeout: 30_000 });

    proxy.stall = false;
    await dialog.getByLabel(/^Archive:/).fill(archive);
    await dialog.getByRole('button', { name: 'Attach archive' }).click();
    await dialog.getByText(`Attached: ${messages} messages indexed.`).waitFor({ timeout: 60_000 });
    assert.match(
      await dialog.locator('.archives-list').innerText(),
      new RegExp(`/linux-mm\\s+public-inbox v2 inbox · ${messages} messages`),
    );
    await page.screenshot({ path: path.join(outDir, 'archive-attached.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // offline from here: the thread comes from the mirrored copy
    await proxy.close();
    await httpd.close();
    const thread = page.locator('.discussion .thread');
    await thread.locator('.mail').nth(2).waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.discussion header').innerText(), /\[PATCH v2\] mm\/hmm: fix off-by-one in hmm_range_fault/);
    await page.locator('.time-axis .discussion-axis-mark').first().waitFor();
    await page.screenshot({ path: path.join(outDir, 'archive-thread.png') });

    // the start screen lists the repository's archives too
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTitle('Back to the start screen').click();
    const card = page.locator('.card.archives');
    await card.locator('.archives-list', { hasText: `${messages} messages` }).waitFor({ timeout: 30_000 });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'archive-start-screen.png') });
  },
);

test(
  'an archive copy lacking message blobs (git clone --filter) is attached from the app: the panel says how many are not in it, and why',
  { skip: NO_CHROMIUM || (publicInboxMissing() ?? false), timeout: 180_000 },
  async (t) => {
    const dir = tmpDir('archive-partial-ui');
    const story = buildStory();
    const repo = path.join(dir, 'repo');
    const oids = writeStoryRepository(repo, story.commits);
    const { inbox } = writeStoryInbox(dir, story.mails);
    const source = path.join(inbox, 'git', '0.git');
    execFileSync('git', ['-C', source, 'config', 'uploadpack.allowFilter', 'true']);
    const epoch = path.join(dir, 'partial.git');
    execFileSync('git', ['clone', '-q', '--bare', '--no-local', '--filter=blob:limit=700', `file://${source}`, epoch]);
    const missing = execFileSync('git', ['-C', epoch, 'rev-list', '--objects', '--missing=print', 'HEAD'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.startsWith('?')).length;
    const total = Number(execFileSync('git', ['-C', source, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }));
    assert.ok(missing > 0 && missing < total);
    const { page, dialog } = await openArchivesPanel(t, path.join(dir, 'home'), repo, oids.get('B')!);
    await dialog.getByLabel(/^Archive:/).fill(epoch);
    await dialog.getByRole('button', { name: 'Attach archive' }).click();
    const done = dialog.getByText(`Attached: ${total - missing} messages indexed.`);
    await done.waitFor({ timeout: 60_000 });
    assert.match(
      await done.innerText(),
      new RegExp(`${missing} messages are not in this copy of the archive \\(a partial clone, git clone --filter, leaves them out`),
    );
    const listed = dialog.locator('.archives-list li', { hasText: epoch });
    assert.match(await listed.innerText(), new RegExp(`${total - missing} messages · ${missing} not in this copy`));
    assert.match((await listed.locator('[title]').getAttribute('title')) ?? '', /clone the archive whole, or attach its address/);
    await page.screenshot({ path: path.join(outDir, 'archive-partial-copy.png') });
  },
);
