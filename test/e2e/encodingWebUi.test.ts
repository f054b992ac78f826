import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { commitByteVersions } from '../fixtures/bytesHistory';
import { hostAndBrowser, NO_CHROMIUM, SCREENSHOTS } from '../fixtures/webHostProcess';

test(
  'the diff says which encoding it read a file in, and reads it in another when asked (remembered across a reload)',
  { skip: NO_CHROMIUM, timeout: 120_000 },
  async (t) => {
    const dir = tmpDir('encoding-ui');
    const repo = path.join(dir, 'repo');
    // windows-1252 text: "café" and, in the second version, a price in euros (0x80) between curly quotes (0x93 0x94)
    const v1 = Buffer.from('/* caf\xe9 */\nint x;\n', 'latin1');
    const v2 = Buffer.concat([v1, Buffer.from([0x2f, 0x2a, 0x20, 0x93, 0x35, 0x80, 0x94, 0x20, 0x2a, 0x2f, 0x0a])]);
    commitByteVersions(repo, 'notes.c', [v1, v2]);
    const { url, browser } = await hostAndBrowser(t, path.join(dir, 'home'), ['--repo', repo, '--path', 'notes.c']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    const picker = page.getByRole('combobox', { name: 'Text encoding' });
    // not UTF-8: read as Latin-1, every byte kept, and the picker says so
    await page.locator('.encoding-picker option', { hasText: 'Auto: ISO-8859-1' }).waitFor({ state: 'attached', timeout: 30_000 });
    const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
    await modified.filter({ hasText: 'café' }).waitFor();
    assert.doesNotMatch(await modified.innerText(), /€/);
    await picker.selectOption('windows-1252');
    await modified.filter({ hasText: '“5€”' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'encoding-windows-1252.png') });
    await page.reload();
    await page.locator('.commit-row').first().click({ timeout: 60_000 });
    assert.equal(await picker.inputValue(), 'windows-1252');
    await modified.filter({ hasText: '“5€”' }).waitFor({ timeout: 30_000 });
  },
);
