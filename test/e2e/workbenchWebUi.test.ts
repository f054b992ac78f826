import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { attributes, forEachViewport, hostAndBrowser } from '../fixtures/webHostProcess';
import { gitLogOids } from '../fixtures/gitOracle';
import { assertEventually, box, filterRepo, oneFileRepo, openInForm, shot, wideRepo } from '../fixtures/webUiPages';

test(
  'issue 14 items 13, 11, 6: a maintainer note is shown once; Fixes subjects with () whole; codicons load; keys work after Enter',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-notes');
    const WRAPPED_BODY =
      'hmm_range_fault() walked the range a second time when the first walk\n' +
      'had to drop the mmap lock, faulting pages it had already faulted; keep\n' +
      'what the first walk found and start again where it stopped.\n\n' +
      '    ret = hmm_range_fault(&range);\n' +
      '    if (ret)\n' +
      '        goto retry;';
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `int line${i};`).join('\n') + '\n';
    const dir = oneFileRepo(path.join(home, 'notes'), [
      {
        message: 'mm/hmm: replace hmm_vma_fault() with hmm_range_fault()',
        text: lines(10),
        date: '2020-01-01T10:00:00Z',
        author: { name: 'Jérôme Glisse', email: 'jglisse@redhat.com', date: '2019-12-20T08:00:00-05:00' },
      },
      { message: 'mm/hmm: tidy', text: lines(11), date: '2020-01-15T10:00:00Z' },
      {
        message:
          'mm/hmm: fix it\n\n' +
          WRAPPED_BODY +
          '\n\n[morgan: fixed up the build]\nFixes: 0123456789ab ("mm/hmm: replace hmm_vma_fault() with hmm_range_fault()")\nSigned-off-by: Morgan Lee <morgan@example.org>\nCo-developed-by: Somebody With A Long Name <somebody.with.a.very.long.address.for.mail@subdomain.example.org>',
        text: lines(12),
        date: '2020-02-01T10:00:00Z',
        author: { name: 'Morgan Lee', email: 'morgan@example.org', date: '2020-01-25T09:00:00+01:00' },
      },
    ]);
    const { url, browser } = await hostAndBrowser(t, home);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await openInForm(page, dir, 'mm/hmm.c');
    await page.locator('.commit-row').first().click();
    const details = page.locator('.details');
    await details.locator('.people').waitFor();
    const text = await details.innerText();
    assert.equal(text.split('morgan: fixed up the build').length - 1, 1, `the note once in: ${text}`);
    assert.match(text, /“mm\/hmm: replace hmm_vma_fault\(\) with hmm_range_fault\(\)”/);
    // a long address wraps inside the details pane (it ran out of it, cut at the window's edge)
    const pane = await box(page, '.details');
    for (const cell of await details.locator('.people td').all()) {
      const b = (await cell.boundingBox())!;
      assert.ok(
        b.x + b.width <= pane.x + pane.width + 0.5,
        `a trailer's cell ends at ${b.x + b.width}, the pane at ${pane.x + pane.width}`,
      );
    }
    await shot(page, '14-13-note-once');

    // the message's paragraphs are rewrapped to the narrow pane (its code block as written); "As written" shows
    // the line breaks of the commit
    const message = details.locator('.message');
    assert.equal((await message.innerText()).split('\n\n')[1], WRAPPED_BODY.split('\n\n')[0]!.replaceAll('\n', ' '));
    assert.match(await message.innerText(), /\n {4}ret = hmm_range_fault\(&range\);\n {4}if \(ret\)\n/);
    await details.getByRole('button', { name: 'As written' }).click();
    assert.ok((await message.innerText()).includes(`mm/hmm: fix it\n\n${WRAPPED_BODY}`), await message.innerText());
    await details.getByRole('button', { name: 'Rewrap' }).click();
    assert.doesNotMatch((await message.innerText()).split('\n\n')[1]!, /\n/);

    // who wrote it and who committed it, with dates as git log --format=fuller --date=iso shows them: the author
    // committing later (a rebase) adds the date, a maintainer applying it adds a line, the same at once adds nothing
    const fuller = (oid: string) =>
      execFileSync('git', ['-C', dir, 'log', '-1', '--date=iso', '--format=%an <%ae> · %ad%n%cn <%ce> · %cd%n%cd', oid], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n');
    const personLines = async () => (await details.locator('.person-line').allInnerTexts()).map((l) => l.replace(/\s+/g, ' '));
    const [rebased, tidy, applied] = gitLogOids(dir, 'mm/hmm.c');
    assert.deepEqual(await personLines(), [fuller(rebased!)[0], `Committed ${fuller(rebased!)[2]}`]);
    assert.match(fuller(rebased!)[0]!, / · 2020-01-25 09:00:00 \+0100$/);
    await page.locator(`.commit-row[data-oid="${tidy}"]`).click();
    await details.locator('.details-subject', { hasText: 'mm/hmm: tidy' }).waitFor();
    assert.deepEqual(await personLines(), [fuller(tidy!)[0]]);
    await page.locator(`.commit-row[data-oid="${applied}"]`).click();
    await details.locator('.person-line[data-role=committed]').waitFor();
    const [author, committer] = fuller(applied!);
    assert.match(author!, /^Jérôme Glisse <jglisse@redhat.com> · 2019-12-20 08:00:00 -0500$/);
    assert.deepEqual(await personLines(), [author, `Committed by ${committer}`]);
    await page.locator('.commit-row').first().click();

    // item 11: Monaco's icon font is bundled and loads under the CSP (no "▯" boxes in the gutter)
    await assertEventually(
      () =>
        page.evaluate(async () => {
          const fonts = (
            globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> } } }
          ).document.fonts;
          await fonts.ready;
          return [...fonts].some((f) => f.family.replace(/["']/g, '') === 'codicon' && f.status === 'loaded');
        }),
      'the codicon font is loaded',
    );
    await shot(page, '14-11-codicons');

    // item 6: Enter opens the diff, and j/k still move the selection; after a click into the editor, Monaco keeps them
    const rowOids = gitLogOids(dir, 'mm/hmm.c');
    await page.locator('.commit-row').first().click();
    await page.keyboard.press('Enter');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[1], 'j after Enter moves the selection');
    await page.keyboard.press('k');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[0], 'k after Enter moves the selection');
    await page.locator('.monaco-diff-editor .editor.modified .view-lines').click();
    await page.keyboard.press('j');
    assert.equal(
      await page.locator('.commit-row.selected').getAttribute('data-oid'),
      rowOids[0],
      'a click into the editor gives it the keys',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), rowOids[1], 'Esc gives them back');
  },
);

test(
  'issue 14 item 1: resizable, collapsible panes remembered across reloads; focus mode; the full file of a version',
  { timeout: 180_000 },
  async (t) => {
    const home = tmpDir('web-panes');
    const dir = wideRepo(path.join(home, 'wide'));
    const oids = gitLogOids(dir, 'mm/hmm.c');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name, vp) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator('.commit-row').first().click();
      await page.locator('.diff-pane[aria-busy=false]').waitFor();
      // the diff gets room: over half the width, and (short windows too) over 40% of the height
      const diff = await box(page, '.diff-host');
      assert.ok(diff.width >= 0.54 * vp.width, `${name}: the diff is ${diff.width} px wide`);
      assert.ok(diff.height >= 0.4 * vp.height, `${name}: the diff is ${diff.height} px tall`);
      // the tool bar wraps item by item: two rows at 1024 px as at 1400 (its diff options went whole to a third)
      const bar0 = await box(page, 'header.toolbar');
      assert.ok(bar0.height <= 90, `${name}: the tool bar is ${bar0.height} px tall`);
      await shot(page, `14-01-panes-${name}`);

      // drag the bar after the list: the list widens by as much, and a reload keeps it
      const list0 = (await box(page, '.list-pane')).width;
      const bar = await box(page, '[role=separator][aria-label="Commit list width"]');
      await page.mouse.move(bar.x + bar.width / 2, bar.y + 40);
      await page.mouse.down();
      await page.mouse.move(bar.x + bar.width / 2 + 60, bar.y + 40, { steps: 4 });
      await page.mouse.up();
      assert.equal((await box(page, '.list-pane')).width, list0 + 60, `${name}: the list follows the drag`);
      // hide the details and the list: the diff takes their room
      await page.getByRole('button', { name: 'Details', exact: true }).click();
      assert.equal(await page.locator('.details').count(), 0);
      const noDetails = await box(page, '.diff-host');
      assert.ok(noDetails.width > diff.width || noDetails.height > diff.height, `${name}: hiding the details gives the diff their room`);
      await page.getByRole('button', { name: 'Axis', exact: true }).click();
      const axisShown = (await page.locator('.time-axis').count()) === 1;
      await page.reload();
      await page.locator('.commit-row').first().waitFor({ timeout: 60_000 }); // the URL names the file: a reload reopens it
      assert.equal((await box(page, '.list-pane')).width, list0 + 60, `${name}: the list's width is remembered`);
      assert.equal(await page.locator('.details').count(), 0, `${name}: hidden details stay hidden after a reload`);
      assert.equal((await page.locator('.time-axis').count()) === 1, axisShown, `${name}: the axis stays as it was left`);
      assert.equal(await page.locator('.churn').count(), axisShown ? 1 : 0, `${name}: the churn chart goes with the axis`);
      await page.getByRole('button', { name: 'Details', exact: true }).click();
      await page.locator('.details').waitFor();
      // the author's line wraps between name, address and date, never inside them (an address left its ">" on a
      // line of its own): in a narrow pane too
      // (the page's code is text: it runs in Chromium)
      const narrowed = (await page.evaluate(`(() => {
        const line = document.querySelector('.details .person-line');
        line.style.maxWidth = '170px';
        const units = [...line.querySelectorAll('.unit')];
        const out = { height: line.getBoundingClientRect().height, unit: units[0]?.getBoundingClientRect().height ?? 0, rects: units.map((u) => u.getClientRects().length) };
        line.style.maxWidth = '';
        return out;
      })()`)) as { height: number; unit: number; rects: number[] };
      assert.ok(
        narrowed.height > 1.5 * narrowed.unit,
        `${name}: the narrowed line wraps (${narrowed.height} px high, a line ${narrowed.unit} px)`,
      );
      assert.deepEqual(narrowed.rects, [1, 1], `${name}: the address and the date each on one line`);

      // focus mode: f, and the button takes it back
      await page.locator(`.commit-row[data-oid="${oids[1]}"]`).click();
      await page.keyboard.press('f');
      assert.equal(await page.locator('.commit-row').count(), 0, `${name}: focus mode hides the list`);
      assert.equal(await page.locator('.filter-bar').count(), 0);
      assert.equal(await page.locator('.details').count(), 0);
      const focused = await box(page, '.diff-host');
      assert.ok(focused.width >= 0.95 * vp.width, `${name}: in focus mode the diff is ${focused.width} px wide`);
      assert.ok(focused.height >= 0.8 * vp.height, `${name}: in focus mode the diff is ${focused.height} px tall`);
      await shot(page, `14-01-focus-${name}`);
      await page.getByRole('button', { name: 'Focus', exact: true }).click();
      await page.locator('.commit-row').first().waitFor();

      // the full file of the selected version, whole (not only the changed lines)
      await page.getByRole('button', { name: 'Full file' }).first().click();
      const fileLines = page.locator('.file-view .view-lines');
      const firstLine = execFileSync('git', ['-C', dir, 'show', `${oids[1]}:mm/hmm.c`], { encoding: 'utf8' })
        .split('\n')[0]!
        .trim();
      await assertEventually(
        async () => (await fileLines.innerText()).replace(/\u00a0/g, ' ').includes(firstLine),
        `${name}: the full file shows ${oids[1]}'s first line`,
      );
      assert.match(await page.locator('.file-view .file-label').innerText(), new RegExp(oids[1]!.slice(0, 12)));
      assert.equal(await page.locator('.diff-pane').isHidden(), true, 'the diff is put away while the file is shown');
      await shot(page, `14-01-full-file-${name}`);
      await page.keyboard.press('v');
      await page.locator('.diff-pane').waitFor();
      assert.equal(await page.locator('.file-view').count(), 0);
    });
  },
);

test(
  'issue 14 item 6: ? shows every key of the timeline, from the table the key handler reads; Esc closes it',
  { timeout: 120_000 },
  async (t) => {
    const home = tmpDir('web-keys');
    const dir = filterRepo(path.join(home, 'keys'));
    const oids = gitLogOids(dir, 'mm/hmm.c');
    const { url, browser } = await hostAndBrowser(t, home);
    await forEachViewport(browser, url, async (page, name, vp) => {
      await openInForm(page, dir, 'mm/hmm.c');
      await page.locator('.commit-row').first().click();
      await page.keyboard.press('?');
      const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await overlay.waitFor();
      const keys = (await attributes(overlay.locator('tr'), 'data-keys')).join(' ').split(' ');
      for (const k of [
        'j',
        'k',
        'ArrowDown',
        'ArrowUp',
        'PageDown',
        'PageUp',
        'Home',
        'End',
        'Enter',
        '/',
        '[',
        ']',
        'n',
        'p',
        'N',
        'Escape',
        'f',
        'v',
        '?',
      ])
        assert.ok(keys.includes(k), `${name}: the overlay lists ${k}`);
      const box0 = await box(page, '.keys-card');
      assert.ok(box0.height <= vp.height, `${name}: the list fits the window`);
      await shot(page, `14-06-keys-${name}`);
      await page.keyboard.press('Escape');
      assert.equal(await overlay.count(), 0, `${name}: Esc closes the overlay`);
      // the keys it lists are the ones that work: j moves
      await page.keyboard.press('j');
      assert.equal(await page.locator('.commit-row.selected').getAttribute('data-oid'), oids[1]);
    });
  },
);
