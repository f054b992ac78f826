import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { smallRepo } from '../fixtures/generateRepo';
import { assertEventually } from '../fixtures/webUiPages';
import { hostAndBrowser, NO_CHROMIUM } from '../fixtures/webHostProcess';

/** A file's history whose fixes name the broken commit as `git describe --contains` does (strace's Fixes trailers). */
function historyWithNamedFixes(): string {
  const { dir, git, write } = smallRepo('fixes-named-ui', { clock: 1_700_000_000 });
  let text = '';
  const change = (line: string, message: string) => {
    write('f.c', (text += `${line}\n`));
    git('add', 'f.c');
    git('commit', '-qm', message);
  };
  change('int a;', 'add f');
  change('int b = 1 / 0;', 'break f');
  change('int c;', 'tune f');
  git('tag', 'v1');
  change('int d;', 'fix f\n\nFixes: v1~1 "break f"\nSigned-off-by: A <a@x>');
  change('int e;', 'fix g\n\nFixes: nosuchtag~2 "gone"\nSigned-off-by: A <a@x>');
  return dir;
}

test(
  'a Fixes trailer that names its commit as git describe --contains does (v1~1): the row has the Fixes badge, and the details go to the commit git resolves it to',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const repo = historyWithNamedFixes();
    const dir = path.dirname(repo);
    const broken = execFileSync('git', ['-C', repo, 'rev-parse', 'v1~1'], { encoding: 'utf8' }).trim();
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'f.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(url);
    const row = (subject: string) => page.locator('.commit-row', { hasText: subject });
    await row('fix f').waitFor({ timeout: 60_000 });
    await row('fix f').locator('.badge.fixes').waitFor({ timeout: 30_000 });

    await row('fix f').click();
    const fixRow = page.locator('.action-row', { hasText: 'v1~1' });
    await fixRow.getByRole('button', { name: 'Go to the fixed commit' }).waitFor({ timeout: 30_000 });
    assert.match(await fixRow.innerText(), /“break f”/);
    await fixRow.getByRole('button', { name: 'Go to the fixed commit' }).click();
    await assertEventually(
      async () => (await page.locator('.commit-row[aria-selected="true"]').getAttribute('data-oid')) === broken,
      'the fixed commit is selected',
    );

    // a name this repository cannot resolve says so, and the screen shows no error
    await row('fix g').click();
    await page
      .locator('.action-row', { hasText: 'nosuchtag~2' })
      .getByText('(no such commit in this repository)')
      .waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.error-banner').count(), 0, 'no error banner');
    assert.deepEqual(pageErrors, []);
  },
);
