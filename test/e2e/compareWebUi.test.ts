import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { commitCount, forEachViewport, hostAndBrowser } from '../fixtures/webHostProcess';
import { gitLogOids } from '../fixtures/gitOracle';
import { assertEventually, filterRepo, oneFileRepo, openInForm, shot } from '../fixtures/webUiPages';

test(
  'issue 14 items 8, 13: a context menu on every row; A/B shown as a state, ordered, j moves B; Esc stops comparing; files changed open their timeline',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-menu');
    const dir = filterRepo(path.join(home, 'menu'));
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'git@github.com:example/hmm.git']);
    // item 13: a commit that changed a second file, whose name in the details opens that file's timeline
    fs.mkdirSync(path.join(dir, 'include', 'linux'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'include', 'linux', 'hmm.h'), 'int hmm_range_fault(int x);\n');
    fs.appendFileSync(path.join(dir, 'mm', 'hmm.c'), '/* see hmm.h */\n');
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync(
      'git',
      ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', 'commit', '-qm', 'mm/hmm: a header'],
      {
        env: { ...process.env, GIT_AUTHOR_DATE: '2020-06-01T10:00:00Z', GIT_COMMITTER_DATE: '2020-06-01T10:00:00Z' },
      },
    );
    const [header, ...oids] = gitLogOids(dir, 'mm/hmm.c'); // header, then docs, rework, fix, tidy, add
    const blobOf = (rev: string) => execFileSync('git', ['-C', dir, 'rev-parse', `${rev}:mm/hmm.c`], { encoding: 'utf8' }).trim();
    const subjectOf = (rev: string) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%s', rev], { encoding: 'utf8' }).trim();
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(
      browser,
      url,
      async (page, name) => {
        await openInForm(page, dir, 'mm/hmm.c');
        const menu = page.getByRole('menu');
        const row = (oid: string) => page.locator(`.commit-row[data-oid="${oid}"]`);
        // A newer than B: the diff goes from the older to the newer, and the screen says they were swapped
        await row(oids[1]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Pick as A' }).click();
        await row(oids[3]!).click({ button: 'right' });
        await shot(page, `14-08-menu-${name}`);
        await menu.getByRole('menuitem', { name: 'Pick as B' }).click();
        const state = page.getByRole('status', { name: 'Comparing' });
        await state.getByText('A and B swapped: A is the older').waitFor();
        assert.match(await state.innerText(), new RegExp(`A\\s+${oids[3]!.slice(0, 12)}.*B\\s+${oids[1]!.slice(0, 12)}`, 's'));
        await page
          .locator(`.diff-pane[aria-busy=false][data-from-blob="${blobOf(oids[3]!)}"][data-to-blob="${blobOf(oids[1]!)}"]`)
          .waitFor();
        await shot(page, `14-08-compare-${name}`);
        // j moves B: the details show the commit the diff is taken at
        await page.keyboard.press('j');
        assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[4]);
        await page
          .locator(`.diff-pane[aria-busy=false][data-from-blob="${blobOf(oids[4]!)}"][data-to-blob="${blobOf(oids[1]!)}"]`)
          .waitFor();
        assert.equal(await page.locator('.details-subject').innerText(), subjectOf(oids[4]!));
        // Esc stops comparing: the selected commit's own diff again
        await page.keyboard.press('Escape');
        assert.equal(await state.count(), 0, `${name}: Esc leaves the comparison`);
        await page.locator(`.diff-pane[aria-busy=false][data-to-blob="${blobOf(oids[4]!)}"]`).waitFor();

        // the keyboard's way in: Shift+F10 on the selected row, arrows and Enter
        await page.keyboard.press('k');
        await page.keyboard.press('Shift+F10');
        await menu.waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        assert.equal(await menu.count(), 0);
        assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), oids[3], `${name}: Copy commit id`);
        await page.keyboard.press('ContextMenu');
        await menu.getByRole('menuitem', { name: 'Copy subject' }).click();
        assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), subjectOf(oids[3]!));
        // the origin is on GitHub: the commit's page there (the web host's browser opens it)
        await page.evaluate('window.opened = []; window.open = (u) => (window.opened.push(String(u)), null);');
        await row(oids[2]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Open on github.com' }).click();
        await assertEventually(
          async () => (await page.evaluate<string[]>('window.opened')).includes(`https://github.com/example/hmm/commit/${oids[2]}`),
          `${name}: the commit's page on GitHub is opened`,
        );
        // blame at that version
        await row(oids[2]!).click({ button: 'right' });
        await menu.getByRole('menuitem', { name: 'Blame at this version' }).click();
        await page.getByRole('tab', { name: 'Blame', selected: true }).waitFor();
        assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[2]);
        // item 13: the files-changed list opens another file's timeline in the same repository
        await page.getByRole('tab', { name: 'Diff' }).click();
        await row(header!).click();
        await page.locator('.details .files').getByRole('button', { name: 'include/linux/hmm.h' }).click();
        await page.getByText(commitCount(gitLogOids(dir, 'include/linux/hmm.h').length), { exact: true }).waitFor();
        assert.match(await page.locator('header.toolbar').innerText(), /include\/linux\/hmm\.h/);
        await shot(page, `14-13-other-file-${name}`);
      },
      { permissions: ['clipboard-read', 'clipboard-write'] },
    );
  },
);

test(
  'issue 14 item 15: a merge is diffed against the parent picked (first, second), as git diff <parent> <merge>',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-merge');
    const lines = (edit: (l: string[]) => void) => {
      const l = Array.from({ length: 30 }, (_, i) => `int line${i};`);
      edit(l);
      return l.join('\n') + '\n';
    };
    const dir = oneFileRepo(path.join(home, 'merge'), [{ message: 'mm/hmm: base', text: lines(() => {}), date: '2020-01-01T10:00:00Z' }]);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', ...args], {
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: '2020-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2020-03-01T10:00:00Z' },
      }).trim();
    // two branches from here, each changing the file once: `side` first, then the branch checked out (master)
    const fork = (side: string, sideText: string, mainText: string) => {
      git('checkout', '-q', '-b', side);
      fs.writeFileSync(path.join(dir, 'mm', 'hmm.c'), sideText);
      git('commit', '-qam', `mm/hmm: ${side} change`);
      git('checkout', '-q', 'master');
      fs.writeFileSync(path.join(dir, 'mm', 'hmm.c'), mainText);
      git('commit', '-qam', `mm/hmm: ${side === 'side' ? 'mainline' : 'master2'} change`);
    };
    fork(
      'side',
      lines((l) => (l[25] = 'int side;')),
      lines((l) => (l[2] = 'int mainline;')),
    );
    git('merge', '-q', '--no-edit', 'side');
    const merge = git('rev-parse', 'HEAD');
    const blob = (rev: string) => git('rev-parse', `${rev}:mm/hmm.c`);
    // then an evil merge: a conflict resolved by hand, and a line neither side wrote
    const merged = (edit: (l: string[]) => void) =>
      lines((l) => {
        l[2] = 'int mainline;';
        l[25] = 'int side;';
        edit(l);
      });
    fork(
      'side2',
      merged((l) => (l[12] = 'int side2;')),
      merged((l) => (l[12] = 'int master2;')),
    );
    spawnSync('git', ['-C', dir, 'merge', '-q', '--no-commit', 'side2']); // conflicts: resolved below
    fs.writeFileSync(
      path.join(dir, 'mm', 'hmm.c'),
      merged((l) => {
        l[12] = 'int both2;';
        l[20] = 'int evil;';
      }),
    );
    git('commit', '-qam', 'Merge branch side2 (resolved by hand, with a line of its own)');
    const evil = git('rev-parse', 'HEAD');
    const cc = git('show', '--cc', '--format=', evil, '--', 'mm/hmm.c');
    assert.match(cc, /^\+\+int evil;$/m, 'git show --cc shows the evil line');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator(`.commit-row[data-oid="${merge}"]`).click();
      const pane = (from: string) => page.locator(`.diff-pane[aria-busy=false][data-from-blob="${from}"][data-to-blob="${blob(merge)}"]`);
      await pane(blob(`${merge}^1`)).waitFor();
      const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
      // against the first parent the side branch's line is what changed; against the second, mainline's
      assert.match(git('diff', `${merge}^1`, merge, '--', 'mm/hmm.c'), /^\+int side;$/m);
      const shown = async () => (await modified.innerText()).replace(/\u00a0/g, ' ');
      await assertEventually(async () => (await shown()).includes('int side;'), `${name}: parent 1's diff`);
      await page.getByLabel('Diff against parent').selectOption({ index: 1 });
      await pane(blob(`${merge}^2`)).waitFor();
      assert.match(git('diff', `${merge}^2`, merge, '--', 'mm/hmm.c'), /^\+int mainline;$/m);
      assert.match(
        await page.locator('.diff-labels .a-label').innerText(),
        new RegExp(`parent 2 ${git('rev-parse', `${merge}^2`).slice(0, 12)}`),
      );
      await shot(page, `14-15-merge-parent-2-${name}`);
      // combined (git show --cc): a clean merge took each side's change whole, so git shows no hunk, nor does the view
      assert.equal(git('show', '--cc', '--format=', merge, '--', 'mm/hmm.c'), '');
      await page.getByLabel('Diff against parent').selectOption({ index: 2 });
      await assertEventually(
        async () => (await page.locator('.file-view .view-lines').innerText()).replace(/\u00a0/g, ' ').includes('No combined hunks'),
        `${name}: the combined view`,
      );
      assert.match(await page.locator('.file-view .file-label').innerText(), /combined diff of the merge against its 2 parents/);
      // another commit and back: the first parent again
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      await pane(blob(`${merge}^1`)).waitFor();
      // the evil merge's combined view is git show --cc's hunks, the line of its own marked ++
      await page.locator(`.commit-row[data-oid="${evil}"]`).click();
      // its first parent's diff is shown first (a loaded machine answers late: the pick must not race the row's selection)
      await page.locator(`.diff-pane[aria-busy=false][data-from-blob="${blob(`${evil}^1`)}"][data-to-blob="${blob(evil)}"]`).waitFor();
      await page.getByLabel('Diff against parent').selectOption({ index: 2 });
      const ccShown = async () => (await page.locator('.file-view .view-lines').innerText()).replace(/\u00a0/g, ' ');
      await assertEventually(async () => (await ccShown()).includes('++int evil;'), `${name}: the evil merge's combined view`);
      const got = (await ccShown()).split('\n');
      for (const l of cc.split('\n').slice(cc.split('\n').findIndex((x) => x.startsWith('@@@'))))
        assert.ok(got.includes(l), `${name}: the combined view shows ${JSON.stringify(l)} as git show --cc does`);
      await shot(page, `14-15-evil-merge-cc-${name}`);
    });
  },
);

test(
  'issue 14 item 14: backports found on the stable branch are badged upstream; the ref picker opens the timeline at a branch, as git log <branch> -- path',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-refs');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await page.getByRole('button', { name: 'Open the sample' }).click();
      const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
      const mainline = gitLogOids(sampleDir, 'mm/hmm.c');
      await page.getByText(commitCount(mainline.length), { exact: true }).waitFor({ timeout: 60_000 });
      // the oracle: the upstream commit each of linux-5.4.y's own commits names
      const stableLog = execFileSync('git', ['-C', sampleDir, 'log', '--format=%H%x00%B%x01', 'linux-5.4.y', '--', 'mm/hmm.c'], {
        encoding: 'utf8',
      });
      const upstreamOf = new Map<string, string>();
      for (const rec of stableLog.split('\x01')) {
        const [oid, body] = rec.trim().split('\0');
        const up = /^commit ([0-9a-f]{40}) upstream/m.exec(body ?? '');
        if (oid && up) upstreamOf.set(up[1]!, oid);
      }
      assert.ok(upstreamOf.size >= 3, 'the sample has backports');
      // every row of the mainline timeline, read a screenful at a time down the list: badged exactly where
      // linux-5.4.y has a backport, each badge wholly in view (not cut by a narrow list)
      const row = (oid: string) => page.locator(`.commit-row[data-oid="${oid}"]`);
      await page.locator(`.badge.backported[data-backported="linux-5.4.y"]`).first().waitFor({ timeout: 30_000 });
      type Row = {
        getAttribute(n: string): string | null;
        querySelector(s: string): Row | null;
        textContent: string | null;
        getBoundingClientRect(): { right: number };
      };
      const seen = new Set<string>();
      const badged: string[] = [];
      for (let more = true; more;) {
        const rows = await page.locator('.commit-row').evaluateAll((els: Row[]) =>
          els.map((r) => {
            const b = r.querySelector('.badge.backported');
            const cut = b !== null && b.getBoundingClientRect().right > r.getBoundingClientRect().right;
            return {
              oid: r.getAttribute('data-oid')!,
              branch: b?.getAttribute('data-backported') ?? null,
              text: b?.textContent?.trim() ?? null,
              cut,
            };
          }),
        );
        for (const r of rows.filter((x) => !seen.has(x.oid))) {
          seen.add(r.oid);
          if (r.branch === null) continue;
          assert.deepEqual([r.branch, r.text], ['linux-5.4.y', '→ 5.4.y'], `${name}: the badge of ${r.oid}`);
          assert.equal(r.cut, false, `${name}: the badge of ${r.oid} is cut`);
          badged.push(r.oid);
        }
        more = await page.locator('.commit-list').evaluate((list: { scrollTop: number; clientHeight: number }) => {
          const top = list.scrollTop;
          list.scrollTop += list.clientHeight * 0.8;
          return list.scrollTop > top;
        });
        await page.evaluate('new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)))');
      }
      assert.deepEqual([...seen].sort(), [...mainline].sort(), `${name}: every row was read`);
      assert.deepEqual(badged.sort(), [...upstreamOf.keys()].filter((o) => mainline.includes(o)).sort(), `${name}: the badged rows`);
      // the details name the backport and open the branch
      const [upstream, backport] = [...upstreamOf].find(([u]) => mainline.includes(u))!;
      // back to the top: the list shows only the rows in view
      await page.locator('.commit-list').evaluate((list: { scrollTop: number }) => (list.scrollTop = 0));
      await row(upstream).click();
      const note = page.getByTestId('backported-to');
      await assertEventually(
        async () => (await note.innerText()).includes(`to linux-5.4.y as ${backport.slice(0, 12)}`),
        `${name}: details`,
      );
      await shot(page, `14-14-backported-${name}`);

      // an unknown name is said, and nothing is opened; Esc puts the field back
      const picker = page.getByLabel('Branch or tag');
      assert.equal(await picker.inputValue(), 'HEAD');
      await picker.fill('no-such-branch');
      await picker.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'No branch or tag named "no-such-branch"' }).waitFor();
      await picker.press('Escape');
      assert.equal(await picker.inputValue(), 'HEAD');

      // the stable branch: its own history, the backports' stable badges on it, the address carrying it
      const stable = gitLogOids(sampleDir, 'mm/hmm.c', false, 'linux-5.4.y');
      assert.notEqual(stable.length, mainline.length);
      await picker.fill('linux-5.4.y');
      await picker.press('Enter');
      await page.getByText(commitCount(stable.length), { exact: true }).waitFor({ timeout: 60_000 });
      assert.equal(await row(stable[0]!).count(), 1);
      assert.equal(await page.locator('.commit-row').first().getAttribute('data-oid'), stable[0]);
      await row(backport).locator('.badge.stable').waitFor();
      assert.equal(await page.getByLabel('Branch or tag').inputValue(), 'linux-5.4.y');
      await assertEventually(async () => new URL(page.url()).hash.includes('rev=linux-5.4.y'), `${name}: the address names the branch`);
      await shot(page, `14-14-stable-branch-${name}`);
      // a reload opens the branch again
      await page.reload();
      await page.getByText(commitCount(stable.length), { exact: true }).waitFor({ timeout: 60_000 });
      // and back to HEAD from a backport's details, where its upstream commit is
      await row(backport).click();
      await page.getByRole('button', { name: 'Open HEAD' }).click();
      await page.getByText(commitCount(mainline.length), { exact: true }).waitFor({ timeout: 60_000 });
      assert.equal(await page.getByLabel('Branch or tag').inputValue(), 'HEAD');
      await assertEventually(async () => !new URL(page.url()).hash.includes('rev='), `${name}: the address names HEAD again`);

      // a range, as git log v5.0..v5.5 -- mm/hmm.c lists it, typed in the same field
      const range = gitLogOids(sampleDir, 'mm/hmm.c', false, 'v5.0..v5.5');
      assert.ok(range.length > 0 && range.length < mainline.length);
      await picker.fill('v5.0..v5.5');
      await picker.press('Enter');
      await page.getByText(commitCount(range.length), { exact: true }).waitFor({ timeout: 60_000 });
      const rows = await page.locator('.commit-row').all();
      assert.equal(rows.length, range.length);
      for (const [k, r] of rows.entries()) assert.equal(await r.getAttribute('data-oid'), range[k]);
      await assertEventually(
        async () => decodeURIComponent(new URL(page.url()).hash).includes('rev=v5.0..v5.5'),
        `${name}: the address names the range`,
      );
      await shot(page, `14-14-range-${name}`);
    });
  },
);
