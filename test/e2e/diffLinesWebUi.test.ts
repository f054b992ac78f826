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

/** Selects lines first..last of one side of the diff with the keyboard, as a person would after clicking into it. */
async function pickLines(page: Page, side: 'original' | 'modified', first: number, last: number): Promise<void> {
  await page.locator(`.diff-pane .editor.${side} .view-lines`).click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < first; i++) await page.keyboard.press('ArrowDown');
  for (let i = first; i <= last; i++) await page.keyboard.press('Shift+ArrowDown');
}

test(
  'lines picked in the diff, on either side, give their history as git log -L lists it at that version (the older side through a rename)',
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
    await row(third).click();
    await page.locator(`.diff-pane[aria-busy=false][data-to-blob]`).waitFor();
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
    await page.locator(`.diff-pane[aria-busy=false]`).waitFor();
    await pickLines(page, 'original', 1, 2);
    await page.getByTestId('history-of-lines').getByText('History of lines 1–2').click();
    const older = gitLogL(repo, '1,2:old.c', beforeRename);
    assert.ok(older.length > 1, `${older.length}`);
    await page.locator('.filter-bar .count', { hasText: `${older.length} of ${total}` }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await attributes(page.locator('.commit-row'), 'data-oid')).sort(), [...older].sort());
    assert.deepEqual(pageErrors, []);
  },
);
