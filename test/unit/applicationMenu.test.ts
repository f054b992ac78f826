import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { ApplicationMenu, menuTemplate, type MenuContext } from '../../main/electron/menu';
import { listRecent, rememberRecent } from '../../main/services/recentRepositories';
import { parseMenuAction, recentLabel, type MenuAction } from '../../shared/menu';
import { tmpDir } from '../fixtures/generateRepo';

function context(sent: MenuAction[]): MenuContext {
  return { version: '0.0.0-test', isPackaged: false, send: (a) => sent.push(a), about: () => undefined };
}

const submenu = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] => {
  const found = items.find((i) => i.label === label);
  assert.ok(found && Array.isArray(found.submenu), `a ${label} submenu`);
  return found.submenu;
};
const recentItems = (template: MenuItemConstructorOptions[]) => submenu(submenu(template, 'File'), 'Recent');
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

test('the menu module runs without electron: it imports electron for its types only', () => {
  const electronLoaded = Object.keys(require.cache).filter((k) => k.includes(`${path.sep}node_modules${path.sep}electron${path.sep}`));
  assert.deepEqual(electronLoaded, []);
});

test('every menu item sends a typed action that parses back as itself', () => {
  const sent: MenuAction[] = [];
  const recent = [
    { dir: '/r/one', path: 'a.c', follow: false },
    { dir: '/r/two', path: 'b.c', follow: true },
    { dir: '/r/one', path: 'a.c', follow: false, rev: 'v5.0..linux-5.4.y', firstParent: true as const },
  ];
  const template = menuTemplate(recent, context(sent));
  const clickAll = (items: MenuItemConstructorOptions[]): void => {
    for (const i of items) {
      if (Array.isArray(i.submenu)) clickAll(i.submenu);
      else if (i.click && !i.label?.startsWith('About')) click(i);
    }
  };
  clickAll(template);
  assert.deepEqual(sent.map((a) => a.kind).sort(), [
    'archives',
    'clone',
    'export-report',
    'help-keys',
    'open-local',
    'open-recent',
    'open-recent',
    'open-recent',
    'open-sample',
    'toggle-inline',
    'toggle-whitespace',
  ]);
  for (const a of sent) assert.deepEqual(parseMenuAction(JSON.parse(JSON.stringify(a))), a, `${a.kind} survives IPC`);
  assert.deepEqual(
    recentItems(template).map((i) => i.label),
    ['a.c — /r/one', 'b.c — /r/two (following renames)', 'a.c — /r/one at v5.0..linux-5.4.y (first parent)'],
  );
  assert.deepEqual(
    recentItems(menuTemplate([], context([]))).map((i) => [i.label, i.enabled]),
    [['Nothing yet', false]],
  );
});

test('parseMenuAction refuses what is not a menu action', () => {
  for (const bad of [
    null,
    'open-sample',
    'recent:0',
    {},
    { kind: 'quit' },
    { kind: 'open-recent' },
    { kind: 'open-recent', item: { dir: '/x', path: 'a.c' } },
    { kind: 'open-recent', item: { dir: 1, path: 'a.c', follow: false } },
    // a revision is one git would take (the services check it again), a first-parent mark is true or absent
    { kind: 'open-recent', item: { dir: '/x', path: 'a.c', follow: false, rev: '--output=/tmp/x' } },
    { kind: 'open-recent', item: { dir: '/x', path: 'a.c', follow: false, rev: 5 } },
    { kind: 'open-recent', item: { dir: '/x', path: 'a.c', follow: false, firstParent: 'yes' } },
  ]) {
    assert.equal(parseMenuAction(bad), null, JSON.stringify(bad));
  }
  // only what the item opens travels on
  assert.deepEqual(parseMenuAction({ kind: 'open-recent', item: { dir: '/x', path: 'a.c', follow: true, openedAt: 'now', extra: 1 } }), {
    kind: 'open-recent',
    item: { dir: '/x', path: 'a.c', follow: true },
  });
  assert.deepEqual(
    parseMenuAction({
      kind: 'open-recent',
      item: { dir: '/x', path: 'a.c', follow: false, rev: 'v5.4', firstParent: true, openedAt: 'now' },
    }),
    { kind: 'open-recent', item: { dir: '/x', path: 'a.c', follow: false, rev: 'v5.4', firstParent: true } },
  );
});

test('Recent: the menu is rebuilt when the list changes, and each item opens what its label says, after opening two in a row', async () => {
  const home = tmpDir('app-menu');
  const sent: MenuAction[] = [];
  const installed: MenuItemConstructorOptions[][] = [];
  const menu = new ApplicationMenu({ listRecent: () => listRecent(home), install: (t) => installed.push(t), context: context(sent) });
  const one = { dir: '/repos/one.git', path: 'mm/hmm.c', follow: false };
  const two = { dir: '/repos/two.git', path: 'kernel/fork.c', follow: true };
  const three = { dir: '/repos/one.git', path: 'mm/hmm.c', follow: true };
  // the same file at a release and on its first-parent line: entries of their own, each opening what it says
  const atRelease = { dir: '/repos/one.git', path: 'mm/hmm.c', follow: false, rev: 'v5.4' };
  const firstParentLine = { dir: '/repos/one.git', path: 'mm/hmm.c', follow: false, firstParent: true as const };

  assert.equal(await menu.refresh(), true, 'the first refresh installs a menu');
  assert.deepEqual(
    recentItems(installed.at(-1)!).map((i) => i.label),
    ['Nothing yet'],
  );
  for (const r of [atRelease, firstParentLine, one, two, three]) await rememberRecent(home, r);
  assert.equal(await menu.refresh(), true);
  assert.equal(await menu.refresh(), false, 'an unchanged list installs nothing');
  assert.equal(installed.length, 2);

  // open the third item, then the (new) third item again: each time the list is reordered by the open
  for (let round = 0; round < 2; round++) {
    const items = recentItems(installed.at(-1)!);
    const onDisk = await listRecent(home);
    assert.deepEqual(
      items.map((i) => i.label),
      onDisk.map(recentLabel),
      'the menu shows the list on disk',
    );
    const before = sent.length;
    click(items[2]!);
    const action = sent[before]!;
    assert.equal(action.kind, 'open-recent');
    if (action.kind !== 'open-recent') return;
    assert.equal(recentLabel(action.item), items[2]!.label, 'the item opens what its label says');
    // what the renderer's open does in the services: the opened file moves to the top
    await rememberRecent(home, action.item);
    assert.equal(await menu.refresh(), true, 'opening reorders the list: the menu is rebuilt');
    assert.deepEqual(recentItems(installed.at(-1)!).map((i) => i.label)[0], recentLabel(action.item));
  }
  // after the two opens, the first items are the two opened, most recent first
  const labels = recentItems(installed.at(-1)!).map((i) => i.label);
  assert.deepEqual(labels, [recentLabel(two), recentLabel(one), recentLabel(three), recentLabel(firstParentLine), recentLabel(atRelease)]);
  assert.equal(recentLabel(atRelease), 'mm/hmm.c — /repos/one.git at v5.4');
  assert.equal(recentLabel(firstParentLine), 'mm/hmm.c — /repos/one.git (first parent)');
});

test('refreshes run one after the other: the last list read is the one shown', async () => {
  const lists = [[{ dir: '/a', path: 'x', follow: false }], [{ dir: '/b', path: 'y', follow: false }]];
  let call = 0;
  const installed: MenuItemConstructorOptions[][] = [];
  // the first read answers after the second was asked for
  const menu = new ApplicationMenu({
    listRecent: () =>
      new Promise((resolve) => {
        const n = call++;
        setTimeout(() => resolve(lists[n]!), n === 0 ? 30 : 0);
      }),
    install: (t) => installed.push(t),
    context: context([]),
  });
  await Promise.all([menu.refresh(), menu.refresh()]);
  assert.deepEqual(
    recentItems(installed.at(-1)!).map((i) => i.label),
    ['y — /b'],
  );
});
