import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { commitCount, hostAndBrowser, SCREENSHOTS as outDir, startServe } from '../fixtures/webHostProcess';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { gitLogOids } from '../fixtures/gitOracle';
import type { MenuItemConstructorOptions } from 'electron';
import { ApplicationMenu } from '../../main/electron/menu';
import { listRecent } from '../../main/services/recentRepositories';
import { recentLabel, type MenuAction } from '../../shared/menu';
import { assertEventually, listSettled, selectedSubject, shot } from '../fixtures/webUiPages';

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
    // what the CSP refused, though the page caught it (no console error then: a library's probe for eval was one)
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      (window.__refused ??= []).push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber))`);

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
    // while a report is made it says how far it is, and Cancel stops it: no file, no error, the button back
    let downloaded = false;
    const onDownload = () => void (downloaded = true);
    page.on('download', onDownload);
    await page.getByRole('button', { name: 'Export report' }).click();
    const status = page.getByTestId('report-progress');
    await status.waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Export report' }).count(),
      0,
      'one report at a time: the button gives way to the progress',
    );
    await status.getByRole('button', { name: 'Cancel' }).click();
    await status.waitFor({ state: 'detached' });
    await page.waitForTimeout(1500);
    page.off('download', onDownload);
    assert.ok(!downloaded, 'a cancelled report is not downloaded');
    assert.deepEqual(
      (await page.getByRole('alert').allInnerTexts()).filter((t) => t.trim()),
      [],
      'a cancel is no error',
    );
    assert.ok(await page.getByRole('button', { name: 'Export report' }).isEnabled());

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
    assert.deepEqual(await page.evaluate('window.__refused ?? []'), [], 'nothing the page did was refused by its CSP');
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
