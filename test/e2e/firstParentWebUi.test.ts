import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { gitBlame } from '../fixtures/blameHistory';
import { assertEventually } from '../fixtures/webUiPages';
import { attributes, commitCount, hostAndBrowser, NO_CHROMIUM, SCREENSHOTS } from '../fixtures/webHostProcess';

/** `git log --first-parent --numstat`: each listed commit's counts against its first parent, merges too. */
function firstParentCounts(dir: string, file: string): Map<string, string> {
  const counts = new Map<string, string>();
  let current = '';
  for (const line of gitOut(dir, ['log', '--first-parent', '--numstat', '--format=@%H', '--', file]).split('\n')) {
    if (line.startsWith('@')) current = line.slice(1);
    else if (line.includes('\t')) counts.set(current, `+${line.split('\t')[0]} −${line.split('\t')[1]}`);
  }
  return counts;
}

test(
  "the toolbar's First parent: the list git log --first-parent lists, merges with their counts against the first parent; kept in the address and in Recent; Follow renames turns it off",
  { skip: NO_CHROMIUM, timeout: 180_000 },
  async (t) => {
    const dir = tmpDir('first-parent-ui');
    const repo = path.join(dir, 'sample');
    await writeSampleRepository({ dir: repo });
    const file = 'mm/hmm.c';
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', file]);
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(url);
    const plain = gitLogOids(repo, file);
    const firstParent = gitOut(repo, ['log', '--first-parent', '--format=%H', '--', file]).split('\n').filter(Boolean);
    assert.notEqual(firstParent.length, plain.length, 'the sample lists otherwise along its first parents');
    await page.getByText(commitCount(plain.length), { exact: true }).waitFor({ timeout: 60_000 });
    const box = page.locator('.toolbar').getByLabel('First parent');
    assert.equal(await box.isChecked(), false);

    await box.check();
    await page.getByText(commitCount(firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });
    await page.locator('.counting').waitFor({ state: 'detached', timeout: 60_000 });
    const rows = await attributes(page.locator('.commit-row'), 'data-oid');
    assert.ok(rows.length > 5);
    assert.deepEqual(rows, firstParent.slice(0, rows.length), "the rows are git log --first-parent's");
    assert.match(await page.locator('.toolbar .title').innerText(), /first parent/);
    // a merge on the first-parent line: its +/- are git's against its first parent
    const counts = firstParentCounts(repo, file);
    const merges = gitOut(repo, ['log', '--first-parent', '--merges', '--format=%H', '--', file]).split('\n').filter(Boolean);
    const merge = merges.find((m) => rows.includes(m));
    assert.ok(merge, 'a merge is among the rows shown');
    const mergeRow = page.locator(`.commit-row[data-oid="${merge}"]`);
    assert.equal((await mergeRow.locator('.counts').innerText()).replace(/\s+/g, ' ').trim(), counts.get(merge));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'first-parent-1024.png') });
    // the report is the list on screen: the first-parent line, the merge with its counts against its first parent
    await page.getByLabel('Report format').selectOption('json');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: 'Export report' }).click(),
    ]);
    const saved = path.join(dir, 'report.json');
    await download.saveAs(saved);
    const report = JSON.parse(fs.readFileSync(saved, 'utf8')) as {
      firstParent?: boolean;
      commits: { oid: string; additions: number; deletions: number }[];
    };
    assert.equal(report.firstParent, true);
    assert.deepEqual(
      report.commits.map((c) => c.oid),
      firstParent,
    );
    const reported = report.commits.find((c) => c.oid === merge)!;
    assert.equal(`+${reported.additions} −${reported.deletions}`, counts.get(merge));

    // the function filter on the first-parent line: git log -L :NAME: --first-parent's commits, its merge among them
    const fnCommits = gitOut(repo, ['log', '-L', `:hmm_range_fault:${file}`, '--first-parent', '--format=%H', '-s'])
      .split('\n')
      .filter(Boolean);
    assert.ok(
      fnCommits.some((c) => merges.includes(c)),
      'a merge brought changes of hmm_range_fault into the first-parent line',
    );
    await page.getByLabel('Changed function').fill('hmm_range_fault');
    await page.getByText(commitCount(fnCommits.length, firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await attributes(page.locator('.commit-row'), 'data-oid'), fnCommits.slice(0, rows.length));
    await page.locator('.filter-bar').getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(commitCount(firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });

    // the search's -S on the first-parent line: git log --first-parent -S's commits, a merge among them
    const picked = gitOut(repo, ['log', '--first-parent', '-Srange->valid', '--format=%H', '--', file]).split('\n').filter(Boolean);
    assert.ok(
      picked.some((c) => merges.includes(c)),
      "a merge's diff against its first parent changes the count",
    );
    await page.getByLabel('Search commit messages').fill('-S"range->valid"');
    await page.getByText(commitCount(picked.length, firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await attributes(page.locator('.commit-row'), 'data-oid'), picked);
    await page.locator('.filter-bar').getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(commitCount(firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });

    // blame on the first-parent line is git blame --first-parent's: every line's commit is a row of the list
    await page.getByRole('tab', { name: 'Blame' }).click();
    const blameFirst = page.locator('.blame-tools').getByRole('checkbox', { name: 'First parent' });
    await blameFirst.waitFor();
    assert.equal(await blameFirst.isChecked(), true);
    assert.equal(await blameFirst.isDisabled(), true);
    // (of the version selected: the filters above left the selection on one of their rows)
    const selected = (await page.locator('.commit-row.selected').getAttribute('data-oid'))!;
    const wantBlame = gitBlame(repo, selected, file, ['--first-parent']).map((l) => l.oid);
    await page.locator('.blame-row[data-oid]').first().waitFor({ timeout: 30_000 });
    const blamed = await page
      .locator('.blame-row[data-oid]')
      .evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
        els.map((e) => [Number(e.getAttribute('data-line')), e.getAttribute('data-oid')] as const),
      );
    assert.ok(blamed.length > 10);
    for (const [line, oid] of blamed) {
      assert.equal(oid, wantBlame[line - 1], `line ${line}`);
      assert.ok(firstParent.includes(oid!), `line ${line}'s commit is on the list`);
    }
    await page.getByRole('tab', { name: 'Diff' }).click();

    // the address carries it: a reload opens the first-parent list again
    // (once the address has the cleared filter too: it follows the view a moment later)
    await assertEventually(
      async () => page.url().includes('fp=1') && !page.url().includes('f.fn'),
      'the address has the first-parent list, unfiltered',
    );
    await page.reload();
    await page.getByText(commitCount(firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.toolbar').getByLabel('First parent').isChecked(), true);

    // the two walks are one or the other: Follow renames turns First parent off
    await page.getByLabel('Follow renames').check();
    const followed = gitLogOids(repo, file, true);
    await page.getByText(commitCount(followed.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.toolbar').getByLabel('First parent').isChecked(), false);
    await assertEventually(async () => !page.url().includes('fp=1') && page.url().includes('follow=1'), 'the address follows renames');
    // and back to every commit git log lists
    await page.getByLabel('Follow renames').uncheck();
    await page.getByText(commitCount(plain.length), { exact: true }).waitFor({ timeout: 60_000 });

    // the start screen's Recent has the first-parent list as an entry of its own, and it opens that list
    await page.getByTitle('Back to the start screen').click();
    const recent = page.locator('ul.recent button');
    await recent.first().waitFor({ timeout: 30_000 });
    const labels = await recent.allInnerTexts();
    assert.ok(
      labels.some((l) => l.endsWith('(first parent)')),
      `a first-parent entry among ${JSON.stringify(labels)}`,
    );
    assert.ok(
      labels.some((l) => l.endsWith('(following renames)')),
      'and the followed one',
    );
    await recent.filter({ hasText: '(first parent)' }).click();
    await page.getByText(commitCount(firstParent.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.toolbar').getByLabel('First parent').isChecked(), true);

    // the start screen's form opens a range's first-parent line at once (one walk, not the whole history's first)
    await page.getByTitle('Back to the start screen').click();
    const form = page.locator('form', { hasText: 'Open a local repository' });
    await form.locator('input[name=dir]').fill(repo);
    await form.locator('input[name=path]').fill(file);
    await form.locator('input[name=rev]').fill('v5.0..HEAD');
    await form.getByLabel('Follow renames').check();
    await form.getByLabel('First parent').check();
    assert.equal(await form.getByLabel('Follow renames').isChecked(), false, 'one walk or the other');
    await form.getByRole('button', { name: 'Open' }).click();
    const rangeLine = gitOut(repo, ['log', '--first-parent', '--format=%H', 'v5.0..HEAD', '--', file]).split('\n').filter(Boolean);
    assert.notEqual(rangeLine.length, firstParent.length);
    await page.getByText(commitCount(rangeLine.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.deepEqual(
      await attributes(page.locator('.commit-row'), 'data-oid'),
      rangeLine.slice(0, await page.locator('.commit-row').count()),
    );
    assert.equal(await page.locator('.toolbar').getByLabel('First parent').isChecked(), true);
    assert.deepEqual(pageErrors, [], 'no page errors');
  },
);
