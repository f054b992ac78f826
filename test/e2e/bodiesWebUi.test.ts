import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { gitOut, sharedRepo, tmpDir } from '../fixtures/generateRepo';
import { attributes, commitCount, hostAndBrowser } from '../fixtures/webHostProcess';
import { gitLogOids } from '../fixtures/gitOracle';
import { assertEventually, routeApiSocket, shot } from '../fixtures/webUiPages';

// A long history's messages are most of its list (vim's src/version.c: 9.5 MB of 15.5), and the page takes about a
// second per 15 MB to receive a message: the list is drawn first, the bodies come after it.
test(
  'a list sent without its messages is drawn at once; the messages come after it, and the search finds what is in them',
  { timeout: 120_000 },
  async (t) => {
    const root = tmpDir('web-bodies');
    const { dir } = sharedRepo({ seed: 7, commits: 200 });
    const oids = gitLogOids(dir, 'mm/hmm.c');
    assert.ok(oids.length >= 40, `${oids.length} versions: enough for the list to come before its counts`);
    // every message's body is large here: the host sends each list without them
    const { url, browser } = await hostAndBrowser(t, path.join(root, 'home'), [], { STRATA_BODIES_APART_FROM: '1' });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // the bodies are held back until released: the list without them is seen for sure
    let holding = true;
    let listWithout = false;
    const held = await routeApiSocket(page, (text, index) => {
      if (text.includes('"partial":{"kind":"entries"') && text.includes('"bodiesFollow":true')) listWithout = true;
      // the bodies, and what comes after them for this open (its counts, its answer), in order
      const after = held.length > 0 && index !== '' && text.startsWith(`{"id":"${index}",`);
      return holding && (text.includes('"partial":{"kind":"bodies"') || after);
    });
    await page.goto(`${url}#${new URLSearchParams({ dir, path: 'mm/hmm.c' }).toString()}`);
    await page.getByText(commitCount(oids.length), { exact: true }).waitFor({ timeout: 60_000 });
    assert.ok(listWithout, 'the list came without its bodies');
    assert.deepEqual(await attributes(page.locator('.commit-row'), 'data-oid'), oids.slice(0, await page.locator('.commit-row').count()));
    await assertEventually(() => Promise.resolve(held.length >= 1), 'the bodies are held back');
    await shot(page, 'list-before-its-messages-1400x900');

    // the search looks in the bodies (every one has a Signed-off-by with this address): none is here yet
    const search = page.getByLabel('Search commit messages');
    await search.fill('x@example.org');
    await page.locator('.list-pane[aria-busy=false]').waitFor();
    assert.equal(await page.locator('.commit-row').count(), 0, 'no body yet: nothing found');

    // the bodies alone (the counts and the answer, which has them too, still held)
    const [bodies, ...rest] = held.splice(0);
    bodies!.ws.send(bodies!.text);
    // what git finds in the messages is found once the bodies are in
    const found = gitOut(dir, ['log', '--format=%H', '--fixed-strings', '-i', '--grep=x@example.org', '--', 'mm/hmm.c']).trim().split('\n');
    assert.ok(found.length > 40, `${found.length} messages hold the address`);
    await page.getByText(commitCount(found.length, oids.length), { exact: true }).waitFor();
    assert.equal(await page.locator('.commit-row').first().getAttribute('data-oid'), found[0]);
    holding = false;
    for (const h of [...rest, ...held.splice(0)]) h.ws.send(h.text);
    await page.locator('.counting').waitFor({ state: 'detached' });
    assert.equal(await page.getByText(commitCount(found.length, oids.length), { exact: true }).count(), 1, 'the answer changes nothing');
    await page.close();
  },
);
