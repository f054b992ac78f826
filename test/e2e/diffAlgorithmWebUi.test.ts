import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { gitHunkSpans } from '../fixtures/gitOracle';
import { hostAndBrowser, NO_CHROMIUM, SCREENSHOTS as outDir } from '../fixtures/webHostProcess';

// the change patience diff was made for: a function added above others, whose braces myers lines up with theirs
const BEFORE = `#include <stdio.h>

// Frobs foo heartily
int frobnitz(int foo)
{
    int i;
    for(i = 0; i < 10; i++)
    {
        printf("Your answer is: ");
        printf("%d\\n", foo);
    }
}

int fact(int n)
{
    if(n > 1)
    {
        return fact(n-1) * n;
    }
    return 1;
}

int main(int argc, char **argv)
{
    frobnitz(fact(10));
}
`;
const AFTER = `#include <stdio.h>

int fib(int n)
{
    if(n > 2)
    {
        return fib(n-1) + fib(n-2);
    }
    return 1;
}

// Frobs foo heartily
int frobnitz(int foo)
{
    int i;
    for(i = 0; i < 10; i++)
    {
        printf("%d\\n", foo);
    }
}

int main(int argc, char **argv)
{
    frobnitz(fib(10));
}
`;

test(
  "the Diff tab's algorithm: the pane highlights git diff --diff-algorithm's hunks, the choice is remembered, diff.algorithm by default",
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('diff-algorithm-ui');
    const repo = path.join(dir, 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git('config', 'user.name', 'A');
    git('config', 'user.email', 'a@example.org');
    for (const [text, message] of [
      [BEFORE, 'frobnitz and fact'],
      [AFTER, 'fib in place of fact'],
    ] as const) {
      fs.writeFileSync(path.join(repo, 'f.c'), text);
      git('add', 'f.c');
      git('commit', '-qm', message);
    }
    const spans = (algorithm: string) => gitHunkSpans(repo, 'HEAD~1', 'HEAD', 'f.c', [`--diff-algorithm=${algorithm}`]);
    const [myers, patience, histogram] = [spans('myers'), spans('patience'), spans('histogram')];
    assert.notEqual(myers, patience, 'the test means something: patience places the change elsewhere');

    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'f.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.locator('.commit-row').first().click();
    const shows = async (want: string, what: string) =>
      page
        .locator(`[data-testid="diff-editor"][data-changes="${want}"]`)
        .waitFor({ timeout: 10_000 })
        .catch(async () => assert.equal(await page.locator('[data-testid="diff-editor"]').getAttribute('data-changes'), want, what));
    const picker = page.getByRole('combobox', { name: 'Diff algorithm' });
    assert.equal(await picker.inputValue(), 'config', "the repository's diff.algorithm by default");
    await shows(myers, 'myers, as git diff by default');
    const configured = page.locator('select[aria-label="Diff algorithm"] option[value="config"]');
    assert.equal(await configured.innerText(), 'diff.algorithm: myers', 'the choice names what the repository uses');
    await picker.selectOption('patience');
    await shows(patience, 'git diff --patience');
    await page.screenshot({ path: path.join(outDir, 'diff-algorithm-patience.png') });
    await picker.selectOption('histogram');
    await shows(histogram, 'git diff --histogram');
    // remembered: a reload (the next start) diffs as picked
    await page.reload();
    await page.locator('.commit-row').first().click();
    assert.equal(await page.getByRole('combobox', { name: 'Diff algorithm' }).inputValue(), 'histogram');
    await shows(histogram, 'git diff --histogram, after a reload');
    // back to the repository's setting, which git now reads as patience
    git('config', 'diff.algorithm', 'patience');
    await page.getByRole('combobox', { name: 'Diff algorithm' }).selectOption('myers');
    await shows(myers, 'git diff --diff-algorithm=myers over a diff.algorithm of patience');
    await page.getByRole('combobox', { name: 'Diff algorithm' }).selectOption('config');
    await shows(patience, 'diff.algorithm = patience');
    await page.waitForFunction(
      `document.querySelector('select[aria-label="Diff algorithm"] option[value="config"]')?.textContent === 'diff.algorithm: patience'`,
    );
    assert.deepEqual(pageErrors, []);
  },
);
