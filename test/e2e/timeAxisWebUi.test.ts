import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { tmpDir } from '../fixtures/generateRepo';
import { launchChromium, NO_CHROMIUM, SCREENSHOTS, startServe } from '../fixtures/webHostProcess';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function labels(page: Page): Promise<{ text: string; box: Box; selected: boolean }[]> {
  const out = [];
  for (const l of await page.locator('.release-label').all())
    out.push({
      text: (await l.textContent()) ?? '',
      box: (await l.boundingBox())!,
      selected: (await l.getAttribute('class'))!.includes('selected'),
    });
  return out;
}

function apart(a: Box, b: Box): boolean {
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

async function checkLabels(page: Page, size: string): Promise<string[]> {
  const shown = await labels(page);
  const tools = (await page.locator('.axis-tools').boundingBox())!;
  for (const [i, l] of shown.entries()) {
    assert.doesNotMatch(l.text, /-rc\d/, `${size}: a mainline release, not an -rc`);
    assert.ok(apart(l.box, tools), `${size}: ${l.text} is not under the zoom buttons`);
    for (const m of shown.slice(i + 1)) assert.ok(apart(l.box, m.box), `${size}: ${l.text} and ${m.text} do not overlap`);
  }
  return shown.map((l) => l.text);
}

test(
  'the time axis names mainline releases wherever there is room, the selected one at any zoom; axis and churn follow',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('time-axis-ui');
    const repo = path.join(dir, 'sample.git');
    await writeSampleRepository({ dir: repo });
    const { url, proc } = await startServe(path.join(dir, 'home'), ['--repo', repo, '--path', 'mm/hmm.c']);
    t.after(() => proc.kill());
    const browser = await launchChromium();
    t.after(() => browser.close());
    for (const [width, height] of [
      [1400, 900],
      [1024, 700],
    ] as const) {
      const size = `${width}x${height}`;
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(url);
      await page.locator('.commit-row').first().click({ timeout: 60_000 });
      // under 760 px tall the axis starts hidden, to leave the diff room
      if (!(await page.locator('.time-axis').isVisible())) await page.getByRole('button', { name: 'Axis' }).click();
      await page.locator('.release-label', { hasText: 'v4.14' }).first().waitFor({ timeout: 30_000 });
      const names = await checkLabels(page, size);
      // the sample's releases with one commit each used to go unnamed (v4.20 … v6.8)
      for (const want of ['v4.20', 'v6.8']) assert.ok(names.includes(want), `${size}: ${want} in ${names.join(' ')}`);
      assert.ok(names.length >= (width > 1200 ? 12 : 8), `${size}: ${names.length} releases named`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `14-02-axis-${size}.png`) });
      await checkChurnUnderAxis(page, size);

      // the oldest commit selected, zoomed in far: its release is named, and the axis kept it on screen
      const churnBefore = await page.locator('.churn-label').innerText();
      await page.locator('.commit-list').focus();
      await page.keyboard.press('End');
      const oldest = await page.locator('.commit-row.selected').getAttribute('data-oid');
      for (let i = 0; i < 6; i++) await page.getByTitle('Zoom in').click();
      await page.keyboard.press('Home');
      await page.keyboard.press('End');
      await page.locator(`.time-axis circle.selected[data-oid="${oldest}"]`).waitFor();
      const mark = (await page.locator(`.time-axis circle.selected[data-oid="${oldest}"]`).boundingBox())!;
      const axis = (await page.locator('.time-axis svg').boundingBox())!;
      assert.ok(mark.x >= axis.x && mark.x + mark.width <= axis.x + axis.width, `${size}: the selected commit is on screen`);
      const selectedLabel = (await labels(page)).find((l) => l.selected);
      assert.ok(selectedLabel, `${size}: the selected commit's release is named when zoomed in`);
      await checkLabels(page, `${size} zoomed`);
      // the churn chart shows the months of the zoomed span only
      const churnAfter = await page.locator('.churn-label').innerText();
      assert.notEqual(churnAfter, churnBefore, `${size}: the churn chart follows the zoom (${churnAfter})`);
      await checkChurnUnderAxis(page, `${size} zoomed`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `14-02-axis-zoomed-${size}.png`) });
      await page.close();
    }
  },
);

/**
 * The churn chart's months lie under the axis's: no month tick of the axis falls inside a bar, and each bar holds
 * (with the gap beside it, a twentieth of its month) a commit of the axis drawn above it.
 */
async function checkChurnUnderAxis(page: Page, what: string): Promise<void> {
  const boxes = async (selector: string) =>
    (await Promise.all((await page.locator(selector).all()).map((e) => e.boundingBox()))).filter((b) => b !== null);
  const layout = {
    bars: (await boxes('.churn rect')).map((b) => ({ left: b.x, right: b.x + b.width })),
    ticks: (await boxes('.time-axis .tick line')).map((b) => b.x),
    commits: (await boxes('.time-axis [data-oid]')).map((b) => b.x + b.width / 2),
  };
  assert.ok(layout.bars.length > 0 && layout.ticks.length > 0, `${what}: bars and ticks drawn`);
  for (const bar of layout.bars) {
    const gap = ((bar.right - bar.left) / 0.9) * 0.05 + 1;
    for (const tick of layout.ticks)
      assert.ok(tick <= bar.left + 1 || tick >= bar.right - 1, `${what}: a month tick at ${tick} inside a bar ${bar.left}–${bar.right}`);
    assert.ok(
      layout.commits.some((x) => x >= bar.left - gap && x <= bar.right + gap),
      `${what}: a bar at ${bar.left}–${bar.right} under no commit of the axis`,
    );
  }
}
