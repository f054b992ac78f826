import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { smallRepo } from '../fixtures/generateRepo';
import { assertEventually } from '../fixtures/webUiPages';
import { hostAndBrowser, NO_CHROMIUM } from '../fixtures/webHostProcess';

/** A GitHub project's history: its trailers name issues by number (`Fixes: #12`) and link their bug tracker (`Bug: https://…`). */
function historyWithIssues(origin: string | null): string {
  const { dir, git, write } = smallRepo(`issue-refs-ui-${origin ? 'github' : 'none'}`, { clock: 1_700_000_000 });
  if (origin) git('remote', 'add', 'origin', origin);
  write('f.c', 'int a;\n');
  git('add', 'f.c');
  git('commit', '-qm', 'add f');
  write('f.c', 'int a;\nint b;\n');
  git(
    'commit',
    '-qam',
    'fix f\n\nSay why.\n\nFixes: #12\nRef: other/project#7\nBug: https://github.com/example/tool/issues/3\nReported-by: syzbot+0123abcd4567ef89@syzkaller.appspotmail.com\nCloses: https://syzkaller.appspot.com/bug?extid=0123abcd4567ef89\nSigned-off-by: A <a@x>',
  );
  return dir;
}

test(
  "trailers that name issues by number link to the origin's GitHub tracker; Bug: addresses are links with their key; syzbot's Reported-by opens its report; without a tracker the numbers stay in the message",
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    for (const origin of ['git@github.com:example/tool.git', null]) {
      const repo = historyWithIssues(origin);
      const { url, browser } = await hostAndBrowser(t, path.join(path.dirname(repo), 'home'), ['--repo', repo, '--path', 'f.c']);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(url);
      await page.locator('.commit-row', { hasText: 'fix f' }).click();
      const details = page.locator('aside.details');
      await details.locator('.details-subject', { hasText: 'fix f' }).waitFor({ timeout: 60_000 });
      const bug = details.locator('.action-row', { hasText: 'https://github.com/example/tool/issues/3' });
      assert.equal(await bug.locator('.badge').innerText(), 'Bug');
      const message = await details.locator('pre.message').innerText();
      assert.doesNotMatch(message, /Bug:/, 'the Bug: link is shown once, below the message');
      // syzbot's reports: its dashboard is on the allow-list, and its Reported-by address names the report
      const syzbot = 'https://syzkaller.appspot.com/bug?extid=0123abcd4567ef89';
      await details.locator('.action-row', { hasText: syzbot }).getByRole('button', { name: syzbot }).waitFor();
      const reporter = details.locator('table.people tr', { hasText: 'Reported-by' });
      await page.evaluate('window.opened = []; window.open = (u) => (window.opened.push(String(u)), null);');
      await reporter.getByRole('button', { name: "syzbot's report" }).click();
      await assertEventually(
        async () => (await page.evaluate<string[]>('window.opened')).includes(syzbot),
        "syzbot's report opens from its Reported-by",
      );
      if (origin) {
        const issues = details.locator('[data-testid=issue-ref]');
        assert.deepEqual(await issues.allInnerTexts(), ['Fixes #12', 'Ref other/project#7']);
        assert.doesNotMatch(message, /#12|#7/, 'each issue is shown once');
        await page.evaluate('window.opened = []; window.open = (u) => (window.opened.push(String(u)), null);');
        await issues.getByRole('button', { name: '#12' }).click();
        await issues.getByRole('button', { name: 'other/project#7' }).click();
        await assertEventually(
          async () =>
            JSON.stringify(await page.evaluate<string[]>('window.opened')) ===
            JSON.stringify(['https://github.com/example/tool/issues/12', 'https://github.com/other/project/issues/7']),
          'the issues open on GitHub',
        );
      } else {
        assert.equal(await details.locator('[data-testid=issue-ref]').count(), 0, 'no tracker: no issue links');
        assert.match(message, /Fixes: #12/);
        assert.match(message, /Ref: other\/project#7/);
      }
      assert.deepEqual(pageErrors, []);
      await page.close();
    }
  },
);
