import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { attributes, forEachViewport, hostAndBrowser } from '../fixtures/webHostProcess';
import { gitLogOids } from '../fixtures/gitOracle';
import { assertEventually, box, filterRepo, openInForm, shot } from '../fixtures/webUiPages';

test(
  'issue 14 item 7: the selection follows the filter; search syntax; an empty state that says why; one Clear filters',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-filter');
    const dir = filterRepo(path.join(home, 'filter'));
    const oids = gitLogOids(dir, 'mm/hmm.c'); // newest first: docs, rework, fix, tidy, add
    assert.equal(oids.length, 5);
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      if ((await page.locator('.time-axis').count()) === 0) await page.getByRole('button', { name: 'Axis', exact: true }).click();
      const search = page.getByLabel('Search commit messages');
      const rows = async () => attributes(page.locator('.commit-row'), 'data-oid');
      const selectedOid = () => page.locator('.commit-row.selected').getAttribute('data-oid');
      // the list follows what is typed as soon as it can (aria-busy until then)
      const settled = () => page.locator('.list-pane[aria-busy=false]').waitFor();
      const filterBy = async (text: string) => {
        await search.fill(text);
        await settled();
      };

      // the selected commit is hidden by the filter: the first one shown is selected, details and diff follow it
      await page.locator(`.commit-row[data-oid="${oids[3]}"]`).click();
      await filterBy('race');
      assert.deepEqual(await rows(), [oids[2]]);
      assert.equal(await page.locator('.commit-row.selected').count(), 1, `${name}: a row is selected`);
      assert.equal(await selectedOid(), oids[2]);
      await page.locator('.details-subject', { hasText: 'mm/hmm: fix a race' }).waitFor();
      // j goes on from the rows shown
      await filterBy('');
      await page.locator(`.commit-row[data-oid="${oids[0]}"]`).click();
      await filterBy('mm/hmm');
      assert.equal(await selectedOid(), oids[1], `${name}: the hidden docs commit gives way to the first row shown`);
      await page.locator('.diff-labels').click(); // out of the search box (Esc would empty it)
      await page.keyboard.press('j');
      assert.equal(await selectedOid(), oids[2], `${name}: j moves from the first row shown`);

      // search syntax: fixes:, trailer:, author:, message:, path:
      await filterBy(`fixes:${oids[4]!.slice(0, 10)}`);
      assert.deepEqual(await rows(), [oids[2]]);
      await filterBy('trailer:reviewed-by=ann');
      assert.deepEqual(await rows(), [oids[2]]);
      await filterBy('author:morgan message:hmm_range_fault');
      assert.deepEqual(await rows(), [oids[1], oids[2], oids[4]]); // the fix names it in its Fixes: line
      await filterBy('path:mm/hmm.c docs');
      assert.deepEqual(await rows(), [oids[0]]);

      // Mark: the search marks its matches and hides nothing; n / N step between them, wrapping as less does
      await filterBy('author:morgan message:hmm_range_fault');
      const mark = page.locator('.filter-bar').getByRole('button', { name: 'Mark', exact: true });
      await mark.click();
      await settled();
      assert.equal(await mark.getAttribute('aria-pressed'), 'true');
      assert.deepEqual(await rows(), oids, `${name}: marking hides no commit`);
      const markedRows = async () => attributes(page.locator('.commit-row.marked'), 'data-oid');
      assert.deepEqual(await markedRows(), [oids[1], oids[2], oids[4]]);
      await page.locator('.marked-count', { hasText: '3 marked' }).waitFor();
      await page.locator(`.commit-row[data-oid="${oids[0]}"]`).click();
      for (const [key, to] of [
        ['n', 1],
        ['n', 2],
        ['n', 4],
        ['n', 1],
        ['N', 4],
        ['N', 2],
      ] as const) {
        await page.keyboard.press(key);
        assert.equal(await selectedOid(), oids[to], `${name}: ${key} goes to the marked commit ${to}`);
      }
      await shot(page, `14-07-marked-${name}`);
      await mark.click();
      await settled();
      assert.deepEqual(await rows(), [oids[1], oids[2], oids[4]], `${name}: unmarked, the search filters again`);

      // no match: the list says why, the axis and the chart stay where they were
      const ticks = () => page.locator('.time-axis .tick text').allInnerTexts();
      await filterBy('');
      const ticksBefore = await ticks();
      const listTop = (await box(page, '.list-pane')).y;
      await filterBy('author:nobody');
      await page.locator('.empty-state', { hasText: 'No commit matches' }).waitFor();
      assert.equal(await page.locator('.commit-row').count(), 0);
      assert.deepEqual(await ticks(), ticksBefore, `${name}: the axis does not jump`);
      assert.equal(await page.locator('.churn').count(), 1, `${name}: the churn chart stays`);
      assert.equal((await box(page, '.list-pane')).y, listTop, `${name}: nothing above the list moves`);
      assert.equal(await page.locator('.details').count(), 0, `${name}: no details of a hidden commit`);
      assert.equal(await page.locator('.diff-pane').getAttribute('data-to-blob'), '', `${name}: no diff of a hidden commit`);
      await page.locator('.pane-note', { hasText: 'the filter lets none through' }).waitFor();
      await shot(page, `14-07-empty-${name}`);
      await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
      await settled();
      assert.equal((await rows()).length, 5);

      // a reversed tag range says so
      await page.getByLabel('From release').selectOption('v5.1');
      await page.getByLabel('To release').selectOption('v5.0');
      await page.locator('.empty-state', { hasText: 'The tag range is reversed: v5.1 comes after v5.0.' }).waitFor();
      await page.locator('.filter-bar').getByRole('button', { name: 'Clear filters' }).click();
      await settled();
      assert.equal((await rows()).length, 5);

      // a part of a function's name finds the commits that changed a function containing it
      await page.getByLabel('Changed function').fill('hmm_range');
      // (which commits changed hmm_range_fault is changedFunctions' answer; the two that rewrote its body are among them)
      await assertEventually(
        async () => {
          const r = await rows();
          return r.includes(oids[1]!) && r.includes(oids[4]!) && !r.includes(oids[0]!);
        },
        `${name}: hmm_range finds the commits that changed hmm_range_fault`,
        40_000,
      ); // changedFunctions' answer: slower while other tests run
      await shot(page, `14-07-function-prefix-${name}`);
    });
  },
);

test(
  'issue 14 item 9: back and forward through jumps; the URL carries file, selection, A/B and filters (reload); filters survive ◀',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-history');
    const dir = filterRepo(path.join(home, 'history'));
    const oids = gitLogOids(dir, 'mm/hmm.c'); // docs, rework, fix, tidy, add
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name) => {
      await openInForm(page, dir, 'mm/hmm.c');
      const selectedOid = () => page.locator('.commit-row.selected').getAttribute('data-oid');
      await page.locator(`.commit-row[data-oid="${oids[2]}"]`).click();
      await page.getByRole('button', { name: 'Go to the fixed commit' }).click();
      assert.equal(await selectedOid(), oids[4], `${name}: the Fixes jump lands on the fixed commit`);
      await page.keyboard.press('Alt+ArrowLeft');
      assert.equal(await selectedOid(), oids[2], `${name}: Alt+Left returns to the fix`);
      await page.keyboard.press('Alt+ArrowRight');
      assert.equal(await selectedOid(), oids[4], `${name}: Alt+Right goes forward again`);
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      assert.equal(await selectedOid(), oids[2], `${name}: the Back button`);
      await shot(page, `14-09-back-${name}`);
      await page.getByRole('button', { name: 'Forward', exact: true }).click();
      assert.equal(await selectedOid(), oids[4], `${name}: the Forward button`);

      // the address carries the file, the selection, A/B and the filters: a reload restores them
      await page.getByLabel('Author').fill('Morgan');
      await page.getByLabel('Search commit messages').fill('hmm');
      await page.locator(`.commit-row[data-oid="${oids[3]}"]`).click();
      await page.keyboard.press('[');
      await page.locator(`.commit-row[data-oid="${oids[1]}"]`).click();
      await page.keyboard.press(']');
      await assertEventually(async () => new URL(page.url()).hash.includes(`b=${oids[1]}`), `${name}: the URL follows`);
      assert.match(decodeURIComponent(new URL(page.url()).hash), /path=mm\/hmm\.c.*f\.author=Morgan/);
      await page.reload();
      await page.locator('.commit-row.selected').waitFor({ timeout: 60_000 });
      assert.equal(await selectedOid(), oids[1], `${name}: the selection after a reload`);
      assert.equal(await page.getByLabel('Author').inputValue(), 'Morgan', `${name}: the author filter after a reload`);
      assert.equal(await page.getByLabel('Search commit messages').inputValue(), 'hmm');
      // item 7: the search's words are marked in the subjects
      const marks = await page.locator('.commit-row .subject mark').allInnerTexts();
      assert.ok(marks.length >= 4 && marks.every((m) => m.toLowerCase() === 'hmm'), `${name}: marked ${marks.join(',')}`);
      const state = page.getByRole('status', { name: 'Comparing' });
      assert.match(await state.innerText(), new RegExp(`A\\s+${oids[3]!.slice(0, 12)}.*B\\s+${oids[1]!.slice(0, 12)}`, 's'));
      await shot(page, `14-09-reloaded-${name}`);
      // ◀ and the file opened again: the filters are where they were
      await page.getByTitle('Back to the start screen').click();
      assert.equal(new URL(page.url()).hash, '', `${name}: the start screen's address names no file`);
      await page.locator('input[name=dir]').fill(dir);
      await page.locator('input[name=path]').fill('mm/hmm.c');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('.commit-row.selected').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByLabel('Author').inputValue(), 'Morgan', `${name}: the filter survives ◀ and reopen`);
    });
  },
);
