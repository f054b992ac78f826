import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { smallRepo } from '../fixtures/generateRepo';
import { attributes, hostAndBrowser, NO_CHROMIUM, SCREENSHOTS as outDir } from '../fixtures/webHostProcess';
import { viewToHash } from '../../shared/viewLocation';
import { EMPTY_FILTER } from '../../shared/timelineFilter';

/**
 * A file whose lines change one by one over ten commits, then renamed (old.c → new.c) and changed once more: the
 * older side of the last diff is old.c's version.
 */
function history(): { repo: string; oids: string[] } {
  const { dir, git, write } = smallRepo('diff-lines-ui', { clock: 1_700_000_000 });
  const lines = Array.from({ length: 12 }, (_, i) => `int v${i} = 0;`);
  write('old.c', `${lines.join('\n')}\n`);
  git('add', 'old.c');
  git('commit', '-qm', 'add old.c');
  for (let i = 0; i < 10; i++) {
    lines[i] = `int v${i} = ${i + 1};`;
    write('old.c', `${lines.join('\n')}\n`);
    git('commit', '-qam', `set v${i}`);
  }
  git('mv', 'old.c', 'new.c');
  git('commit', '-qm', 'rename to new.c');
  lines[11] = 'int v11 = 12;';
  write('new.c', `${lines.join('\n')}\n`);
  git('commit', '-qam', 'set v11');
  return { repo: dir, oids: git('log', '--format=%H').trim().split('\n') };
}

function gitLogL(repo: string, range: string, rev: string): string[] {
  return execFileSync('git', ['-C', repo, 'log', '--format=%H', '-L', range, rev], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^[0-9a-f]{40}$/.test(l));
}

/**
 * Selects lines first..last of one side of the diff (or of the full file: `whole`) with the keyboard, as a person
 * would after clicking into it.
 */
async function pickLines(page: Page, side: 'original' | 'modified' | 'whole', first: number, last: number): Promise<void> {
  // near the top left of what is shown: the middle of the lines' element can lie under the editors' divider, or above the view
  await page
    .locator(side === 'whole' ? '.file-view .monaco-scrollable-element' : `.diff-pane .editor.${side} .monaco-scrollable-element`)
    .first()
    .click({ position: { x: 40, y: 10 } });
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < first; i++) await page.keyboard.press('ArrowDown');
  // one line: the caret on it, nothing selected
  if (first < last) for (let i = first; i <= last; i++) await page.keyboard.press('Shift+ArrowDown');
  // the labels' row offers them (not the last side's, still shown a moment)
  await page
    .locator(`[data-testid=blame-line][title*="${{ original: 'older (left)', modified: 'newer (right)', whole: 'this version' }[side]}"]`, {
      hasText: `Blame line ${first}`,
    })
    .waitFor({ timeout: 10_000 });
}

test(
  'lines picked in the diff, on either side, give their history as git log -L lists it at that version (the older side through a rename), and their blame there',
  { skip: NO_CHROMIUM, timeout: 180_000 },
  async (t) => {
    const { repo, oids } = history();
    const [head, renamed, beforeRename, third] = oids as [string, string, string, string];
    const { url, browser } = await hostAndBrowser(t, path.join(path.dirname(repo), 'home'), []);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(
      url + viewToHash({ dir: repo, path: 'new.c', follow: true, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER }),
    );
    const row = (oid: string) => page.locator(`.commit-row[data-oid="${oid}"]`);
    await row(head).waitFor({ timeout: 60_000 });
    const total = oids.length;

    // the newer side of a commit's diff: the lines of its own version
    const shows = (oid: string, file: string) =>
      page
        .locator(
          `.diff-pane[aria-busy=false][data-to-blob="${execFileSync('git', ['-C', repo, 'rev-parse', `${oid}:${file}`], { encoding: 'utf8' }).trim()}"]`,
        )
        .waitFor({ timeout: 30_000 });
    await row(third).click();
    await shows(third, 'old.c');
    await pickLines(page, 'modified', 3, 5);
    await page.getByTestId('history-of-lines').getByText('History of lines 3–5').click();
    const expected = gitLogL(repo, '3,5:old.c', third);
    assert.ok(expected.length > 1 && expected.length < total, `${expected.length} of ${total}`);
    await page.locator('.filter-chip', { hasText: 'Lines 3–5' }).waitFor({ timeout: 30_000 });
    await page.locator('.filter-bar .count', { hasText: `${expected.length} of ${total}` }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await attributes(page.locator('.commit-row'), 'data-oid')).sort(), [...expected].sort());
    await page.screenshot({ path: path.join(outDir, 'diff-history-of-lines.png') });
    await page.getByRole('button', { name: 'Stop following these lines' }).click();
    await page.locator('.filter-bar .count', { hasText: `${total} commits` }).waitFor();

    // the older side of the rename: the parent's version, under the file's old name
    await row(renamed).click();
    await shows(renamed, 'new.c');
    await pickLines(page, 'original', 1, 2);
    await page.getByTestId('history-of-lines').getByText('History of lines 1–2').click();
    const older = gitLogL(repo, '1,2:old.c', beforeRename);
    assert.ok(older.length > 1, `${older.length}`);
    await page.locator('.filter-bar .count', { hasText: `${older.length} of ${total}` }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await attributes(page.locator('.commit-row'), 'data-oid')).sort(), [...older].sort());
    await page.getByRole('button', { name: 'Stop following these lines' }).click();
    await page.locator('.filter-bar .count', { hasText: `${total} commits` }).waitFor();

    // the line the commit changed, on the older side: Blame line N, and the Blame tab is at the parent's version
    // with the cursor on that line, whose commit git blame names (who wrote what this commit replaced)
    await row(third).click();
    await shows(third, 'old.c');
    await pickLines(page, 'original', 9, 9);
    await page.getByTestId('blame-line').getByText('Blame line 9').click();
    await page.getByRole('tab', { name: 'Blame', selected: true }).waitFor();
    const parent = oids[oids.indexOf(third) + 1]!;
    await page.locator('.blame-label', { hasText: `old.c at ${parent.slice(0, 8)} (before a change)` }).waitFor({ timeout: 30_000 });
    const blamed = execFileSync('git', ['-C', repo, 'blame', '--porcelain', '-L', '9,9', parent, '--', 'old.c'], {
      encoding: 'utf8',
    }).slice(0, 40);
    assert.equal(blamed, oids[oids.length - 1], 'line 9 before set v8 was written by add old.c');
    await page.locator('.blame-row.cursor[data-line="9"][data-oid]').waitFor();
    assert.equal(await page.locator('.blame-row[data-line="9"]').getAttribute('data-oid'), blamed);
    // the newer side's line: the commit's own version, not a step back
    await page.getByRole('tab', { name: 'Diff' }).click();
    await pickLines(page, 'modified', 9, 9);
    await page.getByTestId('blame-line').getByText('Blame line 9').click();
    await page.locator('.blame-label', { hasText: `old.c at ${third.slice(0, 8)}` }).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await page.locator('.blame-label').innerText(), /before a change/);
    await page.locator('.blame-row.cursor[data-line="9"][data-oid]').waitFor();
    assert.equal(await page.locator('.blame-row[data-line="9"]').getAttribute('data-oid'), third);
    // the editor's context menu (Shift+F10 there, or a right click) offers the same
    await page.getByRole('tab', { name: 'Diff' }).click();
    await pickLines(page, 'modified', 10, 10);
    await page.keyboard.press('Shift+F10');
    // by the keyboard (a click on a menu just opened is taken for the right click's release, and ignored); its arrows
    // are the menu's, not the timeline's (they moved the selected commit)
    const item = page.locator('.monaco-menu .action-item', { hasText: 'Blame this line' });
    await item.waitFor();
    for (let i = 0; i < 5 && !((await item.getAttribute('class')) ?? '').split(' ').includes('focused'); i++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Blame', selected: true }).waitFor();
    await page.locator('.blame-row.cursor[data-line="10"][data-oid]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), third, 'the selection stayed');

    // the full file (the commit's version, whole) offers the same for its lines
    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByRole('button', { name: 'Full file' }).click();
    // the whole version is the commit's, in the editor (a model swapped in under the keys resets them)
    const wholeShows = (oid: string) =>
      page
        .locator(
          `.file-view [data-testid=file-editor][data-blob="${execFileSync('git', ['-C', repo, 'rev-parse', `${oid}:old.c`], { encoding: 'utf8' }).trim()}"]`,
        )
        .waitFor({ timeout: 30_000 });
    await wholeShows(third);
    await pickLines(page, 'whole', 2, 4);
    await page.getByTestId('history-of-lines').getByText('History of lines 2–4').click();
    const whole = gitLogL(repo, '2,4:old.c', third);
    assert.ok(whole.length > 1 && whole.length < total, `${whole.length} of ${total}`);
    await page.locator('.filter-bar .count', { hasText: `${whole.length} of ${total}` }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await attributes(page.locator('.commit-row'), 'data-oid')).sort(), [...whole].sort());
    await page.getByRole('button', { name: 'Stop following these lines' }).click();
    await page.locator('.filter-bar .count', { hasText: `${total} commits` }).waitFor();
    await row(third).click();
    await wholeShows(third);
    await pickLines(page, 'whole', 7, 7);
    await page.getByTestId('blame-line').getByText('Blame line 7').click();
    await page.getByRole('tab', { name: 'Blame', selected: true }).waitFor();
    await page.locator('.blame-label', { hasText: `old.c at ${third.slice(0, 8)}` }).waitFor({ timeout: 30_000 });
    await page.locator('.blame-row.cursor[data-line="7"][data-oid]').waitFor();
    const wrote7 = execFileSync('git', ['-C', repo, 'blame', '--porcelain', '-L', '7,7', third, '--', 'old.c'], { encoding: 'utf8' });
    assert.equal(await page.locator('.blame-row[data-line="7"]').getAttribute('data-oid'), wrote7.slice(0, 40));

    // the first commit's older side is no version (the file did not exist): its menu leaves the items out, the
    // newer side's has them
    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByRole('button', { name: 'Full file' }).click();
    const first = oids[oids.length - 1]!;
    await row(first).click();
    await shows(first, 'old.c');
    const menuItem = (label: string) => page.locator('.monaco-menu .action-item', { hasText: label });
    await page
      .locator('.diff-pane .editor.modified .monaco-scrollable-element')
      .first()
      .click({ position: { x: 40, y: 10 } });
    await page.keyboard.press('Shift+F10');
    await menuItem('Blame this line').waitFor();
    await page.keyboard.press('Escape');
    await menuItem('Blame this line').waitFor({ state: 'detached' });
    await page
      .locator('.diff-pane .editor.original .monaco-scrollable-element')
      .first()
      .click({ position: { x: 40, y: 10 } });
    await page.keyboard.press('Shift+F10');
    await page.waitForTimeout(500);
    assert.equal(await menuItem('Blame this line').count(), 0);
    assert.equal(await menuItem('History of these lines').count(), 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(pageErrors, []);
  },
);
