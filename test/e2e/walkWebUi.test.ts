import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { WebSocketRoute } from 'playwright-core';
import { generateRepo, sharedRepo, tmpDir } from '../fixtures/generateRepo';
import { attributes, commitCount, hostAndBrowser, startServe, VIEWPORTS } from '../fixtures/webHostProcess';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import { assertEventually, routeApiSocket, shot } from '../fixtures/webUiPages';

test(
  'a long walk shows the commits it has found while it goes on; the whole list then takes their place, the commit the address names selected',
  { timeout: 120_000 },
  async (t) => {
    const root = tmpDir('web-walking');
    // past 4,096 commits taken, the walk tells what it has found (the host is told to show it at once, not after 250 ms)
    const { dir } = sharedRepo({ seed: 11, commits: 6000 });
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
      const held = await routeApiSocket(page, (text, index) => {
        const walking = text.includes('"partial":{"kind":"walking"');
        if (walking && found < 0)
          found = (JSON.parse(text) as { partial: { timeline: { entries: unknown[] } } }).partial.timeline.entries.length;
        const indexPart = index !== '' && (text.startsWith(`{"id":"${index}","partial"`) || text.startsWith(`{"id":"${index}","ok"`));
        return holding && found >= 0 && indexPart && !walking;
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
      const rows = await attributes(page.locator('.commit-row'), 'data-oid');
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
    // (the status can show before the first partial answer, which adds "the table fills in")
    const filling = /Finding the functions each commit changed · \d+ of \d+ commits \(\d+%\) · the table fills in/;
    await assertEventually(async () => filling.test(await work.innerText()), `the work status: ${filling}`);
    // (this generated file's functions have no body git's funcname finds, so the partial table has no rows: its head shows)
    await page.locator('#tabpanel-functions table').waitFor();
    await shot(page, '14-12-functions-partial');
    holdingFunctions = false;
    for (const h of heldFunctions.splice(0)) h.ws.send(h.text);
    await page.getByRole('tab', { name: /^Functions \(\d+\)$/ }).waitFor();
    await work.waitFor({ state: 'detached' });

    // issue 14 item 7: -S"text" in the search lists exactly the commits git log -S lists, and -G"regex" git log -G's
    // (POSIX extended, as git reads it)
    for (const [flag, value] of [
      ['-S', 'return -EINVAL;'],
      ['-G', '^static (int|void) [a-z_]+\\('],
    ] as const) {
      const want = execFileSync('git', ['-C', dir, 'log', '--format=%H', `${flag}${value}`, '--', 'mm/hmm.c'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
      assert.ok(want.length > 0 && want.length < oids.length, `git log ${flag} lists some commits (${want.length})`);
      await page.getByPlaceholder(/^Search/).fill(`${flag}"${value}"`);
      await page.getByText(commitCount(want.length, oids.length), { exact: true }).waitFor();
      const rows = await attributes(page.locator('.commit-row'), 'data-oid');
      assert.ok(rows.length > 0, 'rows are shown');
      assert.deepEqual(rows, want.slice(0, rows.length), `the rows are git log ${flag}'s, in its order`);
    }
  },
);
