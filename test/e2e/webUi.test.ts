import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import type { Page, WebSocketRoute } from 'playwright-core';
import WebSocket from 'ws';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { commitCount, forEachViewport, hostAndBrowser, SCREENSHOTS as outDir, startServe, VIEWPORTS } from '../fixtures/webHostProcess';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import type { MenuItemConstructorOptions } from 'electron';
import { ApplicationMenu } from '../../main/electron/menu';
import { listRecent } from '../../main/services/recentRepositories';
import { recentLabel, type MenuAction } from '../../shared/menu';

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
};

/** The list shows what the filter bar says (it follows typing as soon as it can, aria-busy until then). */
const listSettled = (page: Page) => page.locator('.list-pane[aria-busy=false]').waitFor();

const selectedSubject = (page: Page) => page.locator('.commit-row.selected .subject').innerText();

test(
  'the UI in Chromium against the web host: sample, timeline, Monaco diff, A/B, keyboard, filter, ledger, functions, reports',
  { timeout: 300_000 },
  async (t) => {
    const home = tmpDir('web-ui');
    const { url, browser } = await hostAndBrowser(t, home);
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));

    await page.goto(url);
    await page.getByRole('button', { name: 'Open the sample' }).waitFor();
    await shot(page, '01-start');
    const resumable = page.getByLabel('Resumable (in steps)');
    assert.equal(await resumable.isChecked(), true, 'a full clone is resumable by default');
    await page.locator('input[name=depth]').fill('100');
    assert.equal(await resumable.isDisabled(), true, 'a shallow clone comes in one step: nothing to resume');
    await page.locator('input[name=depth]').fill('');
    await page.getByRole('button', { name: 'Open the sample' }).click();
    await page.locator('.commit-row').first().waitFor({ timeout: 60_000 });

    const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
    const expected = gitLogOids(sampleDir, 'mm/hmm.c');
    await page.getByText(commitCount(expected.length), { exact: true }).waitFor();
    assert.equal(await page.locator('.commit-row').first().getAttribute('data-oid'), expected[0]);
    await page.locator('.release-label', { hasText: 'v4.14' }).first().waitFor();
    await page.locator('.commit-row .badge.tag').first().waitFor();
    await page.getByRole('tab', { name: /^Exports \(\d+\)$/ }).waitFor(); // the ledger is in: its badges are on the rows
    await page.getByRole('tab', { name: /^Functions \(\d+\)$/ }).waitFor();
    await shot(page, '02-timeline');

    // select the commit that moved hmm_devmem_add to EXPORT_SYMBOL_GPL; Monaco shows both sides
    await page.getByText('export', { exact: false }).first().waitFor();
    await page.locator('.filter-bar input[type=search]').first().fill('hmm_devmem_{add, add_resource}');
    await listSettled(page);
    await page.locator('.commit-row').first().click();
    const original = page.locator('.monaco-diff-editor .editor.original .view-lines');
    const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
    await assertEventually(
      async () => /EXPORT_SYMBOL\(hmm_devmem_add\);/.test(await original.innerText()),
      'original pane shows EXPORT_SYMBOL(hmm_devmem_add)',
    );
    await assertEventually(
      async () => /EXPORT_SYMBOL_GPL\(hmm_devmem_add\);/.test(await modified.innerText()),
      'modified pane shows EXPORT_SYMBOL_GPL(hmm_devmem_add)',
    );
    await shot(page, '03-diff');

    // clear the filter; keyboard moves the selection
    await page.locator('.filter-bar input[type=search]').first().fill('');
    await listSettled(page);
    // the list keeps the selected commit in view (far down): Home goes to the first row, whichever rows are drawn
    await page.locator(`.commit-row[data-oid="${expected[30]}"]`).click();
    await page.keyboard.press('Home');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), expected[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), expected[2]);
    await page.keyboard.press('k');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), expected[1]);

    // pick A and B with [ and ]
    await page.keyboard.press('[');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press(']');
    // A was the newer: the diff goes from the older (A) to the newer (B), and the screen says so
    await page.locator('.diff-labels .a-label', { hasText: `A: ${expected[4]!.slice(0, 12)}` }).waitFor();
    await page.locator('.diff-labels .b-label', { hasText: `B: ${expected[1]!.slice(0, 12)}` }).waitFor();
    await page.getByText('A and B swapped: A is the older').waitFor();
    // the pane says it is loading until A's and B's versions are in it
    const blobOf = (rev: string) => execFileSync('git', ['-C', sampleDir, 'rev-parse', `${rev}:mm/hmm.c`], { encoding: 'utf8' }).trim();
    await page
      .locator(`.diff-pane[aria-busy=false][data-from-blob="${blobOf(expected[4]!)}"][data-to-blob="${blobOf(expected[1]!)}"]`)
      .waitFor();
    assert.equal(await page.locator('.diff-loading').count(), 0, 'no loading notice once both versions are shown');
    await shot(page, '04-a-b');
    await page.keyboard.press('Escape');

    // filter by author: the count equals git's own answer
    await page.getByLabel('Author').fill('Carla Jensen');
    const carla = gitLogOids(sampleDir, 'mm/hmm.c').length; // total, to compare the filtered count against
    const byCarla = execFileSync('git', ['-C', sampleDir, 'log', '--author=Carla Jensen', '--format=%H', '--', 'mm/hmm.c'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    await page.getByText(commitCount(byCarla.length, carla)).waitFor();
    assert.equal(await page.locator('.commit-row').count(), byCarla.length);
    await shot(page, '05-filter');
    await page.getByLabel('Author').fill('');
    await listSettled(page);
    await page.keyboard.press('Escape');

    // '/' focuses the search box
    await page.keyboard.press('/');
    assert.equal(await page.locator(':focus').getAttribute('aria-label'), 'Search commit messages');
    await page.keyboard.press('Escape');

    // the ledger: click the GPL change of hmm_devmem_remove, land on the diff that made it
    await page.getByRole('tab', { name: /Exports/ }).click();
    const row = page.locator('.ledger tr', { hasText: 'hmm_devmem_remove' });
    await row.waitFor();
    await shot(page, '06-ledger');
    await row.locator('button.event[data-kind=changed]').first().click();
    assert.equal(await selectedSubject(page), 'mm/hmm: hmm_devmem_remove is only needed by GPL drivers');
    await page.keyboard.press('n');
    await assertEventually(
      async () => /EXPORT_SYMBOL_GPL\(hmm_devmem_remove\);/.test(await modified.innerText()),
      'the diff that made the change is shown',
    );
    await shot(page, '07-ledger-jump');

    // the functions tab: pick one, the timeline shows its history as git log -L :fn:path lists it
    await page.getByRole('tab', { name: /Functions/ }).click();
    await page.locator('.ledger button', { hasText: 'hmm_range_fault' }).first().click();
    await page.getByText('as git log -L :hmm_range_fault: lists them').waitFor();
    await assertEventually(
      async () => (await page.locator('.commit-row').count()) === 15,
      'the 15 commits of git log -L :hmm_range_fault:',
    );
    assert.ok((await page.locator('.churn rect').count()) > 0, 'the churn chart shows bars');
    await shot(page, '08-function-history');
    await page.getByRole('button', { name: 'show all' }).click();
    // a function no longer in the file: the commits whose diff touched a function of that name
    await page.getByRole('tab', { name: /Functions/ }).click();
    await page.locator('.ledger button', { hasText: 'hmm_devmem_add' }).first().click();
    await page.getByText('not in the file at its head').waitFor();
    const fnRows = await page.locator('.commit-row').count();
    assert.ok(fnRows > 1 && fnRows < expected.length, `${fnRows} commits changed hmm_devmem_add`);
    await page.getByRole('button', { name: 'show all' }).click();

    // File → Export report: HTML and PDF come down as files
    for (const [format, check] of [
      ['html', (b: Buffer) => /^<!DOCTYPE html>/.test(b.toString())],
      ['pdf', (b: Buffer) => b.subarray(0, 5).toString() === '%PDF-'],
    ] as const) {
      await page.getByLabel('Report format').selectOption(format);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        page.getByRole('button', { name: 'Export report' }).click(),
      ]);
      const file = path.join(outDir, `report.${format}`);
      await download.saveAs(file);
      assert.ok(check(fs.readFileSync(file)), `${format} report downloaded`);
    }

    // Fixes jumps to the fixed commit
    await page.locator('.filter-bar input[type=search]').first().fill('fix a race between invalidation');
    await listSettled(page);
    await page.locator('.commit-row').first().click();
    await page.locator('.filter-bar input[type=search]').first().fill('');
    await listSettled(page);
    await page.getByRole('button', { name: 'Go to the fixed commit' }).click();
    assert.equal(await selectedSubject(page), 'mm/hmm: replace hmm_vma_fault() with hmm_range_fault()');
    assert.deepEqual(
      consoleErrors.filter((e) => !/favicon/.test(e)),
      [],
    );
  },
);

test('a path that is not in the repository: a clear message and the closest path as an action', { timeout: 120_000 }, async (t) => {
  const home = tmpDir('web-errors');
  const { url, browser } = await hostAndBrowser(t, home);
  const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
  await page.goto(url);
  const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
  await page.locator('input[name=dir]').fill(sampleDir);
  await page.locator('input[name=path]').fill('mm/hmmm.c');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const banner = page.getByRole('alert');
  await banner.getByText('did you mean mm/hmm.c?').waitFor();
  await shot(page, '09-path-not-found');
  await banner.getByRole('button', { name: 'Open mm/hmm.c' }).click();
  await page.getByText(commitCount(gitLogOids(sampleDir, 'mm/hmm.c').length), { exact: true }).waitFor();
});

test('a clone cut by the server: "Connection lost", and "Try again" clones and opens the timeline', { timeout: 180_000 }, async (t) => {
  const home = tmpDir('web-clone');
  const srv = path.join(home, 'srv');
  const upstream = generateRepo({ dir: path.join(srv, 'linux.git'), seed: 21, commits: 120, bare: true });
  const server = await startGitHttpServer(srv);
  t.after(() => server.close());
  const { url, browser } = await hostAndBrowser(t, home);
  const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
  await page.goto(url);
  server.cutAfterBytes = 3000;
  server.cutRequest = 1;
  await page.locator('input[name=url]').fill(`${server.url}/linux.git`);
  await page.locator('input[name=clonePath]').fill('mm/hmm.c');
  await page.getByRole('button', { name: 'Clone', exact: true }).click();
  const banner = page.getByRole('alert');
  await banner.getByText('Connection lost').waitFor({ timeout: 60_000 });
  await shot(page, '10-clone-cut');
  assert.equal(await page.locator('input[name=url]').inputValue(), `${server.url}/linux.git`, 'the form keeps what was typed');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await page.getByText(commitCount(gitLogOids(upstream.dir, 'mm/hmm.c').length), { exact: true }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.commit-row').first().getAttribute('data-oid'), gitLogOids(upstream.dir, 'mm/hmm.c')[0]);
});

test(
  'File → Recent: each item opens what its label says, two in a row (the menu rebuilt as the desktop does; its action sent to the page)',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-recent');
    const other = generateRepo({ dir: path.join(home, 'repos', 'other.git'), seed: 7, commits: 40, bare: true });
    const { url, browser } = await hostAndBrowser(t, home);
    const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
    // what Electron's preload gives the page (the web host has no application menu): the action arrives as sent
    await page.addInitScript(() => {
      const w = globalThis as unknown as { strataMenu: unknown; sendMenuAction?: (a: unknown) => void };
      w.strataMenu = {
        onAction: (cb: (a: unknown) => void) => {
          w.sendMenuAction = cb;
          return () => undefined;
        },
      };
    });
    await page.goto(url);
    const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
    const shownTimeline = async (dir: string, file: string) => {
      await page.locator('.toolbar .title', { hasText: `in ${dir}` }).waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('.toolbar .title strong').innerText(), file);
      await page.getByText(commitCount(gitLogOids(dir, file).length), { exact: true }).waitFor();
    };
    // two recents: the sample, then another repository
    await page.getByRole('button', { name: 'Open the sample' }).click();
    await shownTimeline(sampleDir, 'mm/hmm.c');
    await page.getByRole('button', { name: '◀' }).click();
    await page.locator('input[name=dir]').fill(other.dir);
    await page.locator('input[name=path]').fill(other.target);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await shownTimeline(other.dir, other.target);

    // the desktop's menu, built from the list on disk and refreshed after every finished request
    const sent: MenuAction[] = [];
    let installed: MenuItemConstructorOptions[] = [];
    const menu = new ApplicationMenu({
      listRecent: () => listRecent(home),
      install: (template) => {
        installed = template;
      },
      context: { version: 'test', isPackaged: true, send: (a) => sent.push(a), about: () => undefined },
    });
    // the sample (second in the list), then the other repository (second again once the sample moved to the top)
    for (const want of [
      { dir: sampleDir, path: 'mm/hmm.c' },
      { dir: other.dir, path: other.target },
    ]) {
      await menu.refresh();
      const file = installed.find((i) => i.label === 'File')!.submenu as MenuItemConstructorOptions[];
      const recent = file.find((i) => i.label === 'Recent')!.submenu as MenuItemConstructorOptions[];
      const item = recent.find((i) => i.label === recentLabel({ ...want, follow: false }));
      assert.ok(item, `a Recent item labelled for ${want.dir}: ${recent.map((i) => i.label).join(' | ')}`);
      assert.equal(recent.indexOf(item), 1, 'the one not shown is second');
      (item.click as () => void)();
      await page.evaluate((a) => (globalThis as unknown as { sendMenuAction: (a: unknown) => void }).sendMenuAction(a), sent.at(-1)!);
      await shownTimeline(want.dir, want.path);
    }
  },
);

test('the web host refuses requests without the token, from other origins, and on other host names', async (t) => {
  const home = tmpDir('web-sec');
  const { url, proc } = await startServe(home);
  t.after(() => proc.kill());
  const u = new URL(url);
  const getWithHeaders = (p: string, headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: u.port, path: p, headers }, (res) => {
          res.resume();
          resolve(res);
        })
        .on('error', reject);
    });
  const get = async (p: string, headers: http.OutgoingHttpHeaders = {}) => (await getWithHeaders(p, headers)).statusCode ?? 0;
  assert.equal(await get('/'), 401);
  assert.equal(await get('/?token=wrong'), 401);
  assert.equal(await get(`/?token=${u.searchParams.get('token')}`), 200);
  assert.equal(await get(`/?token=${u.searchParams.get('token')}`, { host: `evil.example:${u.port}` }), 421);
  assert.equal(await get(`/?token=${u.searchParams.get('token')}`, { origin: 'http://evil.example' }), 403);
  // the page is never cached (it carries the CSP and the token's cookie); the content-named assets are, for good
  const token = u.searchParams.get('token')!;
  const page = await getWithHeaders(`/?token=${token}`);
  assert.equal(page.headers['cache-control'], 'no-store');
  const asset = fs.readdirSync(path.join(__dirname, '..', '..', 'renderer', 'assets')).find((f) => f.endsWith('.js'))!;
  const cached = await getWithHeaders(`/assets/${asset}`, { cookie: `strata_token=${token}` });
  assert.equal(cached.statusCode, 200);
  assert.equal(cached.headers['cache-control'], 'private, max-age=31536000, immutable');
  assert.equal(await get(`/assets/${asset}`), 401, 'an asset needs the token too');
  const wsRefused = (origin: string, token: string) =>
    new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${u.port}/api?token=${token}`, { origin });
      ws.on('open', () => {
        ws.close();
        resolve(false);
      });
      ws.on('error', () => resolve(true));
    });
  assert.equal(await wsRefused('http://evil.example', u.searchParams.get('token')!), true, 'another origin is refused');
  assert.equal(await wsRefused(`http://127.0.0.1:${u.port}`, 'nope'), true, 'a wrong token is refused');
  assert.equal(await wsRefused(`http://127.0.0.1:${u.port}`, u.searchParams.get('token')!), false, 'the right origin and token connect');

  // the renderer is untrusted: a malformed request is answered with a clear error, not run
  const ws = new WebSocket(`ws://127.0.0.1:${u.port}/api?token=${u.searchParams.get('token')}`, { origin: `http://127.0.0.1:${u.port}` });
  await new Promise((r) => ws.on('open', r));
  const answer = await new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
    ws.on('message', (d) => resolve(JSON.parse((d as Buffer).toString()) as Parameters<typeof resolve>[0]));
    ws.send(JSON.stringify({ id: 'x1', method: 'readFile', params: { dir: '/', rev: 'HEAD; rm -rf /', path: '../../etc/passwd' } }));
  });
  ws.close();
  assert.equal(answer.ok, false);
  assert.equal(answer.error?.code, 'InvalidRequest');
});

/** A repository with one file, committed in order: each commit's message and the file's text. */
function smallRepo(dir: string, commits: { message: string; text: string; date: string }[]): string {
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  fs.mkdirSync(path.join(dir, 'mm'), { recursive: true });
  for (const c of commits) {
    fs.writeFileSync(path.join(dir, 'mm', 'hmm.c'), c.text);
    execFileSync('git', ['-C', dir, 'add', '-A']);
    const env = { ...process.env, GIT_AUTHOR_DATE: c.date, GIT_COMMITTER_DATE: c.date };
    execFileSync('git', ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', 'commit', '-qm', c.message], {
      env,
    });
  }
  return dir;
}

async function openInForm(page: Page, dir: string, file: string): Promise<void> {
  await page.locator('input[name=dir]').fill(dir);
  await page.locator('input[name=path]').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByText(commitCount(gitLogOids(dir, file).length), { exact: true }).waitFor({ timeout: 60_000 });
}

test(
  'issue 14 items 13, 11, 6: a maintainer note is shown once; Fixes subjects with () whole; codicons load; keys work after Enter',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-notes');
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `int line${i};`).join('\n') + '\n';
    const dir = smallRepo(path.join(home, 'notes'), [
      { message: 'mm/hmm: replace hmm_vma_fault() with hmm_range_fault()', text: lines(10), date: '2020-01-01T10:00:00Z' },
      {
        message:
          'mm/hmm: fix it\n\nBody text.\n\n[morgan: fixed up the build]\nFixes: 0123456789ab ("mm/hmm: replace hmm_vma_fault() with hmm_range_fault()")\nSigned-off-by: Morgan Lee <morgan@example.org>',
        text: lines(12),
        date: '2020-02-01T10:00:00Z',
      },
    ]);
    const { url, browser } = await hostAndBrowser(t, home);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await openInForm(page, dir, 'mm/hmm.c');
    await page.locator('.commit-row').first().click();
    const details = page.locator('.details');
    await details.locator('.people').waitFor();
    const text = await details.innerText();
    assert.equal(text.split('morgan: fixed up the build').length - 1, 1, `the note once in: ${text}`);
    assert.match(text, /“mm\/hmm: replace hmm_vma_fault\(\) with hmm_range_fault\(\)”/);
    await shot(page, '14-13-note-once');

    // item 11: Monaco's icon font is bundled and loads under the CSP (no "▯" boxes in the gutter)
    await assertEventually(
      () =>
        page.evaluate(async () => {
          const fonts = (
            globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> } } }
          ).document.fonts;
          await fonts.ready;
          return [...fonts].some((f) => f.family.replace(/["']/g, '') === 'codicon' && f.status === 'loaded');
        }),
      'the codicon font is loaded',
    );
    await shot(page, '14-11-codicons');

    // item 6: Enter opens the diff, and j/k still move the selection; after a click into the editor, Monaco keeps them
    const rowOids = gitLogOids(dir, 'mm/hmm.c');
    await page.locator('.commit-row').first().click();
    await page.keyboard.press('Enter');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[1], 'j after Enter moves the selection');
    await page.keyboard.press('k');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[0], 'k after Enter moves the selection');
    await page.locator('.monaco-diff-editor .editor.modified .view-lines').click();
    await page.keyboard.press('j');
    assert.equal(
      await page.locator('.commit-row.selected').getAttribute('data-oid'),
      rowOids[0],
      'a click into the editor gives it the keys',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[1], 'Esc gives them back');
  },
);

test(
  'issue 14 item 13: after a failed clone, "Open the sample" never shows the clone\'s last progress',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-stale-progress');
    const srv = path.join(home, 'srv');
    generateRepo({ dir: path.join(srv, 'linux.git'), seed: 22, commits: 120, bare: true });
    const server = await startGitHttpServer(srv);
    t.after(() => server.close());
    const { url, browser } = await hostAndBrowser(t, home);
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(url);
    server.cutAfterBytes = 3000;
    server.cutRequest = 1;
    await page.locator('input[name=url]').fill(`${server.url}/linux.git`);
    await page.locator('input[name=clonePath]').fill('mm/hmm.c');
    const seen: string[] = [];
    await page.exposeFunction('strataSawProgress', (s: string) => {
      seen.push(s);
    });
    await page.evaluate(() => {
      const report = (globalThis as unknown as { strataSawProgress: (s: string) => void }).strataSawProgress;
      const doc = (
        globalThis as unknown as { document: { body: object; querySelectorAll: (q: string) => Iterable<{ textContent: string | null }> } }
      ).document;
      const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe: (n: object, o: object) => void } })
        .MutationObserver;
      new Observer(() => {
        for (const el of doc.querySelectorAll('.progress-text')) report(el.textContent ?? '');
      }).observe(doc.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Clone', exact: true }).click();
    await page.getByRole('alert').getByText('Connection lost').waitFor({ timeout: 60_000 });
    const cloneTexts = seen.filter((s) => s !== 'Starting…');
    assert.ok(cloneTexts.length > 0, 'the clone reported progress');
    seen.length = 0;
    await page.getByRole('button', { name: 'Open the sample' }).click();
    await page.locator('.commit-row').first().waitFor({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 200)); // the observer's last reports
    const stale = seen.filter((s) => cloneTexts.includes(s) || /Connecting|Receiving/.test(s));
    assert.deepEqual(stale, [], `the sample's busy screen showed: ${[...new Set(seen)].join(' | ')}`);
  },
);

/** A file with long lines (kernel-like), changed in each of a few commits. */
function wideRepo(dir: string): string {
  const text = (v: number) =>
    Array.from(
      { length: 200 },
      (_, i) => `\tstatic int hmm_range_line_${i}(struct hmm_range *range, unsigned long start_address_${v}, unsigned long end);`,
    ).join('\n') + '\n';
  return smallRepo(
    dir,
    [1, 2, 3, 4].map((v) => ({ message: `mm/hmm: version ${v}`, text: text(v), date: `2020-0${v}-01T10:00:00Z` })),
  );
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is on screen`);
  return b;
};

test(
  'issue 14 item 1: resizable, collapsible panes remembered across reloads; focus mode; the full file of a version',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-panes');
    const dir = wideRepo(path.join(home, 'wide'));
    const oids = gitLogOids(dir, 'mm/hmm.c');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name, vp) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator('.commit-row').first().click();
      await page.locator('.diff-pane[aria-busy=false]').waitFor();
      // the diff gets room: over half the width, and (short windows too) over 40% of the height
      const diff = await box(page, '.diff-host');
      assert.ok(diff.width >= 0.54 * vp.width, `${name}: the diff is ${diff.width} px wide`);
      assert.ok(diff.height >= 0.4 * vp.height, `${name}: the diff is ${diff.height} px tall`);
      await shot(page, `14-01-panes-${name}`);

      // drag the bar after the list: the list widens by as much, and a reload keeps it
      const list0 = (await box(page, '.list-pane')).width;
      const bar = await box(page, '[role=separator][aria-label="Commit list width"]');
      await page.mouse.move(bar.x + bar.width / 2, bar.y + 40);
      await page.mouse.down();
      await page.mouse.move(bar.x + bar.width / 2 + 60, bar.y + 40, { steps: 4 });
      await page.mouse.up();
      assert.equal((await box(page, '.list-pane')).width, list0 + 60, `${name}: the list follows the drag`);
      // hide the details and the list: the diff takes their room
      await page.getByRole('button', { name: 'Details', exact: true }).click();
      assert.equal(await page.locator('.details').count(), 0);
      const noDetails = await box(page, '.diff-host');
      assert.ok(noDetails.width > diff.width || noDetails.height > diff.height, `${name}: hiding the details gives the diff their room`);
      await page.getByRole('button', { name: 'Axis', exact: true }).click();
      const axisShown = (await page.locator('.time-axis').count()) === 1;
      await page.reload();
      await page.locator('.commit-row').first().waitFor({ timeout: 60_000 }); // the URL names the file: a reload reopens it
      assert.equal((await box(page, '.list-pane')).width, list0 + 60, `${name}: the list's width is remembered`);
      assert.equal(await page.locator('.details').count(), 0, `${name}: hidden details stay hidden after a reload`);
      assert.equal((await page.locator('.time-axis').count()) === 1, axisShown, `${name}: the axis stays as it was left`);
      assert.equal(await page.locator('.churn').count(), axisShown ? 1 : 0, `${name}: the churn chart goes with the axis`);
      await page.getByRole('button', { name: 'Details', exact: true }).click();
      await page.locator('.details').waitFor();

      // focus mode: f, and the button takes it back
      await page.locator(`.commit-row[data-oid="${oids[1]}"]`).click();
      await page.keyboard.press('f');
      assert.equal(await page.locator('.commit-row').count(), 0, `${name}: focus mode hides the list`);
      assert.equal(await page.locator('.filter-bar').count(), 0);
      assert.equal(await page.locator('.details').count(), 0);
      const focused = await box(page, '.diff-host');
      assert.ok(focused.width >= 0.95 * vp.width, `${name}: in focus mode the diff is ${focused.width} px wide`);
      assert.ok(focused.height >= 0.8 * vp.height, `${name}: in focus mode the diff is ${focused.height} px tall`);
      await shot(page, `14-01-focus-${name}`);
      await page.getByRole('button', { name: 'Focus', exact: true }).click();
      await page.locator('.commit-row').first().waitFor();

      // the full file of the selected version, whole (not only the changed lines)
      await page.getByRole('button', { name: 'Full file' }).first().click();
      const fileLines = page.locator('.file-view .view-lines');
      const firstLine = execFileSync('git', ['-C', dir, 'show', `${oids[1]}:mm/hmm.c`], { encoding: 'utf8' })
        .split('\n')[0]!
        .trim();
      await assertEventually(
        async () => (await fileLines.innerText()).replace(/\u00a0/g, ' ').includes(firstLine),
        `${name}: the full file shows ${oids[1]}'s first line`,
      );
      assert.match(await page.locator('.file-view .file-label').innerText(), new RegExp(oids[1]!.slice(0, 12)));
      assert.equal(await page.locator('.diff-pane').isHidden(), true, 'the diff is put away while the file is shown');
      await shot(page, `14-01-full-file-${name}`);
      await page.keyboard.press('v');
      await page.locator('.diff-pane').waitFor();
      assert.equal(await page.locator('.file-view').count(), 0);
    });
  },
);

/** Five commits: functions changed, a Fixes: and a Reviewed-by: trailer, two releases (v5.0, v5.1). */
function filterRepo(dir: string): string {
  const fns = (fault: number, tidy: number) =>
    `int hmm_range_fault(int x)\n{\n\treturn x + ${fault};\n}\n${'\n/* spacing */'.repeat(12)}\n\nstatic int hmm_tidy(void)\n{\n\treturn ${tidy};\n}\n`;
  smallRepo(dir, [
    { message: 'mm/hmm: add hmm_range_fault', text: fns(1, 1), date: '2020-01-01T10:00:00Z' },
    { message: 'mm/hmm: tidy', text: fns(1, 2), date: '2020-02-01T10:00:00Z' },
  ]);
  const first = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD~1'], { encoding: 'utf8' }).trim();
  smallRepo(dir, [
    {
      message: `mm/hmm: fix a race\n\nFixes: ${first.slice(0, 12)} ("mm/hmm: add hmm_range_fault")\nReviewed-by: Ann Lee <ann@example.org>`,
      text: fns(1, 3),
      date: '2020-03-01T10:00:00Z',
    },
  ]);
  execFileSync('git', ['-C', dir, 'tag', 'v5.0']);
  smallRepo(dir, [
    { message: 'mm/hmm: rework hmm_range_fault', text: fns(2, 3), date: '2020-04-01T10:00:00Z' },
    { message: 'docs: a comment', text: fns(2, 3) + '/* notes */\n', date: '2020-05-01T10:00:00Z' },
  ]);
  execFileSync('git', ['-C', dir, 'tag', 'v5.1']);
  return dir;
}

test(
  'issue 14 item 7: the selection follows the filter; search syntax; an empty state that says why; one Clear filters',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-filter');
    const dir = filterRepo(path.join(home, 'filter'));
    const oids = gitLogOids(dir, 'mm/hmm.c'); // newest first: docs, rework, fix, tidy, add
    assert.equal(oids.length, 5);
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      if ((await page.locator('.time-axis').count()) === 0) await page.getByRole('button', { name: 'Axis', exact: true }).click();
      const search = page.getByLabel('Search commit messages');
      const rows = async () => Promise.all((await page.locator('.commit-row').all()).map((r) => r.getAttribute('data-oid')));
      const selectedOid = () => page.locator('.commit-row.selected').getAttribute('data-oid');
      // the list follows what is typed as soon as it can (aria-busy until then)
      const settled = () => page.locator('.list-pane[aria-busy=false]').waitFor();
      const filterBy = async (text: string) => {
        await search.fill(text);
        await settled();
      };

      // the selected commit is hidden by the filter: the first one shown is selected, details and diff follow it
      await page.locator(`.commit-row[data-oid="${oids[3]}"]`).click();
      await filterBy('race');
      assert.deepEqual(await rows(), [oids[2]]);
      assert.equal(await page.locator('.commit-row.selected').count(), 1, `${name}: a row is selected`);
      assert.equal(await selectedOid(), oids[2]);
      await page.locator('.details-subject', { hasText: 'mm/hmm: fix a race' }).waitFor();
      // j goes on from the rows shown
      await filterBy('');
      await page.locator(`.commit-row[data-oid="${oids[0]}"]`).click();
      await filterBy('mm/hmm');
      assert.equal(await selectedOid(), oids[1], `${name}: the hidden docs commit gives way to the first row shown`);
      await page.locator('.diff-labels').click(); // out of the search box (Esc would empty it)
      await page.keyboard.press('j');
      assert.equal(await selectedOid(), oids[2], `${name}: j moves from the first row shown`);

      // search syntax: fixes:, trailer:, author:, message:, path:
      await filterBy(`fixes:${oids[4]!.slice(0, 10)}`);
      assert.deepEqual(await rows(), [oids[2]]);
      await filterBy('trailer:reviewed-by=ann');
      assert.deepEqual(await rows(), [oids[2]]);
      await filterBy('author:morgan message:hmm_range_fault');
      assert.deepEqual(await rows(), [oids[1], oids[2], oids[4]]); // the fix names it in its Fixes: line
      await filterBy('path:mm/hmm.c docs');
      assert.deepEqual(await rows(), [oids[0]]);

      // Mark: the search marks its matches and hides nothing; n / N step between them, wrapping as less does
      await filterBy('author:morgan message:hmm_range_fault');
      const mark = page.locator('.filter-bar').getByRole('button', { name: 'Mark', exact: true });
      await mark.click();
      await settled();
      assert.equal(await mark.getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await rows(), oids, `${name}: marking hides no commit`);
      const markedRows = async () => Promise.all((await page.locator('.commit-row.marked').all()).map((r) => r.getAttribute('data-oid')));
      assert.deepEqual(await markedRows(), [oids[1], oids[2], oids[4]]);
      await page.locator('.marked-count', { hasText: '3 marked' }).waitFor();
      await page.locator(`.commit-row[data-oid="${oids[0]}"]`).click();
      for (const [key, to] of [
        ['n', 1],
        ['n', 2],
        ['n', 4],
        ['n', 1],
        ['N', 4],
        ['N', 2],
      ] as const) {
        await page.keyboard.press(key);
        assert.equal(await selectedOid(), oids[to], `${name}: ${key} goes to the marked commit ${to}`);
      }
      await shot(page, `14-07-marked-${name}`);
      await mark.click();
      await settled();
      assert.deepEqual(await rows(), [oids[1], oids[2], oids[4]], `${name}: unmarked, the search filters again`);

      // no match: the list says why, the axis and the chart stay where they were
      const ticks = () => page.locator('.time-axis .tick text').allInnerTexts();
      await filterBy('');
      const ticksBefore = await ticks();
      const listTop = (await box(page, '.list-pane')).y;
      await filterBy('author:nobody');
      await page.locator('.empty-state', { hasText: 'No commit matches' }).waitFor();
      assert.equal(await page.locator('.commit-row').count(), 0);
      assert.deepEqual(await ticks(), ticksBefore, `${name}: the axis does not jump`);
      assert.equal(await page.locator('.churn').count(), 1, `${name}: the churn chart stays`);
      assert.equal((await box(page, '.list-pane')).y, listTop, `${name}: nothing above the list moves`);
      assert.equal(await page.locator('.details').count(), 0, `${name}: no details of a hidden commit`);
      assert.equal(await page.locator('.diff-pane').getAttribute('data-to-blob'), '', `${name}: no diff of a hidden commit`);
      await page.locator('.pane-note', { hasText: 'the filter lets none through' }).waitFor();
      await shot(page, `14-07-empty-${name}`);
      await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
      await settled();
      assert.equal((await rows()).length, 5);

      // a reversed tag range says so
      await page.getByLabel('From release').selectOption('v5.1');
      await page.getByLabel('To release').selectOption('v5.0');
      await page.locator('.empty-state', { hasText: 'The tag range is reversed: v5.1 comes after v5.0.' }).waitFor();
      await page.locator('.filter-bar').getByRole('button', { name: 'Clear filters' }).click();
      await settled();
      assert.equal((await rows()).length, 5);

      // a part of a function's name finds the commits that changed a function containing it
      await page.getByLabel('Changed function').fill('hmm_range');
      // (which commits changed hmm_range_fault is changedFunctions' answer; the two that rewrote its body are among them)
      await assertEventually(
        async () => {
          const r = await rows();
          return r.includes(oids[1]!) && r.includes(oids[4]!) && !r.includes(oids[0]!);
        },
        `${name}: hmm_range finds the commits that changed hmm_range_fault`,
        40_000,
      ); // changedFunctions' answer: slower while other tests run
      await shot(page, `14-07-function-prefix-${name}`);
    });
  },
);

test(
  'issue 14 item 6: ? shows every key of the timeline, from the table the key handler reads; Esc closes it',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-keys');
    const dir = filterRepo(path.join(home, 'keys'));
    const oids = gitLogOids(dir, 'mm/hmm.c');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name, vp) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator('.commit-row').first().click();
      await page.keyboard.press('?');
      const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await overlay.waitFor();
      const keys = (await Promise.all((await overlay.locator('tr').all()).map((r) => r.getAttribute('data-keys')))).join(' ').split(' ');
      for (const k of [
        'j',
        'k',
        'ArrowDown',
        'ArrowUp',
        'PageDown',
        'PageUp',
        'Home',
        'End',
        'Enter',
        '/',
        '[',
        ']',
        'n',
        'p',
        'N',
        'Escape',
        'f',
        'v',
        '?',
      ])
        assert.ok(keys.includes(k), `${name}: the overlay lists ${k}`);
      const box0 = await box(page, '.keys-card');
      assert.ok(box0.height <= vp.height, `${name}: the list fits the window`);
      await shot(page, `14-06-keys-${name}`);
      await page.keyboard.press('Escape');
      assert.equal(await overlay.count(), 0, `${name}: Esc closes the overlay`);
      // the keys it lists are the ones that work: j moves
      await page.keyboard.press('j');
      assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[1]);
    });
  },
);

test(
  'issue 14 item 9: back and forward through jumps; the URL carries file, selection, A/B and filters (reload); filters survive ◀',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-history');
    const dir = filterRepo(path.join(home, 'history'));
    const oids = gitLogOids(dir, 'mm/hmm.c'); // docs, rework, fix, tidy, add
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      const selectedOid = () => page.locator('.commit-row.selected').getAttribute('data-oid');
      await page.locator(`.commit-row[data-oid="${oids[2]}"]`).click();
      await page.getByRole('button', { name: 'Go to the fixed commit' }).click();
      assert.equal(await selectedOid(), oids[4], `${name}: the Fixes jump lands on the fixed commit`);
      await page.keyboard.press('Alt+ArrowLeft');
      assert.equal(await selectedOid(), oids[2], `${name}: Alt+Left returns to the fix`);
      await page.keyboard.press('Alt+ArrowRight');
      assert.equal(await selectedOid(), oids[4], `${name}: Alt+Right goes forward again`);
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      assert.equal(await selectedOid(), oids[2], `${name}: the Back button`);
      await shot(page, `14-09-back-${name}`);
      await page.getByRole('button', { name: 'Forward', exact: true }).click();
      assert.equal(await selectedOid(), oids[4], `${name}: the Forward button`);

      // the address carries the file, the selection, A/B and the filters: a reload restores them
      await page.getByLabel('Author').fill('Morgan');
      await page.getByLabel('Search commit messages').fill('hmm');
      await page.locator(`.commit-row[data-oid="${oids[3]}"]`).click();
      await page.keyboard.press('[');
      await page.locator(`.commit-row[data-oid="${oids[1]}"]`).click();
      await page.keyboard.press(']');
      await assertEventually(async () => new URL(page.url()).hash.includes(`b=${oids[1]}`), `${name}: the URL follows`);
      assert.match(decodeURIComponent(new URL(page.url()).hash), /path=mm\/hmm\.c.*f\.author=Morgan/);
      await page.reload();
      await page.locator('.commit-row.selected').waitFor({ timeout: 60_000 });
      assert.equal(await selectedOid(), oids[1], `${name}: the selection after a reload`);
      assert.equal(await page.getByLabel('Author').inputValue(), 'Morgan', `${name}: the author filter after a reload`);
      assert.equal(await page.getByLabel('Search commit messages').inputValue(), 'hmm');
      // item 7: the search's words are marked in the subjects
      const marks = await page.locator('.commit-row .subject mark').allInnerTexts();
      assert.ok(marks.length >= 4 && marks.every((m) => m.toLowerCase() === 'hmm'), `${name}: marked ${marks.join(',')}`);
      const state = page.getByRole('status', { name: 'Comparing' });
      assert.match(await state.innerText(), new RegExp(`A\\s+${oids[3]!.slice(0, 12)}.*B\\s+${oids[1]!.slice(0, 12)}`, 's'));
      await shot(page, `14-09-reloaded-${name}`);
      // ◀ and the file opened again: the filters are where they were
      await page.getByTitle('Back to the start screen').click();
      assert.equal(new URL(page.url()).hash, '', `${name}: the start screen's address names no file`);
      await page.locator('input[name=dir]').fill(dir);
      await page.locator('input[name=path]').fill('mm/hmm.c');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('.commit-row.selected').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByLabel('Author').inputValue(), 'Morgan', `${name}: the filter survives ◀ and reopen`);
    });
  },
);

async function assertEventually(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`timed out waiting until ${what}`);
}

test(
  'issue 14 items 8, 13: a context menu on every row; A/B shown as a state, ordered, j moves B; Esc stops comparing; files changed open their timeline',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-menu');
    const dir = filterRepo(path.join(home, 'menu'));
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'git@github.com:example/hmm.git']);
    // item 13: a commit that changed a second file, whose name in the details opens that file's timeline
    fs.mkdirSync(path.join(dir, 'include', 'linux'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'include', 'linux', 'hmm.h'), 'int hmm_range_fault(int x);\n');
    fs.appendFileSync(path.join(dir, 'mm', 'hmm.c'), '/* see hmm.h */\n');
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync(
      'git',
      ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', 'commit', '-qm', 'mm/hmm: a header'],
      {
        env: { ...process.env, GIT_AUTHOR_DATE: '2020-06-01T10:00:00Z', GIT_COMMITTER_DATE: '2020-06-01T10:00:00Z' },
      },
    );
    const [header, ...oids] = gitLogOids(dir, 'mm/hmm.c'); // header, then docs, rework, fix, tidy, add
    const blobOf = (rev: string) => execFileSync('git', ['-C', dir, 'rev-parse', `${rev}:mm/hmm.c`], { encoding: 'utf8' }).trim();
    const subjectOf = (rev: string) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%s', rev], { encoding: 'utf8' }).trim();
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(
      browser,
      url,
      async (page, name) => {
        await openInForm(page, dir, 'mm/hmm.c');
        const menu = page.getByRole('menu');
        const row = (oid: string) => page.locator(`.commit-row[data-oid="${oid}"]`);
        // A newer than B: the diff goes from the older to the newer, and the screen says they were swapped
        await row(oids[1]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Pick as A' }).click();
        await row(oids[3]!).click({ button: 'right' });
        await shot(page, `14-08-menu-${name}`);
        await menu.getByRole('menuitem', { name: 'Pick as B' }).click();
        const state = page.getByRole('status', { name: 'Comparing' });
        await state.getByText('A and B swapped: A is the older').waitFor();
        assert.match(await state.innerText(), new RegExp(`A\\s+${oids[3]!.slice(0, 12)}.*B\\s+${oids[1]!.slice(0, 12)}`, 's'));
        await page
          .locator(`.diff-pane[aria-busy=false][data-from-blob="${blobOf(oids[3]!)}"][data-to-blob="${blobOf(oids[1]!)}"]`)
          .waitFor();
        await shot(page, `14-08-compare-${name}`);
        // j moves B: the details show the commit the diff is taken at
        await page.keyboard.press('j');
        assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[4]);
        await page
          .locator(`.diff-pane[aria-busy=false][data-from-blob="${blobOf(oids[4]!)}"][data-to-blob="${blobOf(oids[1]!)}"]`)
          .waitFor();
        assert.equal(await page.locator('.details-subject').innerText(), subjectOf(oids[4]!));
        // Esc stops comparing: the selected commit's own diff again
        await page.keyboard.press('Escape');
        assert.equal(await state.count(), 0, `${name}: Esc leaves the comparison`);
        await page.locator(`.diff-pane[aria-busy=false][data-to-blob="${blobOf(oids[4]!)}"]`).waitFor();

        // the keyboard's way in: Shift+F10 on the selected row, arrows and Enter
        await page.keyboard.press('k');
        await page.keyboard.press('Shift+F10');
        await menu.waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        assert.equal(await menu.count(), 0);
        assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), oids[3], `${name}: Copy commit id`);
        await page.keyboard.press('ContextMenu');
        await menu.getByRole('menuitem', { name: 'Copy subject' }).click();
        assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), subjectOf(oids[3]!));
        // the origin is on GitHub: the commit's page there (the web host's browser opens it)
        await page.evaluate('window.opened = []; window.open = (u) => (window.opened.push(String(u)), null);');
        await row(oids[2]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Open on github.com' }).click();
        await assertEventually(
          async () => (await page.evaluate<string[]>('window.opened')).includes(`https://github.com/example/hmm/commit/${oids[2]}`),
          `${name}: the commit's page on GitHub is opened`,
        );
        // blame at that version
        await row(oids[2]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Blame at this version' }).click();
        await page.getByRole('tab', { name: 'Blame', selected: true }).waitFor();
        assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[2]);
        // item 13: the files-changed list opens another file's timeline in the same repository
        await page.getByRole('tab', { name: 'Diff' }).click();
        await row(header!).click();
        await page.locator('.details .files').getByRole('button', { name: 'include/linux/hmm.h' }).click();
        await page.getByText(commitCount(gitLogOids(dir, 'include/linux/hmm.h').length), { exact: true }).waitFor();
        assert.match(await page.locator('header.toolbar').innerText(), /include\/linux\/hmm\.h/);
        await shot(page, `14-13-other-file-${name}`);
      },
      { permissions: ['clipboard-read', 'clipboard-write'] },
    );
  },
);

test(
  'issue 14 item 15: a merge is diffed against the parent picked (first, second), as git diff <parent> <merge>',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-merge');
    const lines = (edit: (l: string[]) => void) => {
      const l = Array.from({ length: 30 }, (_, i) => `int line${i};`);
      edit(l);
      return l.join('\n') + '\n';
    };
    const dir = smallRepo(path.join(home, 'merge'), [{ message: 'mm/hmm: base', text: lines(() => {}), date: '2020-01-01T10:00:00Z' }]);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', ...args], {
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: '2020-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2020-03-01T10:00:00Z' },
      }).trim();
    // two branches from here, each changing the file once: `side` first, then the branch checked out (master)
    const fork = (side: string, sideText: string, mainText: string) => {
      git('checkout', '-q', '-b', side);
      fs.writeFileSync(path.join(dir, 'mm', 'hmm.c'), sideText);
      git('commit', '-qam', `mm/hmm: ${side} change`);
      git('checkout', '-q', 'master');
      fs.writeFileSync(path.join(dir, 'mm', 'hmm.c'), mainText);
      git('commit', '-qam', `mm/hmm: ${side === 'side' ? 'mainline' : 'master2'} change`);
    };
    fork(
      'side',
      lines((l) => (l[25] = 'int side;')),
      lines((l) => (l[2] = 'int mainline;')),
    );
    git('merge', '-q', '--no-edit', 'side');
    const merge = git('rev-parse', 'HEAD');
    const blob = (rev: string) => git('rev-parse', `${rev}:mm/hmm.c`);
    // then an evil merge: a conflict resolved by hand, and a line neither side wrote
    const merged = (edit: (l: string[]) => void) =>
      lines((l) => {
        l[2] = 'int mainline;';
        l[25] = 'int side;';
        edit(l);
      });
    fork(
      'side2',
      merged((l) => (l[12] = 'int side2;')),
      merged((l) => (l[12] = 'int master2;')),
    );
    spawnSync('git', ['-C', dir, 'merge', '-q', '--no-commit', 'side2']); // conflicts: resolved below
    fs.writeFileSync(
      path.join(dir, 'mm', 'hmm.c'),
      merged((l) => {
        l[12] = 'int both2;';
        l[20] = 'int evil;';
      }),
    );
    git('commit', '-qam', 'Merge branch side2 (resolved by hand, with a line of its own)');
    const evil = git('rev-parse', 'HEAD');
    const cc = git('show', '--cc', '--format=', evil, '--', 'mm/hmm.c');
    assert.match(cc, /^\+\+int evil;$/m, 'git show --cc shows the evil line');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator(`.commit-row[data-oid="${merge}"]`).click();
      const pane = (from: string) => page.locator(`.diff-pane[aria-busy=false][data-from-blob="${from}"][data-to-blob="${blob(merge)}"]`);
      await pane(blob(`${merge}^1`)).waitFor();
      const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
      // against the first parent the side branch's line is what changed; against the second, mainline's
      assert.match(git('diff', `${merge}^1`, merge, '--', 'mm/hmm.c'), /^\+int side;$/m);
      const shown = async () => (await modified.innerText()).replace(/\u00a0/g, ' ');
      await assertEventually(async () => (await shown()).includes('int side;'), `${name}: parent 1's diff`);
      await page.getByLabel('Diff against parent').selectOption({ index: 1 });
      await pane(blob(`${merge}^2`)).waitFor();
      assert.match(git('diff', `${merge}^2`, merge, '--', 'mm/hmm.c'), /^\+int mainline;$/m);
      assert.match(
        await page.locator('.diff-labels .a-label').innerText(),
        new RegExp(`parent 2 ${git('rev-parse', `${merge}^2`).slice(0, 12)}`),
      );
      await shot(page, `14-15-merge-parent-2-${name}`);
      // combined (git show --cc): a clean merge took each side's change whole, so git shows no hunk, nor does the view
      assert.equal(git('show', '--cc', '--format=', merge, '--', 'mm/hmm.c'), '');
      await page.getByLabel('Diff against parent').selectOption({ index: 2 });
      await assertEventually(
        async () => (await page.locator('.file-view .view-lines').innerText()).replace(/\u00a0/g, ' ').includes('No combined hunks'),
        `${name}: the combined view`,
      );
      assert.match(await page.locator('.file-view .file-label').innerText(), /combined diff of the merge against its 2 parents/);
      // another commit and back: the first parent again
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      await pane(blob(`${merge}^1`)).waitFor();
      // the evil merge's combined view is git show --cc's hunks, the line of its own marked ++
      await page.locator(`.commit-row[data-oid="${evil}"]`).click();
      // its first parent's diff is shown first (a loaded machine answers late: the pick must not race the row's selection)
      await page.locator(`.diff-pane[aria-busy=false][data-from-blob="${blob(`${evil}^1`)}"][data-to-blob="${blob(evil)}"]`).waitFor();
      await page.getByLabel('Diff against parent').selectOption({ index: 2 });
      const ccShown = async () => (await page.locator('.file-view .view-lines').innerText()).replace(/\u00a0/g, ' ');
      await assertEventually(async () => (await ccShown()).includes('++int evil;'), `${name}: the evil merge's combined view`);
      const got = (await ccShown()).split('\n');
      for (const l of cc.split('\n').slice(cc.split('\n').findIndex((x) => x.startsWith('@@@'))))
        assert.ok(got.includes(l), `${name}: the combined view shows ${JSON.stringify(l)} as git show --cc does`);
      await shot(page, `14-15-evil-merge-cc-${name}`);
    });
  },
);

test(
  'a long walk shows the commits it has found while it goes on; the whole list then takes their place, the commit the address names selected',
  { timeout: 120_000 },
  async (t) => {
    const root = tmpDir('web-walking');
    // past 4,096 commits taken, the walk tells what it has found (the host is told to show it at once, not after 250 ms)
    const dir = generateRepo({ dir: path.join(root, 'repo'), seed: 11, commits: 6000 }).dir;
    const oids = gitLogOids(dir, 'mm/hmm.c');
    // the address names an older commit than the walk has found at first
    const older = oids[oids.length - 5]!;
    const env = { STRATA_EARLY_LIST_MS: '0' };
    const first = await hostAndBrowser(t, path.join(root, 'home-0'), [], env);
    for (const [i, viewport] of VIEWPORTS.entries()) {
      // a host and a home of its own for each size: each open is a first one, with a walk
      const url =
        i === 0
          ? first.url
          : await startServe(path.join(root, `home-${i}`), [], env).then(({ url, proc }) => (t.after(() => proc.kill()), url));
      const page = await first.browser.newPage({ viewport });
      const name = `${viewport.width}x${viewport.height}`;
      // what comes after the first commits found is held back until released: the screen with those alone is seen for sure
      let holding = true;
      let found = -1;
      const held: { ws: WebSocketRoute; text: string }[] = [];
      await page.routeWebSocket(/\/api/, (ws) => {
        const server = ws.connectToServer();
        let index = '';
        ws.onMessage((m) => {
          const request = JSON.parse(String(m)) as { id: string; method: string };
          if (request.method === 'indexFile') index = request.id;
          server.send(m);
        });
        server.onMessage((m) => {
          const text = String(m);
          const walking = text.includes('"partial":{"kind":"walking"');
          if (walking && found < 0)
            found = (JSON.parse(text) as { partial: { timeline: { entries: unknown[] } } }).partial.timeline.entries.length;
          const indexPart = index !== '' && (text.startsWith(`{"id":"${index}","partial"`) || text.startsWith(`{"id":"${index}","ok"`));
          if (holding && found >= 0 && indexPart && !walking) held.push({ ws, text });
          else ws.send(m);
        });
      });
      // whether the tabs held back (no diff read or drawn) while the first commits found were shown: seen as it happens
      await page.addInitScript(`new MutationObserver(() => {
        if (document.querySelector('.tabs-held') && !document.querySelector('.diff-pane')) window.__tabsHeld = true;
      }).observe(document, { childList: true, subtree: true })`);
      await page.goto(`${url}#${new URLSearchParams({ dir, path: 'mm/hmm.c', sel: older }).toString()}`);
      const status = page.getByRole('status').filter({ hasText: /^walking history · / });
      await status.waitFor({ timeout: 60_000 });
      assert.match(await status.innerText(), /^walking history · [\d,]+ of [\d,]+ commits$/, name);
      assert.match(await page.locator('.toolbar .title').innerText(), /· walking its history…$/, `${name}: not said to be indexed yet`);
      assert.ok(found > 0 && found < oids.length, `${name}: part of the list (${found} of ${oids.length})`);
      await page.getByText(commitCount(found), { exact: true }).waitFor();
      const rows = await Promise.all((await page.locator('.commit-row').all()).map((r) => r.getAttribute('data-oid')));
      assert.deepEqual(rows, oids.slice(0, rows.length), `${name}: the newest commits, in git log order`);
      assert.equal(
        await page.locator('.commit-row.selected').getAttribute('data-oid'),
        oids[0],
        `${name}: the newest stands in for the address`,
      );
      // the tabs wait a moment for the walk, then show the selected commit while it goes on
      assert.equal(await page.evaluate('window.__tabsHeld'), true, `${name}: the tabs held back at first`);
      await page.locator('.diff-pane[aria-busy=false]').waitFor();
      assert.equal(await page.locator('.tabs-held').count(), 0);
      await shot(page, `walking-first-commits-${name}`);

      holding = false;
      for (const h of held.splice(0)) h.ws.send(h.text);
      await page.getByText(commitCount(oids.length), { exact: true }).waitFor();
      await status.waitFor({ state: 'detached' });
      assert.match(await page.locator('.toolbar .title').innerText(), /· indexed in [\d.]+ s$/, name);
      await page.locator('.counting').waitFor({ state: 'detached', timeout: 60_000 });
      assert.equal(
        await page.locator('.commit-row.selected').getAttribute('data-oid'),
        older,
        `${name}: the address's commit, once the walk found it`,
      );
      await page.close();
    }
  },
);

test(
  'issue 14 item 16: the list is on screen before its +/- counts, which fill in as they come; what reads the index waits for it',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-counting');
    const dir = generateRepo({ dir: path.join(home, 'repo'), seed: 7, commits: 200 }).dir;
    const oids = gitLogOids(dir, 'mm/hmm.c');
    assert.ok(oids.length >= 40, `enough versions for a list before the counts (${oids.length})`);
    const numstat = gitNumstat(dir, 'mm/hmm.c');
    // the host starts on its start screen and the page opens the file by its address: a host started with the
    // file reads its history ahead (ApiDispatcher.prefetch), and the page may then find it indexed already
    const { url, browser } = await hostAndBrowser(t, home, []);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Between the page and the host: the counts and the answer of the index are held back until released, so
    // what the screen shows with the list alone is seen for sure (on any machine); what the page asks is kept.
    let holding = true;
    const held: { ws: WebSocketRoute; text: string }[] = [];
    const asked: string[] = [];
    // issue 14 item 12: the Functions tab's answer is held back too, so its partial results and progress are seen
    let holdingFunctions = true;
    const heldFunctions: { ws: WebSocketRoute; text: string }[] = [];
    const functionsIds = new Set<string>();
    await page.routeWebSocket(/\/api/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const request = JSON.parse(String(m)) as { id: string; method: string };
        asked.push(request.method);
        if (request.method === 'changedFunctions') functionsIds.add(request.id);
        server.send(m);
      });
      server.onMessage((m) => {
        const text = String(m);
        const counts = text.includes('"partial":{"kind":"counts"');
        const indexAnswer = /^\{"id":"[^"]+","ok":true,"result":\{"repo":/.test(text) && text.includes('"entries":[');
        const functionsAnswer = [...functionsIds].some((id) => text.startsWith(`{"id":"${id}","ok":`));
        if (holdingFunctions && functionsAnswer) heldFunctions.push({ ws, text });
        else if (holding && (counts || indexAnswer)) held.push({ ws, text });
        else ws.send(m);
      });
    });
    await page.goto(`${url}#${new URLSearchParams({ dir, path: 'mm/hmm.c' }).toString()}`);
    await page.locator('.commit-row').first().waitFor({ timeout: 60_000 });
    await page.getByText(commitCount(oids.length), { exact: true }).waitFor();
    const status = page.getByRole('status').filter({ hasText: 'counting lines' });
    await status.waitFor();
    assert.match(await status.innerText(), /^counting lines · \d+ left$/);
    assert.ok((await page.locator('.commit-row .pending').count()) > 0, 'rows wait for their counts');
    assert.equal(await page.locator('.commit-row .add').count(), 0, 'no count is shown before it is computed');
    await page.locator('.diff-pane[aria-busy=false]').waitFor();
    assert.deepEqual(
      asked.filter((m) => ['findReleases', 'changedFunctions', 'exportLedger', 'discussion'].includes(m)),
      [],
      'what reads the saved index waits until it is saved',
    );
    await shot(page, '14-16-list-before-counts');

    holding = false;
    for (const h of held.splice(0)) h.ws.send(h.text);
    await status.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.commit-row .pending').count(), 0);
    for (const row of (await page.locator('.commit-row').all()).slice(0, 8)) {
      const oid = (await row.getAttribute('data-oid'))!;
      const git = numstat.get(oid);
      if (git) assert.equal(await row.locator('.counts').innerText(), `+${git.additions} −${git.deletions}`, `${oid}: git's numstat`);
    }
    await assertEventually(async () => asked.includes('changedFunctions') && asked.includes('exportLedger'), 'then the tabs ask');

    // the Functions tab, its answer held back: its title says how far the work is, the table is drawn from the partial
    // answers, and Stop is offered; then the answer gives the count of names
    await page.getByRole('tab', { name: /^Functions \(\d+%\)$/ }).click();
    const work = page.locator('.work-status');
    await work.waitFor();
    assert.match(await work.innerText(), /Finding the functions each commit changed · \d+ of \d+ commits \(\d+%\) · the table fills in/);
    // (this generated file's functions have no body git's funcname finds, so the partial table has no rows: its head shows)
    await page.locator('#tabpanel-functions table').waitFor();
    await shot(page, '14-12-functions-partial');
    holdingFunctions = false;
    for (const h of heldFunctions.splice(0)) h.ws.send(h.text);
    await page.getByRole('tab', { name: /^Functions \(\d+\)$/ }).waitFor();
    await work.waitFor({ state: 'detached' });

    // issue 14 item 7: -S"text" in the search lists exactly the commits git log -S lists
    const needle = 'return -EINVAL;';
    const want = execFileSync('git', ['-C', dir, 'log', '--format=%H', `-S${needle}`, '--', 'mm/hmm.c'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    assert.ok(want.length > 0 && want.length < oids.length, `git log -S lists some commits (${want.length})`);
    await page.getByPlaceholder(/^Search/).fill(`-S"${needle}"`);
    await page.getByText(commitCount(want.length, oids.length), { exact: true }).waitFor();
    const rows = await Promise.all((await page.locator('.commit-row').all()).map((r) => r.getAttribute('data-oid')));
    assert.ok(rows.length > 0, 'rows are shown');
    assert.deepEqual(rows, want.slice(0, rows.length), "the rows are git log -S's, in its order");
  },
);

test(
  'issue 14 item 14: backports found on the stable branch are badged upstream; the ref picker opens the timeline at a branch, as git log <branch> -- path',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-refs');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await page.getByRole('button', { name: 'Open the sample' }).click();
      const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
      const mainline = gitLogOids(sampleDir, 'mm/hmm.c');
      await page.getByText(commitCount(mainline.length), { exact: true }).waitFor({ timeout: 60_000 });
      // the oracle: the upstream commit each of linux-5.4.y's own commits names
      const stableLog = execFileSync('git', ['-C', sampleDir, 'log', '--format=%H%x00%B%x01', 'linux-5.4.y', '--', 'mm/hmm.c'], {
        encoding: 'utf8',
      });
      const upstreamOf = new Map<string, string>();
      for (const rec of stableLog.split('\x01')) {
        const [oid, body] = rec.trim().split('\0');
        const up = /^commit ([0-9a-f]{40}) upstream/m.exec(body ?? '');
        if (oid && up) upstreamOf.set(up[1]!, oid);
      }
      assert.ok(upstreamOf.size >= 3, 'the sample has backports');
      // every row of the mainline timeline, walked with j: badged exactly where linux-5.4.y has a backport
      const row = (oid: string) => page.locator(`.commit-row[data-oid="${oid}"]`);
      await page.locator(`.badge.backported[data-backported="linux-5.4.y"]`).first().waitFor({ timeout: 30_000 });
      await row(mainline[0]!).click();
      const badged: string[] = [];
      for (const [i, oid] of mainline.entries()) {
        if (i > 0) await page.keyboard.press('j');
        await page.locator(`.commit-row.selected[data-oid="${oid}"]`).waitFor();
        if ((await row(oid).locator('.badge.backported').count()) > 0) {
          assert.equal(await row(oid).locator('.badge.backported').getAttribute('data-backported'), 'linux-5.4.y');
          assert.equal((await row(oid).locator('.badge.backported').innerText()).trim(), '→ 5.4.y');
          // wholly in view: the row's last badge is not cut by a narrow list
          const [badgeBox, rowBox] = [await row(oid).locator('.badge.backported').boundingBox(), await row(oid).boundingBox()];
          assert.ok(badgeBox && rowBox && badgeBox.x + badgeBox.width <= rowBox.x + rowBox.width, `${name}: the badge of ${oid} is cut`);
          badged.push(oid);
        }
      }
      assert.deepEqual(badged.sort(), [...upstreamOf.keys()].filter((o) => mainline.includes(o)).sort(), `${name}: the badged rows`);
      // the details name the backport and open the branch
      const [upstream, backport] = [...upstreamOf].find(([u]) => mainline.includes(u))!;
      await page.keyboard.press('Home'); // back to the top: the list shows only the rows in view
      await row(upstream).click();
      const note = page.getByTestId('backported-to');
      await assertEventually(
        async () => (await note.innerText()).includes(`to linux-5.4.y as ${backport.slice(0, 12)}`),
        `${name}: details`,
      );
      await shot(page, `14-14-backported-${name}`);

      // an unknown name is said, and nothing is opened; Esc puts the field back
      const picker = page.getByLabel('Branch or tag');
      assert.equal(await picker.inputValue(), 'HEAD');
      await picker.fill('no-such-branch');
      await picker.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'No branch or tag named "no-such-branch"' }).waitFor();
      await picker.press('Escape');
      assert.equal(await picker.inputValue(), 'HEAD');

      // the stable branch: its own history, the backports' stable badges on it, the address carrying it
      const stable = gitLogOids(sampleDir, 'mm/hmm.c', false, 'linux-5.4.y');
      assert.notEqual(stable.length, mainline.length);
      await picker.fill('linux-5.4.y');
      await picker.press('Enter');
      await page.getByText(commitCount(stable.length), { exact: true }).waitFor({ timeout: 60_000 });
      assert.equal(await row(stable[0]!).count(), 1);
      assert.equal(await page.locator('.commit-row').first().getAttribute('data-oid'), stable[0]);
      await row(backport).locator('.badge.stable').waitFor();
      assert.equal(await page.getByLabel('Branch or tag').inputValue(), 'linux-5.4.y');
      await assertEventually(async () => new URL(page.url()).hash.includes('rev=linux-5.4.y'), `${name}: the address names the branch`);
      await shot(page, `14-14-stable-branch-${name}`);
      // a reload opens the branch again
      await page.reload();
      await page.getByText(commitCount(stable.length), { exact: true }).waitFor({ timeout: 60_000 });
      // and back to HEAD from a backport's details, where its upstream commit is
      await row(backport).click();
      await page.getByRole('button', { name: 'Open HEAD' }).click();
      await page.getByText(commitCount(mainline.length), { exact: true }).waitFor({ timeout: 60_000 });
      assert.equal(await page.getByLabel('Branch or tag').inputValue(), 'HEAD');
      await assertEventually(async () => !new URL(page.url()).hash.includes('rev='), `${name}: the address names HEAD again`);
    });
  },
);
