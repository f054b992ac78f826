import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { attributes, commitCount, hostAndBrowser, NO_CHROMIUM, SCREENSHOTS as outDir } from '../fixtures/webHostProcess';
import { viewToHash } from '../../shared/viewLocation';
import { EMPTY_FILTER } from '../../shared/timelineFilter';
import { gitHunkSpans } from '../fixtures/gitOracle';

/** One more commit on the current branch setting `file` to `text` (fast-import; the work tree is left as it is). */
function commitOnTop(repo: string, file: string, text: string, message: string): void {
  const time = Math.floor(Date.now() / 1000);
  const data = Buffer.from(text, 'utf8');
  const branch = execFileSync('git', ['-C', repo, 'symbolic-ref', 'HEAD'], { encoding: 'utf8' }).trim();
  const input = Buffer.concat([
    Buffer.from(
      `commit ${branch}\ncommitter T <t@example.org> ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n` +
        `from ${branch}^0\nM 100644 inline ${file}\ndata ${data.length}\n`,
    ),
    data,
    Buffer.from('\n'),
  ]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, input });
}

/** An empty repository on main, its committer A, and git run in it. */
function initRepo(repo: string): { repo: string; git: (...args: string[]) => string } {
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
  git('config', 'user.name', 'A');
  git('config', 'user.email', 'a@example.org');
  return { repo, git };
}

/** `git blame --porcelain`'s commit of each line (1-based index 0 unused). */
function gitBlameOids(repo: string, rev: string, file: string, extra: string[] = []): string[] {
  const out = execFileSync('git', ['-C', repo, 'blame', '--porcelain', ...extra, rev, '--', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const oids = [''];
  for (const l of out.split('\n')) {
    const m = /^([0-9a-f]{40}) \d+ (\d+)/.exec(l);
    if (m) oids[Number(m[2])] = m[1]!;
  }
  return oids;
}

test(
  'the Blame tab: gutter as git blame tells it, keys move the cursor, Enter selects the commit, b blames before it',
  { skip: NO_CHROMIUM, timeout: 180_000 },
  async (t) => {
    const dir = tmpDir('blame-ui');
    const repo = path.join(dir, 'repo');
    generateRepo({ dir: repo, seed: 15, commits: 60, targetRate: 0.6 });
    // two commits whose change git's diff and Monaco's own place differently (equally short, slid apart)
    // lines re-indented and one changed: git diff -w shows only that one
    const generated = execFileSync('git', ['-C', repo, 'show', 'HEAD:mm/hmm.c'], { encoding: 'utf8' }).split('\n');
    for (let i = 30; i < 40 && i < generated.length - 1; i++) generated[i] = `  ${generated[i]!.replace(/^\t/, '        ')} `;
    generated[35] = `${generated[35]!}/* and changed */`;
    commitOnTop(repo, 'mm/hmm.c', generated.join('\n'), 'reindent, and change a line');
    const original = execFileSync('git', ['-C', repo, 'show', 'HEAD:mm/hmm.c'], { encoding: 'utf8' });
    // a block moved from near the top to the end: plain blame gives it to this commit, blame -M to those that wrote it
    const lines = original.split('\n').slice(0, -1);
    const block = lines.splice(8, 16);
    const base = `${[...lines, ...block].join('\n')}\n`;
    commitOnTop(repo, 'mm/hmm.c', base, 'move a block to the end');
    commitOnTop(repo, 'mm/hmm.c', `${base}return 0;\nreturn 0;\n{\nbar();\n`, 'tail: a block');
    commitOnTop(repo, 'mm/hmm.c', `${base}return 0;\nif (x) {\nreturn 0;\n{\nx++;\n{\nbar();\n`, 'tail: lines slid in');
    // ids longer than a small repository's 7 digits: the gutter and the status line write them as git blame does
    execFileSync('git', ['-C', repo, 'config', 'core.abbrev', '10']);
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'mm/hmm.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // the requests as they leave the page: what the timeline fills in by itself must say it is background work
    const asked: { method: string; background: boolean }[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const m = JSON.parse(String(f.payload)) as { method?: string; background?: boolean };
        if (m.method) asked.push({ method: m.method, background: m.background === true });
      }),
    );
    await page.goto(url);
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    const head = (await page.locator('.commit-row').first().getAttribute('data-oid'))!;
    const want = gitBlameOids(repo, head, 'mm/hmm.c');
    const roots = execFileSync('git', ['-C', repo, 'rev-list', '--max-parents=0', 'HEAD'], { encoding: 'utf8' }).split('\n');
    const target = want.findIndex((oid, i) => i > 1 && oid && !roots.includes(oid)); // a line not from the root commit
    assert.ok(target > 1 && target < 30, 'the generated file has a changed line near the top');
    // the Diff tab highlights git's changes (git diff -U0's hunks), not a diff of Monaco's own
    let compared = 0;
    for (const r of (await page.locator('.commit-row').all()).slice(0, 12)) {
      const oid = (await r.getAttribute('data-oid'))!;
      const parents = execFileSync('git', ['-C', repo, 'rev-list', '--parents', '-n1', oid], { encoding: 'utf8' }).trim().split(' ');
      if (parents.length !== 2) continue;
      const want = gitHunkSpans(repo, parents[1]!, oid, 'mm/hmm.c');
      await r.click();
      const blob = execFileSync('git', ['-C', repo, 'rev-parse', `${oid}:mm/hmm.c`], { encoding: 'utf8' }).trim();
      await page.locator(`.diff-pane[data-to-blob="${blob}"]`).waitFor();
      await page
        .locator(`[data-testid="diff-editor"][data-changes="${want}"]`)
        .waitFor({ timeout: 10_000 })
        .catch(async () => {
          const got = await page.locator('[data-testid="diff-editor"]').getAttribute('data-changes');
          assert.equal(got, want, `the pane's changes for ${oid}`);
        });
      compared++;
    }
    assert.ok(compared >= 5, `${compared} diffs compared`);
    // Ignore whitespace: the pane shows git diff -w's hunks (only the line changed), its counts -w's too
    const reindent = page.locator('.commit-row', { hasText: 'reindent, and change a line' });
    const reindentOid = (await reindent.getAttribute('data-oid'))!;
    const hunksOf = (args: string[]) => gitHunkSpans(repo, `${reindentOid}^`, reindentOid, 'mm/hmm.c', args);
    const [plainHunks, wsHunks] = [hunksOf([]), hunksOf(['-w'])];
    assert.notEqual(plainHunks, wsHunks);
    await reindent.click();
    await page.locator(`[data-testid="diff-editor"][data-changes="${plainHunks}"]`).waitFor({ timeout: 10_000 });
    await page.getByRole('checkbox', { name: 'Ignore whitespace' }).check();
    await page
      .locator(`[data-testid="diff-editor"][data-changes="${wsHunks}"]`)
      .waitFor({ timeout: 10_000 })
      .catch(async () =>
        assert.equal(await page.locator('[data-testid="diff-editor"]').getAttribute('data-changes'), wsHunks, 'git diff -w'),
      );
    await page.getByRole('checkbox', { name: 'Ignore whitespace' }).uncheck();
    await page.locator(`[data-testid="diff-editor"][data-changes="${plainHunks}"]`).waitFor({ timeout: 10_000 });
    await page.locator('.commit-row').first().click();
    await page.getByRole('tab', { name: 'Blame' }).click();
    const row = (n: number) => page.locator(`.blame-row[data-line="${n}"]`);
    await row(1).locator('.blame-oid').waitFor({ timeout: 60_000 });
    // a blame is waited on; the badges' and tabs' analyses and blame prepared ahead give way to it (see JobRunner)
    const askedFor = (method: string) => asked.filter((a) => a.method === method);
    for (const end = performance.now() + 30_000; !askedFor('prepareBlame').length && performance.now() < end;)
      await page.waitForTimeout(100);
    for (const method of ['findReleases', 'changedFunctions', 'exportLedger', 'findBackports', 'prepareBlame']) {
      assert.ok(askedFor(method).length > 0, `${method} was asked`);
      assert.ok(
        askedFor(method).every((a) => a.background),
        `${method} is asked in the background`,
      );
    }
    for (const method of ['indexFile', 'blame'])
      assert.ok(askedFor(method).length > 0 && askedFor(method).every((a) => !a.background), `${method} is waited on`);
    // every row on screen carries git's commit for its line
    const rows = await page.locator('.blame-row').all();
    const shown = await Promise.all(rows.map(async (r) => [await r.getAttribute('data-line'), await r.getAttribute('data-oid')] as const));
    assert.ok(shown.length > 10);
    for (const [n, oid] of shown) assert.equal(oid, want[Number(n)], `line ${n}`);
    // the age colour runs down every line of a commit's run, not only the line that names the commit
    const bars = (await page.evaluate(`[...document.querySelectorAll('.blame-row')].map((el) => {
      const g = el.querySelector('.blame-gutter');
      return {
        line: el.getAttribute('data-line'),
        named: g.querySelector('.blame-oid') !== null,
        tall: Math.round(g.getBoundingClientRect().height) === Math.round(el.getBoundingClientRect().height),
        colour: getComputedStyle(g).borderLeftColor,
      };
    })`)) as { line: string; named: boolean; tall: boolean; colour: string }[];
    const continued = bars.filter((b) => !b.named);
    assert.ok(continued.length > 3, 'some runs go on past their first line');
    for (const b of bars)
      assert.ok(b.tall && b.colour !== 'rgba(0, 0, 0, 0)', `line ${b.line}: a bar the row's height, coloured (${JSON.stringify(b)})`);
    // the gutter writes a commit's id as git blame does (its length, the ^ of a boundary commit)
    const gitIds = execFileSync('git', ['-C', repo, 'blame', head, '--', 'mm/hmm.c'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.split(' ', 1)[0]!);
    for (const n of [1, target]) assert.equal(await row(n).locator('.blame-oid').innerText(), gitIds[n - 1], `line ${n}'s id`);
    // the gutter's hover names the commit's subject
    const subject = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%s', want[1]!], { encoding: 'utf8' }).trim();
    assert.match(
      (await row(1).locator('.blame-gutter').getAttribute('title')) ?? '',
      new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
    // keys: a line down, Enter selects its commit on the timeline
    await page.locator('.blame-lines').focus();
    for (let i = 1; i < target; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('.blame-row.cursor').getAttribute('data-line'), String(target));
    const statusId = gitIds[target - 1]!.replace(/^\^/, '');
    assert.equal(statusId.length, 11, 'git blame writes core.abbrev + 1 digits');
    assert.match(
      await page.locator('.blame-status').innerText(),
      new RegExp(`^Line ${target}: ${statusId} `),
      'the status names the commit as the gutter does',
    );
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'blame-tab.png') });
    // the blame and the details beside it take the tab's whole width (the blame was as wide as its tool bar: the
    // rest of the window stayed blank)
    const [body, blame, details] = await Promise.all(
      ['.tab-body:not([hidden])', '.blame', '.tab-body:not([hidden]) .details-pane'].map((s) => page.locator(s).first().boundingBox()),
    );
    assert.ok(
      body && blame && details && details.x + details.width >= body.x + body.width - 2 && blame.width > body.width / 2,
      `the blame is ${blame?.width} px wide and the details end at ${details && details.x + details.width} in a tab ${body?.width} px wide`,
    );
    // the details are the cursor line's commit's: why the line is as it is
    const detailsOid = () => page.locator('.tab-body:not([hidden]) .details .meta code').first().innerText();
    assert.equal(await detailsOid(), want[target], `the details of line ${target}'s commit`);
    // b on a line of the root commit: nothing before it, and the tab says so
    const rootLine = want.findIndex((oid, i) => i > 0 && i < 30 && roots.includes(oid));
    if (rootLine > 0) {
      await row(rootLine).click();
      await page.keyboard.press('b');
      await page.locator('.blame-status', { hasText: `Line ${rootLine} was added in the first commit` }).waitFor();
      await row(target).click();
    }
    // b: blame at the line's commit's parent, cursor on the parent's line git's diff of that commit puts it at
    const porcelain = execFileSync('git', ['-C', repo, 'blame', '--porcelain', '-L', `${target},${target}`, head, '--', 'mm/hmm.c'], {
      encoding: 'utf8',
    });
    const origLine = Number(/^[0-9a-f]{40} (\d+)/.exec(porcelain)![1]);
    const [, prevOid, prevPath] = /^previous ([0-9a-f]{40}) (.*)$/m.exec(porcelain)!;
    const hunk = [
      ...execFileSync('git', ['-C', repo, 'diff', '-U0', prevOid!, want[target]!, '--', prevPath!], { encoding: 'utf8' }).matchAll(
        /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm,
      ),
    ]
      .map((m) => ({
        s1: Number(m[1]),
        c1: m[2] === undefined ? 1 : Number(m[2]),
        s2: Number(m[3]),
        c2: m[4] === undefined ? 1 : Number(m[4]),
      }))
      .find((h) => origLine >= h.s2 && origLine < h.s2 + h.c2)!;
    const parentLine = hunk.c1 > 0 ? hunk.s1 + Math.min(origLine - hunk.s2, hunk.c1 - 1) : hunk.s1 + 1;
    const lineCommit = want[target]!;
    const parent = execFileSync('git', ['-C', repo, 'rev-parse', `${lineCommit}^`], { encoding: 'utf8' }).trim();
    await page.keyboard.press('b');
    await page.locator('.blame-label', { hasText: parent.slice(0, 8) }).waitFor({ timeout: 30_000 });
    const before = gitBlameOids(repo, parent, 'mm/hmm.c');
    await page.locator('.blame-row.cursor').waitFor();
    const cursorRow = page.locator('.blame-row.cursor');
    await page.locator('.blame-row.cursor[data-oid]').waitFor();
    const n = Number(await cursorRow.getAttribute('data-line'));
    assert.equal(n, parentLine, 'the cursor is on the parent line the changed line replaced');
    assert.equal(await cursorRow.getAttribute('data-oid'), before[n]);
    await page.screenshot({ path: path.join(outDir, 'blame-before.png') });
    await page.keyboard.press('Enter');
    await page.locator(`.commit-row.selected[data-oid="${before[n]}"]`).waitFor({ timeout: 30_000 });
    // Shift+↓ picks a range of lines; h keeps, in the list, the commits git log -L lists for them at this version
    const at = before[n]!;
    await page.getByRole('tab', { name: 'Blame' }).click();
    await page.locator('.blame-label', { hasText: at.slice(0, 8) }).waitFor({ timeout: 30_000 });
    await page.locator('.blame-row[data-line="1"][data-oid]').waitFor();
    await page.locator('.blame-row[data-line="1"]').click();
    const total = Number(/(\d+) commits?/.exec(await page.locator('.filter-bar .count').innerText())![1]);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.getByRole('button', { name: 'History of lines 1–4' }).waitFor();
    // Shift+click picks one too, and selects no text (the browser's selection ran over the rows, blue on blue)
    await page.locator('.blame-row[data-line="6"]').click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'History of lines 1–6' }).waitFor();
    assert.equal(await page.evaluate('String(getSelection())'), '', 'no text selected by the Shift+click');
    await page.locator('.blame-row[data-line="1"]').click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.getByRole('button', { name: 'History of lines 1–4' }).waitFor();
    await page.keyboard.press('h');
    const rangeOids = execFileSync('git', ['-C', repo, 'log', '--format=%H', '-L', '1,4:mm/hmm.c', at], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l));
    await page.locator('.filter-chip', { hasText: 'Lines 1–4' }).waitFor();
    assert.ok(rangeOids.length > 0 && rangeOids.length < total, `${rangeOids.length} of ${total}`);
    await page.locator('.filter-bar .count', { hasText: `${rangeOids.length} of ${total}` }).waitFor({ timeout: 30_000 });
    const listed = await attributes(page.locator('.commit-row'), 'data-oid');
    assert.deepEqual([...listed].sort(), [...rangeOids].sort());
    await page.screenshot({ path: path.join(outDir, 'blame-history-of-lines.png') });
    await page.getByRole('button', { name: 'Stop following these lines' }).click();
    await page.locator('.filter-bar .count', { hasText: commitCount(total) }).waitFor();
    // Follow moved lines (m): the rows at the end, where the moved block is, as git blame -M tells them
    await page.locator('.commit-row').first().click();
    await page.getByRole('tab', { name: 'Blame' }).click();
    await page.locator('.blame-label', { hasText: head.slice(0, 8) }).waitFor({ timeout: 30_000 });
    await page.locator('.blame-row[data-line="1"][data-oid]').waitFor();
    await page.locator('.blame-lines').focus();
    await page.keyboard.press('End');
    const shownAtEnd = async () =>
      Promise.all(
        (await page.locator('.blame-row[data-oid]').all()).map(
          async (r) => [Number(await r.getAttribute('data-line')), await r.getAttribute('data-oid')] as const,
        ),
      );
    const withMoves = gitBlameOids(repo, head, 'mm/hmm.c', ['-M']);
    const lastLine = want.length - 1;
    await page.locator(`.blame-row[data-line="${lastLine}"]`).waitFor();
    for (const [line, oid] of await shownAtEnd()) assert.equal(oid, want[line], `line ${line} without -M`);
    const movedShown = (await shownAtEnd()).filter(([line]) => withMoves[line] !== want[line]);
    assert.ok(movedShown.length >= 8, `${movedShown.length} lines on screen blamed otherwise with -M`);
    await page.keyboard.press('m');
    await page.getByRole('checkbox', { name: 'Follow moved lines' }).and(page.locator(':checked')).waitFor();
    const [firstMoved] = movedShown[0]!;
    await page.locator(`.blame-row[data-line="${firstMoved}"][data-oid="${withMoves[firstMoved]}"]`).waitFor({ timeout: 30_000 });
    for (const [line, oid] of await shownAtEnd()) assert.equal(oid, withMoves[line], `line ${line} with -M`);
    await page.screenshot({ path: path.join(outDir, 'blame-moved-lines.png') });
    await page.keyboard.press('m');
    await page.locator(`.blame-row[data-line="${firstMoved}"][data-oid="${want[firstMoved]}"]`).waitFor({ timeout: 30_000 });
    // and copied from other files: git blame -C (which implies -M: the moves checkbox shows it, and cannot be cleared)
    const withCopies = gitBlameOids(repo, head, 'mm/hmm.c', ['-C']);
    await page.getByRole('checkbox', { name: 'and copied from other files' }).check();
    assert.ok(await page.getByRole('checkbox', { name: 'Follow moved lines' }).isChecked());
    assert.ok(await page.getByRole('checkbox', { name: 'Follow moved lines' }).isDisabled());
    await page.locator(`.blame-row[data-line="${firstMoved}"][data-oid="${withCopies[firstMoved]}"]`).waitFor({ timeout: 30_000 });
    for (const [line, oid] of await shownAtEnd()) assert.equal(oid, withCopies[line], `line ${line} with -C`);
    await page.getByRole('checkbox', { name: 'and copied from other files' }).uncheck();
    await page.locator(`.blame-row[data-line="${firstMoved}"][data-oid="${want[firstMoved]}"]`).waitFor({ timeout: 30_000 });
    // Ignore whitespace (w): the re-indented lines near the top go to the commits that wrote them, as git blame -w tells
    const withWs = gitBlameOids(repo, head, 'mm/hmm.c', ['-w']);
    await page.locator('.blame-lines').focus();
    await page.keyboard.press('Home');
    await page.locator('.blame-row[data-line="1"]').waitFor();
    const shownNow = async () =>
      Promise.all(
        (await page.locator('.blame-row[data-oid]').all()).map(
          async (r) => [Number(await r.getAttribute('data-line')), await r.getAttribute('data-oid')] as const,
        ),
      );
    const respaced = (await shownNow()).filter(([line]) => withWs[line] !== want[line]);
    assert.ok(respaced.length >= 5, `${respaced.length} lines on screen blamed otherwise with -w`);
    await page.keyboard.press('w');
    // (the toolbar's Ignore whitespace, which the diff follows too)
    const wsBox = page.getByRole('checkbox', { name: 'Ignore whitespace' });
    assert.ok(await wsBox.isChecked(), "w ticks the toolbar's Ignore whitespace");
    const [firstRespaced] = respaced[0]!;
    await page.locator(`.blame-row[data-line="${firstRespaced}"][data-oid="${withWs[firstRespaced]}"]`).waitFor({ timeout: 30_000 });
    for (const [line, oid] of await shownNow()) assert.equal(oid, withWs[line], `line ${line} with -w`);
    await page.screenshot({ path: path.join(outDir, 'blame-ignore-whitespace.png') });
    await wsBox.uncheck();
    await page.locator(`.blame-row[data-line="${firstRespaced}"][data-oid="${want[firstRespaced]}"]`).waitFor({ timeout: 30_000 });
    // at 1024x700 the tab's tool bar stays one line (its keys cut with …, whole on hover), the blame the tab's width
    await page.setViewportSize({ width: 1024, height: 700 });
    const tools = (await page.locator('.blame-tools').boundingBox())!;
    assert.ok(tools.height < 40, `the blame's tool bar is ${tools.height} px tall`);
    await page.screenshot({ path: path.join(outDir, 'blame-tab-1024.png') });
    // checked here, not after the test: the host is stopped before the browser, and a request cut by that is no error of the page's
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);

test(
  'the Blame tab on a commit that deleted the file, or on a binary file, says so, raises no error, and blames the version before on request',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('blame-ui-deleted');
    const repo = path.join(dir, 'repo');
    generateRepo({ dir: repo, seed: 16, commits: 20, targetRate: 0.6 });
    const branch = execFileSync('git', ['-C', repo, 'symbolic-ref', 'HEAD'], { encoding: 'utf8' }).trim();
    const message = 'mm: remove hmm';
    execFileSync('git', ['fast-import', '--quiet'], {
      cwd: repo,
      input: `commit ${branch}\ncommitter T <t@example.org> ${Math.floor(Date.now() / 1000)} +0000\ndata ${message.length}\n${message}\nfrom ${branch}^0\nD mm/hmm.c\nM 100644 inline doc/figure.bin\ndata 6\nab\0\0cd\nM 100644 inline doc/empty.h\ndata 0\n\n`,
    });
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'mm/hmm.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    await page.goto(url);
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    const deleting = (await page.locator('.commit-row').first().getAttribute('data-oid'))!;
    const total = Number(/(\d+) commits?/.exec(await page.locator('.filter-bar .count').innerText())![1]);
    assert.equal(deleting, execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
    await page.getByRole('tab', { name: 'Blame' }).click();
    const nothing = page.locator('[data-testid="blame-nothing"]');
    await nothing.waitFor({ timeout: 30_000 });
    assert.match(await nothing.innerText(), new RegExp(`${deleting.slice(0, 8)} deleted mm/hmm\\.c`));
    assert.equal(await page.locator('.error-banner').count(), 0, 'no error banner');
    await page.screenshot({ path: path.join(outDir, 'blame-deleted.png') });
    await nothing.getByRole('button', { name: /Blame the version before/ }).click();
    const parent = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD~1'], { encoding: 'utf8' }).trim();
    await page.locator('.blame-label', { hasText: parent.slice(0, 8) }).waitFor({ timeout: 30_000 });
    await page.locator('.blame-row[data-line="1"][data-oid]').waitFor({ timeout: 30_000 });
    const want = gitBlameOids(repo, parent, 'mm/hmm.c');
    for (const r of (await page.locator('.blame-row[data-oid]').all()).slice(0, 10)) {
      const n = Number(await r.getAttribute('data-line'));
      assert.equal(await r.getAttribute('data-oid'), want[n], `line ${n}`);
    }
    // a binary version and an empty one: said so, no empty pane of lines. Each opened by an address pasted over this
    // page's (a hash change, which the app answers as a load), then back to the first file with the browser's back
    for (const [file, says] of [
      ['doc/figure.bin', 'doc/figure.bin is a binary file at'],
      ['doc/empty.h', 'doc/empty.h is empty at'],
    ] as const) {
      const hash = viewToHash({ dir: repo, path: file, follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER });
      await page.evaluate((h) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = h;
      }, hash);
      await page.locator('.filter-bar .count', { hasText: new RegExp(`^${commitCount(1)}$`) }).waitFor({ timeout: 60_000 });
      await page.locator('.commit-row').first().click();
      await page.getByRole('tab', { name: 'Blame' }).click();
      await page.locator('[data-testid="blame-nothing"]', { hasText: says }).waitFor({ timeout: 30_000 });
      await page.goBack();
      await page.locator('.filter-bar .count', { hasText: new RegExp(`^${commitCount(total)}$`) }).waitFor({ timeout: 60_000 });
    }
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);

test(
  'the Blame tab on a line from outside the list (before a rename the list does not follow; with -C, from another file): Enter says where it came from',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('blame-ui-outside');
    const { repo, git } = initRepo(path.join(dir, 'repo'));
    const fn = (name: string) => `static int ${name}(int a)\n{\n\treturn compute_${name}_value(a) + adjust_${name}_offset(a);\n}\n`;
    fs.writeFileSync(path.join(repo, 'a.c'), `${fn('first')}\n${fn('second')}`);
    fs.writeFileSync(path.join(repo, 'lib.c'), `${fn('library_one')}\n${fn('library_two')}`);
    git('add', '-A');
    git('commit', '-qm', 'a.c and lib.c');
    git('mv', 'a.c', 'b.c');
    fs.appendFileSync(path.join(repo, 'b.c'), `\n${fn('third')}`);
    git('commit', '-qam', 'rename a.c to b.c, and add a function');
    fs.writeFileSync(path.join(repo, 'lib.c'), fn('library_one'));
    fs.appendFileSync(path.join(repo, 'b.c'), `\n${fn('library_two')}`);
    git('commit', '-qam', "move lib.c's second function to b.c");
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'b.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    const view = { dir: repo, path: 'b.c', follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER };
    await page.goto(`${url}${viewToHash(view)}`);
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    assert.equal(await page.locator('.commit-row').count(), 2, 'without --follow the list starts at the rename');
    await page.getByRole('tab', { name: 'Blame' }).click();
    const first = git('rev-list', '--max-parents=0', 'HEAD').trim();
    await page.locator(`.blame-row[data-line="1"][data-oid="${first}"]`).waitFor({ timeout: 30_000 });
    await page.locator('.blame-row[data-line="1"]').click();
    // the details beside the blame are that commit's, though the list does not have it (read by its id)
    const details = page.locator('.tab-body:not([hidden]) .details');
    await details.locator('.details-subject', { hasText: 'a.c and lib.c' }).waitFor();
    assert.equal(await details.locator('.meta code').first().innerText(), first);
    await page.keyboard.press('Enter');
    await page.locator('.blame-status', { hasText: `Line 1 came from a.c in ${first.slice(0, 8)}` }).waitFor();
    assert.match(await page.locator('.blame-status').innerText(), /Follow renames/);
    assert.equal(await page.getByRole('tab', { name: 'Blame' }).getAttribute('aria-selected'), 'true', 'the tab stays');
    // with -C the moved function is lib.c's, from the first commit
    const withCopies = gitBlameOids(repo, 'HEAD', 'b.c', ['-C']);
    const fromLib = withCopies.findIndex((oid, i) => i > 0 && oid === first && i > 10);
    assert.ok(fromLib > 10, 'git blame -C gives a line of the moved function to the first commit');
    await page.getByRole('checkbox', { name: 'and copied from other files' }).check();
    await page.locator(`.blame-row[data-line="${fromLib}"][data-oid="${first}"]`).waitFor({ timeout: 30_000 });
    for (let n = 1; n < withCopies.length; n++)
      assert.equal(await page.locator(`.blame-row[data-line="${n}"]`).getAttribute('data-oid'), withCopies[n], `line ${n}`);
    await page.locator(`.blame-row[data-line="${fromLib}"]`).click();
    await page.keyboard.press('Enter');
    await page.locator('.blame-status', { hasText: `Line ${fromLib} came from lib.c in ${first.slice(0, 8)}` }).waitFor();
    // the choice is kept: after a reload the tab blames with -C again
    await page.reload();
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Blame' }).click();
    assert.ok(await page.getByRole('checkbox', { name: 'and copied from other files' }).isChecked());
    await page.locator(`.blame-row[data-line="${fromLib}"][data-oid="${first}"]`).waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);

test(
  "the Blame tab on a range's timeline (A..B) blames as git blame A..: older lines stop at A's history, marked ^, until unticked",
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('blame-ui-range');
    const { repo, git } = initRepo(path.join(dir, 'repo'));
    const lines: string[] = [];
    for (let i = 1; i <= 5; i++) {
      lines.push(`int step_${i}_first;`, `int step_${i}_second;`);
      fs.writeFileSync(path.join(repo, 'f.c'), `${lines.join('\n')}\n`);
      git('add', 'f.c');
      git('commit', '-qm', `step ${i}`);
      git('tag', `t${i}`);
    }
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    const view = { dir: repo, path: 'f.c', follow: false, rev: 't2..t5', selected: null, a: null, b: null, filter: EMPTY_FILTER };
    await page.goto(`${url}${viewToHash(view)}`);
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    assert.equal(await page.locator('.commit-row').count(), 3, 'the range lists t3, t4 and t5');
    await page.getByRole('tab', { name: 'Blame' }).click();
    const t2 = git('rev-parse', 't2').trim();
    const want = gitBlameOids(repo, 't2..t5', 'f.c');
    await page.locator(`.blame-row[data-line="1"][data-oid="${t2}"]`).waitFor({ timeout: 30_000 });
    for (let n = 1; n < want.length; n++)
      assert.equal(await page.locator(`.blame-row[data-line="${n}"]`).getAttribute('data-oid'), want[n], `line ${n}`);
    assert.match(await page.locator('.blame-row[data-line="1"] .blame-oid').innerText(), new RegExp(`^\\^${t2.slice(0, 7)}`));
    assert.match((await page.locator('.blame-row[data-line="1"]').getAttribute('class')) ?? '', /\bboundary\b/, 'greyed');
    assert.doesNotMatch((await page.locator('.blame-row[data-line="5"]').getAttribute('class')) ?? '', /\bboundary\b/);
    await page.locator('.blame-row[data-line="3"]').click();
    await page.keyboard.press('b');
    await page.locator('.blame-status', { hasText: 'Line 3 is older than t2' }).waitFor();
    await page.screenshot({ path: path.join(outDir, 'blame-range.png') });
    // unticked: blame goes on past t2, as git blame t5 does
    await page.getByRole('checkbox', { name: 'Stop at t2' }).uncheck();
    const t1 = git('rev-parse', 't1').trim();
    await page.locator(`.blame-row[data-line="1"][data-oid="${t1}"]`).waitFor({ timeout: 30_000 });
    const whole = gitBlameOids(repo, 't5', 'f.c');
    for (let n = 1; n < whole.length; n++)
      assert.equal(await page.locator(`.blame-row[data-line="${n}"]`).getAttribute('data-oid'), whole[n], `line ${n} unticked`);
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);

test(
  'the Blame tab with First parent: lines a merge brought in are blamed on the merge, as git blame --first-parent; the tool bar stays one line at 1024x700',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('blame-ui-first-parent');
    const { repo, git } = initRepo(path.join(dir, 'repo'));
    const write = (lines: string[], message: string) => {
      fs.writeFileSync(path.join(repo, 'f.c'), `${lines.join('\n')}\n`);
      git('add', 'f.c');
      git('commit', '-q', '-m', message);
    };
    const base = Array.from({ length: 12 }, (_, i) => `line_${i + 1}();`);
    write(base, 'add f.c');
    git('checkout', '-q', '-b', 'side');
    write(
      base.map((l, i) => (i === 1 ? 'side_change();' : l)).flatMap((l, i) => (i === 4 ? [l, 'side_added();'] : [l])),
      'side: two lines',
    );
    git('checkout', '-q', 'main');
    write(
      base.map((l, i) => (i === 9 ? 'main_change();' : l)),
      'main: a line',
    );
    git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
    const head = git('rev-parse', 'HEAD').trim();
    const plain = gitBlameOids(repo, head, 'f.c');
    const byFirst = gitBlameOids(repo, head, 'f.c', ['--first-parent']);
    assert.ok(
      byFirst.filter((oid, i) => oid === head && plain[i] !== head).length === 2,
      'the side branch two lines are the merge with --first-parent',
    );

    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'f.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    await page.goto(url);
    await page.locator(`.commit-row[data-oid="${head}"]`).click({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Blame' }).click();
    const shown = async () =>
      Promise.all(
        (await page.locator('.blame-row[data-oid]').all()).map(
          async (r) => [Number(await r.getAttribute('data-line')), await r.getAttribute('data-oid')] as const,
        ),
      );
    const rowsAre = async (want: string[]) => {
      const last = want.length - 1;
      await page.locator(`.blame-row[data-line="${last}"][data-oid="${want[last]}"]`).waitFor({ timeout: 30_000 });
      for (const line of [2, 6])
        await page.locator(`.blame-row[data-line="${line}"][data-oid="${want[line]}"]`).waitFor({ timeout: 30_000 });
      const rows = await shown();
      assert.equal(rows.length, want.length - 1);
      for (const [line, oid] of rows) assert.equal(oid, want[line], `line ${line}`);
    };
    await rowsAre(plain);
    await page.locator('.blame-tools').getByRole('checkbox', { name: 'First parent' }).check();
    await rowsAre(byFirst);
    await page.setViewportSize({ width: 1024, height: 700 });
    const tools = (await page.locator('.blame-tools').boundingBox())!;
    assert.ok(tools.height < 40, `the blame's tool bar is ${tools.height} px tall`);
    await page.screenshot({ path: path.join(outDir, 'blame-first-parent-1024.png') });
    await page.locator('.blame-tools').getByRole('checkbox', { name: 'First parent' }).uncheck();
    await rowsAre(plain);
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);
