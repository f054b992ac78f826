/**
 * The UI's rows of `npm run bench` (issue 14's targets), in Debian's Chromium against `strata serve`, on a file
 * with thousands of versions (the line-history repository of lineBench, cached): time to the first list and to
 * every +/- count of a first open (against `git log -- path` and `git log --numstat -- path`), j/k from the key
 * to the frame with the row highlighted, the diff shown after j, a filter keystroke to the list showing it, and
 * an HTML report of every commit. BENCH_ONLY=ui runs only these rows. Each in-page figure is the median of
 * several key presses, measured in the page (performance.now at keydown to the animation frame that shows it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { viewToHash } from '../../shared/viewLocation';
import { EMPTY_FILTER } from '../../shared/timelineFilter';
import { launchChromium, NO_CHROMIUM, startServe, STRATA_BIN } from '../fixtures/webHostProcess';
import { openBare } from './bareChromium';

type Row = (what: string, native: number | null, strata: number | null, note?: string) => void;

const FILE = 'src/long.c';

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** Page code (text: it runs in Chromium): window.__firstRowAt, the time from the navigation's start to the first frame with a row of the list. */
const FIRST_ROW_FRAME = `(() => {
  const seen = () => {
    if (!document.querySelector('.commit-row')) return false;
    requestAnimationFrame(() => { window.__firstRowAt = performance.now(); });
    return true;
  };
  document.addEventListener('DOMContentLoaded', () => {
    if (seen()) return;
    const watch = new MutationObserver(() => { if (seen()) watch.disconnect(); });
    watch.observe(document.body, { childList: true, subtree: true });
  });
})()`;

/**
 * Page code: window.__indexTimes, when (performance.now) the page's socket sent the first indexFile request,
 * delivered its first partial answer with the list, and delivered its answer.
 */
const INDEX_SOCKET_TIMES = `(() => {
  const send = WebSocket.prototype.send;
  let id = null;
  WebSocket.prototype.send = function (data) {
    if (id === null && typeof data === 'string' && data.includes('"method":"indexFile"')) {
      id = JSON.parse(data).id;
      window.__indexTimes = { sent: performance.now() };
      this.addEventListener('message', (e) => {
        const t = window.__indexTimes;
        const head = '{"id":' + JSON.stringify(id) + ',';
        if (typeof e.data !== 'string' || !e.data.startsWith(head)) return;
        if (t.list === undefined && e.data.startsWith(head + '"partial":{"kind":"entries"')) t.list = performance.now();
        if (e.data.startsWith(head + '"ok":')) t.answer = performance.now();
      });
    }
    return send.call(this, data);
  };
})()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times one key in the page: from its keydown (capture) to the first animation frame where `done` (a page
 * expression; `start` is what `before` was at the key) holds. The page's code is text: it runs in Chromium.
 */
async function timeKey(page: Page, key: string, done: string, before: string): Promise<number> {
  await page.evaluate(`(() => {
    delete window.__took;
    const start = ${before};
    window.addEventListener('keydown', () => {
      const t0 = performance.now();
      const check = () => { if (${done}) window.__took = performance.now() - t0; else requestAnimationFrame(check); };
      requestAnimationFrame(check);
    }, { capture: true, once: true });
  })()`);
  await page.keyboard.press(key);
  await page.waitForFunction(() => (globalThis as { __took?: number }).__took !== undefined, null, { timeout: 30_000 });
  return ((await page.evaluate('window.__took')) as number) / 1000;
}

/** Types `text` into the message search, then deletes it, timing each key to the list showing its result. */
async function filterKeystrokes(page: Page, text: string): Promise<number[]> {
  await page.getByLabel('Search commit messages').click();
  const value = `document.querySelector('.filter-bar input[type=search]')?.value`;
  const shown = `document.querySelector('.list-pane')?.getAttribute('aria-busy') === 'false' && ${value} !== start`;
  const times: number[] = [];
  for (const key of [...text, ...Array<string>(text.length).fill('Backspace')]) times.push(await timeKey(page, key, shown, value));
  return times;
}

export async function benchUi(row: Row, cacheDir: string): Promise<void> {
  const versions = Number(process.env.BENCH_LINE_VERSIONS ?? 3000);
  if (!versions) return;
  if (NO_CHROMIUM) {
    row(`— UI rows: skipped (${NO_CHROMIUM}) —`, null, null);
    return;
  }
  const repo = path.join(cacheDir, `line-history-${versions}-v2`);
  if (!fs.existsSync(path.join(repo, 'bench-ready'))) {
    fs.rmSync(repo, { recursive: true, force: true });
    commitVersions(repo, FILE, editedVersions(5, versions, { startLines: 400, maxLines: 3000 }));
    fs.writeFileSync(path.join(repo, 'bench-ready'), '');
  }
  const gitLog = Math.min(...[0, 1, 2].map(() => timed(() => execFileSync('git', ['-C', repo, 'log', '--format=%H', '--', FILE]))));
  const gitNumstat = Math.min(
    ...[0, 1, 2].map(() =>
      timed(() => execFileSync('git', ['-C', repo, 'log', '--numstat', '--format=%H', '--', FILE], { maxBuffer: 1 << 30 })),
    ),
  );
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-ui-'));
  const browser = await launchChromium();
  // the host starts on its start screen and the page is opened at an address naming the file: the request
  // does all the work (a host started with the file reads its history ahead: measured on its own below)
  const { url, proc } = await startServe(home, []);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // the index's request, its first partial answer (the list) and its answer, timed in the page as the socket
    // sends and delivers them (Playwright's own frame events came late: a 1.4 MB frame is relayed to it first)
    await page.addInitScript(INDEX_SOCKET_TIMES);
    // the frame that first shows a row, timed in the page from the navigation's start: Playwright's own polling
    // for the row waits out the long tasks after it (Monaco loading for the selected commit's diff)
    await page.addInitScript(FIRST_ROW_FRAME);
    const loading = Date.now();
    await page.goto(
      url + viewToHash({ dir: repo, path: FILE, follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER }),
    );
    await page.locator('.commit-row').first().waitFor({ timeout: 600_000 });
    await page.waitForFunction(() => (globalThis as { __firstRowAt?: number }).__firstRowAt !== undefined);
    const firstRow = ((await page.evaluate('window.__firstRowAt')) as number) / 1000;
    await page.locator('.counting').waitFor({ state: 'detached', timeout: 600_000 });
    const allCounts = (Date.now() - loading) / 1000;
    const count = await page.locator('.filter-bar .count').innerText();
    const at = (await page.evaluate('window.__indexTimes')) as { sent: number; list?: number; answer: number };
    const list = ((at.list ?? at.answer) - at.sent) / 1000;
    const all = (at.answer - at.sent) / 1000;
    row(
      `UI: first open of a ${count.replace(' commits', '')}-version file, time to the list`,
      gitLog,
      list,
      'vs git log -- path; target ≤ 1x (includes the one-off commit index)',
    );
    row('UI: … time to every +/- count', gitNumstat, all, 'vs git log --numstat -- path');
    row(
      'UI: … the page loaded to its first row shown',
      null,
      firstRow,
      'what the user waits, from the navigation to the frame that shows a row (timed in the page): the page boots, asks, and draws the list',
    );
    row('UI: … the page loaded to every +/- count shown', null, allCounts, 'the same, to the last count');

    await page.locator('.commit-row').first().click();
    await page.locator('.diff-pane[aria-busy=false]').waitFor();
    const selected = `document.querySelector('.commit-row.selected')?.getAttribute('data-oid')`;
    const keys: number[] = [];
    const diffs: number[] = [];
    for (let i = 0; i < 12; i++) {
      keys.push(await timeKey(page, 'j', `${selected} !== start`, selected));
      await page.waitForTimeout(400);
    }
    const toBlob = `document.querySelector('.diff-pane')?.getAttribute('data-to-blob')`;
    for (let i = 0; i < 8; i++) {
      diffs.push(
        await timeKey(
          page,
          'j',
          `${toBlob} !== start && document.querySelector('.diff-pane')?.getAttribute('aria-busy') === 'false'`,
          toBlob,
        ),
      );
      await page.waitForTimeout(300);
    }
    row('UI: j, key to the row highlighted (median of 12)', null, median(keys), 'target < 16 ms');
    row('UI: j, key to its diff shown (median of 8)', null, median(diffs), 'target: 150 ms after the versions are read');

    const filters = await filterKeystrokes(page, 'version');
    row(`UI: a filter keystroke to the list showing it (median of ${filters.length})`, null, median(filters), 'target < 50 ms');

    // the same history where git keeps a commit-graph (as gc and maintenance write it, no Bloom filters): the
    // one-off commit index is copied from it, no commit read
    const graphCopy = path.join(cacheDir, `line-history-${versions}-graph.git`);
    if (!fs.existsSync(path.join(graphCopy, 'objects', 'info', 'commit-graph'))) {
      fs.rmSync(graphCopy, { recursive: true, force: true });
      execFileSync('git', ['clone', '-q', '--bare', '--shared', repo, graphCopy]);
      execFileSync('git', ['-C', graphCopy, 'commit-graph', 'write', '--reachable']);
    }
    const gitLogGraph = Math.min(
      ...[0, 1, 2].map(() => timed(() => execFileSync('git', ['-C', graphCopy, 'log', '--format=%H', '--', FILE]))),
    );
    const graphPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await graphPage.addInitScript(INDEX_SOCKET_TIMES);
    await graphPage.goto(
      url + viewToHash({ dir: graphCopy, path: FILE, follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER }),
    );
    await graphPage.locator('.commit-row').first().waitFor({ timeout: 600_000 });
    // a row can be one of the first commits a long walk shows: the list is the whole one
    await graphPage.waitForFunction(
      () => {
        const t = (globalThis as { __indexTimes?: { list?: number; answer?: number } }).__indexTimes;
        return t?.list !== undefined || t?.answer !== undefined;
      },
      null,
      { timeout: 600_000 },
    );
    const gat = (await graphPage.evaluate('window.__indexTimes')) as { sent: number; list?: number; answer: number };
    row(
      "UI: … the same history with git's commit-graph (no Bloom filters), first open, time to the list",
      gitLogGraph,
      ((gat.list ?? gat.answer) - gat.sent) / 1000,
      'vs git log -- path there (which uses the graph too)',
    );
    await graphPage.close();

    // the issue's measure of filtering is at 10,000 entries: a file with that many versions (small ones: its
    // counts are ready in seconds), its list whole and counted before the keys; measured last on this host, as
    // its background analyses of 10,000 versions would run beside the rows above
    const tenThousand = path.join(cacheDir, 'line-history-10000-small-v1');
    if (!fs.existsSync(path.join(tenThousand, 'bench-ready'))) {
      fs.rmSync(tenThousand, { recursive: true, force: true });
      commitVersions(tenThousand, FILE, editedVersions(6, 10_000, { startLines: 40, maxLines: 300 }));
      fs.writeFileSync(path.join(tenThousand, 'bench-ready'), '');
    }
    const big = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await big.goto(
      url + viewToHash({ dir: tenThousand, path: FILE, follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER }),
    );
    await big.locator('.commit-row').first().waitFor({ timeout: 600_000 });
    await big.locator('.counting').waitFor({ state: 'detached', timeout: 600_000 });
    const bigCount = (await big.locator('.filter-bar .count').innerText()).replace(' commits', '');
    // "version 1" narrows the list at its last keys (1,111 of 10,000), then each Backspace widens it again
    const bigFilters = await filterKeystrokes(big, 'version 1');
    row(
      `UI: a filter keystroke at ${bigCount} entries to the list showing it (median of ${bigFilters.length})`,
      null,
      median(bigFilters),
      'target < 50 ms at 10,000 entries',
    );
    await big.close();
  } finally {
    proc.kill();
  }

  // `strata serve --repo --path` (and the desktop reopening its last file) starts reading the history at once:
  // the page opened as soon as the host prints its address (both then share the cores), and two seconds later
  // (a person clicking the printed link), from the page's start to its first row shown
  try {
    for (const wait of [0, 2000]) {
      const aheadHome = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-ui-'));
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const started = Date.now();
      const ahead = await startServe(aheadHome, ['--repo', repo, '--path', FILE]);
      try {
        const hostUp = (Date.now() - started) / 1000;
        await page.waitForTimeout(wait);
        await page.addInitScript(FIRST_ROW_FRAME);
        await page.goto(ahead.url);
        await page.locator('.commit-row').first().waitFor({ timeout: 600_000 });
        await page.waitForFunction(() => (globalThis as { __firstRowAt?: number }).__firstRowAt !== undefined);
        row(
          `UI: strata serve --repo --path, page opened ${wait ? `${wait / 1000} s after` : 'as soon as'} the host is up, to its first row shown`,
          null,
          ((await page.evaluate('window.__firstRowAt')) as number) / 1000,
          `the host reads the history while the page loads, the page's request joins that job (host up in ${hostUp.toFixed(2)} s)`,
        );
      } finally {
        ahead.proc.kill();
        await page.close();
        fs.rmSync(aheadHome, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }

  // the first open again, in a Chromium no DevTools client watches (as a user's): Playwright's protocol reports each
  // socket frame with its payload, which the rows above pay for the list (see bareChromium)
  const bareHome = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-ui-'));
  const bare = await startServe(bareHome, []);
  try {
    const seen = (await openBare({
      url:
        bare.url + viewToHash({ dir: repo, path: FILE, follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER }),
      scripts: [INDEX_SOCKET_TIMES, FIRST_ROW_FRAME],
      read: `window.__firstRowAt !== undefined && window.__indexTimes?.list !== undefined ? JSON.stringify({ t: window.__indexTimes, row: window.__firstRowAt }) : undefined`,
      timeoutMs: 600_000,
    })) as { t: { sent: number; list: number }; row: number };
    row(
      'UI: … first open in a Chromium no DevTools client watches, time to the list',
      gitLog,
      (seen.t.list - seen.t.sent) / 1000,
      "as a user's browser: Playwright's DevTools protocol sends it every socket frame's payload",
    );
    row('UI: … the page loaded to its first row shown, the same', null, seen.row / 1000, 'from the navigation, timed in the page');
  } finally {
    const exited = bare.proc.exitCode === null ? new Promise((r) => bare.proc.once('exit', r)) : null;
    bare.proc.kill();
    await exited;
    fs.rmSync(bareHome, { recursive: true, force: true, maxRetries: 5 });
  }
  const out = path.join(home, 'report.html');
  const report = timed(() =>
    spawnSync(process.execPath, [STRATA_BIN, 'export', '--repo', repo, '--path', FILE, '--format', 'html', '--out', out], {
      env: { ...process.env, STRATA_HOME: home },
    }),
  );
  row(
    `report: HTML of every commit (${fs.existsSync(out) ? `${(fs.statSync(out).size / 2 ** 20).toFixed(1)} MiB` : 'not written'})`,
    null,
    report,
    'target < 10 s',
  );
  // the PDF of the same: printed in parts by headless Chromium, two at a time, then joined (printReportPdf)
  const pdf = path.join(home, 'report.pdf');
  const printed = timed(() =>
    spawnSync(process.execPath, [STRATA_BIN, 'export', '--repo', repo, '--path', FILE, '--format', 'pdf', '--out', pdf], {
      env: { ...process.env, STRATA_HOME: home },
    }),
  );
  const pages = fs.existsSync(pdf) ? (await PDFDocument.load(fs.readFileSync(pdf))).getPageCount() : 0;
  row(
    `report: PDF of every commit (${pages ? `${pages.toLocaleString('en')} pages, ${(fs.statSync(pdf).size / 2 ** 20).toFixed(1)} MiB` : 'not written'})`,
    null,
    printed,
    'printed in parts (as one document it passed the printer’s 2-minute limit); includes the HTML above',
  );
  fs.rmSync(home, { recursive: true, force: true });
}
