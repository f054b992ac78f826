import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { commitCount } from '../fixtures/webHostProcess';
import { recentLabel } from '../../shared/menu';

const root = path.join(__dirname, '..', '..', '..');

/** The Electron binary, where `npm install` could download it; null where it could not. */
function electronBinary(): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's export is the binary's path, there only when it was downloaded
    const p = require('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const why = 'no Electron binary on this machine (its download is blocked here); the same UI scenario runs in Chromium against the web host';
if (!binary) process.stderr.write(`\n*** SKIPPED: the Electron end-to-end test: ${why}. ***\n\n`);

test(
  'the desktop app: hardened window, sample on first start, timeline, Monaco diff, A/B, File → Open Local, File → Recent twice',
  { skip: binary ? false : why, timeout: 180_000 },
  async () => {
    const home = tmpDir('electron');
    const app = await electron.launch({ executablePath: binary!, args: [root], env: { ...process.env, STRATA_HOME: home } });
    try {
      const page = await app.firstWindow();
      await page.locator('.commit-row').first().waitFor({ timeout: 60_000 });
      const expected = gitLogOids(path.join(home, 'sample', 'hmm-sample.git'), 'mm/hmm.c');
      await page.getByText(commitCount(expected.length), { exact: true }).waitFor();
      // the page sees the bridge and nothing of Node
      assert.deepEqual(
        await page.evaluate(() => [
          typeof (globalThis as { require?: unknown }).require,
          typeof (globalThis as { process?: unknown }).process,
          typeof (globalThis as { strataBridge?: unknown }).strataBridge,
        ]),
        ['undefined', 'undefined', 'object'],
      );
      assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);
      await page.locator('.commit-row').nth(1).click();
      await page.keyboard.press('[');
      await page.keyboard.press('j');
      await page.keyboard.press(']');
      await page.locator('.diff-labels .b-label', { hasText: 'B:' }).waitFor();
      fs.mkdirSync(path.join(root, 'test-output', 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-output', 'screenshots', 'electron.png') });

      // File → Open Local Repository…: the folder from the system dialog (stubbed here), then the file path is asked in the form
      const sampleDir = path.join(home, 'sample', 'hmm-sample.git');
      await app.evaluate(({ dialog, Menu }, dir) => {
        dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [dir] });
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- electron types MenuItem.click as Function
        Menu.getApplicationMenu()!
          .items.find((i) => i.label === 'File')!
          .submenu!.items.find((i) => i.label.startsWith('Open Local'))!
          .click();
      }, sampleDir);
      await page.locator('input[name=path]:focus').waitFor();
      assert.equal(await page.locator('input[name=dir]').inputValue(), sampleDir);
      await page.keyboard.type('include/linux/hmm.h');
      await page.keyboard.press('Enter');
      const shown = async (file: string) => {
        await page.locator('.toolbar .title strong', { hasText: file }).waitFor({ timeout: 60_000 });
        await page.getByText(commitCount(gitLogOids(sampleDir, file).length), { exact: true }).waitFor();
      };
      await shown('include/linux/hmm.h');

      // File → Recent, twice in a row: each item opens what its label says (the menu is rebuilt as the list changes)
      for (const file of ['mm/hmm.c', 'include/linux/hmm.h']) {
        const label = recentLabel({ dir: sampleDir, path: file, follow: false });
        const clicked = await assertEventuallyTrue(() =>
          app.evaluate(({ Menu }, want) => {
            const recent = Menu.getApplicationMenu()
              ?.items.find((i) => i.label === 'File')
              ?.submenu?.items.find((i) => i.label === 'Recent')?.submenu;
            const items = recent?.items ?? [];
            // the file shown is first: the one asked for must be second, or the menu was not rebuilt
            if (items[1]?.label !== want) return false;
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- electron types MenuItem.click as Function
            items[1].click();
            return true;
          }, label),
        );
        assert.ok(clicked, `File → Recent shows ${label} second`);
        await shown(file);
      }
    } finally {
      await app.close();
    }
  },
);

/** Polls until `check` answers true (the menu is rebuilt just after the request that changed the list answers). */
async function assertEventuallyTrue(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
