import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { smallRepo } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { buildExportLedger } from '../../main/services/exportLedger';
import { changedFunctions } from '../../main/services/changedFunctions';
import { findReleases } from '../../main/services/findReleases';
import { scanExports } from '../../main/analysis/scanExports';
import type { ExportLedger } from '../../shared/ledger';

const FILE = 'drivers/f.c';

function fn(name: string, macro: string): string {
  return `int ${name}(void)\n{\n\treturn 0;\n}\n${macro}(${name});\n\n`;
}

/**
 * A history where export changes come in on side branches and are merged: the whole history's ledger has them on
 * the side commits, the first-parent line's on the merges (git log --first-parent shows them there).
 */
function mergedExports(): string {
  const { dir, git, write: writeFile } = smallRepo('ledger-narrowed', { clock: 1_600_000_000 });
  fs.mkdirSync(path.join(dir, 'drivers'), { recursive: true });
  const write = (text: string) => writeFile(FILE, text);
  write(fn('foo', 'EXPORT_SYMBOL') + fn('bar', 'EXPORT_SYMBOL'));
  git('add', '.');
  git('commit', '-qm', 'add foo and bar');
  git('tag', 'v1');
  git('checkout', '-qb', 'side');
  write(fn('foo', 'EXPORT_SYMBOL_GPL') + fn('bar', 'EXPORT_SYMBOL'));
  git('commit', '-qam', 'side: foo is GPL only');
  write(fn('foo', 'EXPORT_SYMBOL_GPL') + fn('bar', 'EXPORT_SYMBOL') + fn('qux', 'EXPORT_SYMBOL_GPL'));
  git('commit', '-qam', 'side: add qux');
  git('checkout', '-q', 'main');
  write('/* main */\n' + fn('foo', 'EXPORT_SYMBOL') + fn('bar', 'EXPORT_SYMBOL'));
  git('commit', '-qam', 'main: a comment');
  git('merge', '-q', '--no-ff', 'side', '-m', 'Merge branch side');
  git('tag', 'v2');
  write(fs.readFileSync(path.join(dir, FILE), 'utf8').replace(fn('bar', 'EXPORT_SYMBOL'), ''));
  git('commit', '-qam', 'main: drop bar');
  return dir;
}

const eventsOf = (l: ExportLedger) =>
  l.symbols.flatMap((s) => s.events.map((e) => `${s.symbol} ${e.oid.slice(0, 12)} ${e.kind} ${e.from ?? '-'} ${e.to ?? '-'}`)).sort();

test("the first-parent line's export ledger puts a side branch's changes on its merge, as git log --first-parent shows them; it and a range's ledger, functions and releases are never kept as the whole history's", async () => {
  const dir = mergedExports();
  const root = path.dirname(dir);
  const gitOut = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  const exportsAt = (rev: string | null) =>
    new Map(rev === null ? [] : scanExports(gitOut('show', `${rev}:${FILE}`)).map((s) => [s.symbol, s.macro] as const));

  // git's first-parent line and each commit's version against its first parent's: the oracle
  const expectedLine: string[] = [];
  for (const oid of gitOut('log', '--first-parent', '--reverse', '--format=%H', '--', FILE).split('\n').filter(Boolean)) {
    const parent = gitOut('rev-list', '--parents', '-n1', oid).trim().split(' ')[1] ?? null;
    const before = exportsAt(parent);
    const after = exportsAt(oid);
    for (const symbol of new Set([...before.keys(), ...after.keys()])) {
      const from = before.get(symbol) ?? null;
      const to = after.get(symbol) ?? null;
      if (from === to) continue;
      expectedLine.push(
        `${symbol} ${oid.slice(0, 12)} ${from === null ? 'added' : to === null ? 'removed' : 'changed'} ${from ?? '-'} ${to ?? '-'}`,
      );
    }
  }
  const merge = gitOut('rev-parse', 'v2').trim();
  assert.ok(
    expectedLine.some((e) => e.startsWith(`foo ${merge.slice(0, 12)} changed`)),
    'the merge changed foo against its first parent (the test history is what it means to be)',
  );

  const home = path.join(root, 'home');
  const ledger = (o: { firstParent?: boolean; rev?: string }, at = home) =>
    withRepository({ dir, home: at }, (repo) => buildExportLedger({ repo, path: FILE, follow: false, ...o }));
  const functions = (o: { rev?: string }, at = home) =>
    withRepository({ dir, home: at }, (repo) => changedFunctions({ repo, path: FILE, follow: false, ...o }));
  const releases = (o: { rev?: string }, at = home) =>
    withRepository({ dir, home: at }, (repo) => findReleases({ repo, path: FILE, follow: false, ...o }));

  // asked first on the first-parent line and over a range (as a report or the rev box would)...
  const line = await ledger({ firstParent: true });
  assert.deepEqual(eventsOf(line), expectedLine.sort());
  const range = await ledger({ rev: 'v2..HEAD' });
  const rangeFunctions = await functions({ rev: 'v1..HEAD' });
  const rangeReleases = await releases({ rev: 'v1..HEAD' });
  // ...the whole history's, asked after them in the same home, is the whole history's (a fresh home computes it)
  const whole = await ledger({});
  const fresh = await ledger({}, path.join(root, 'fresh'));
  assert.deepEqual(eventsOf(whole), eventsOf(fresh));
  const side = gitOut('rev-parse', 'side~1').trim();
  assert.ok(
    eventsOf(whole).some((e) => e.startsWith(`foo ${side.slice(0, 12)} changed`)),
    "the whole history's ledger has the side commit's change",
  );
  assert.deepEqual(await functions({}), await functions({}, path.join(root, 'fresh')));
  const wholeReleases = await releases({});
  assert.deepEqual(wholeReleases, await releases({}, path.join(root, 'fresh')));
  assert.equal(wholeReleases[gitOut('rev-parse', 'v1').trim()], 'v1', "the first commit's release, outside the range asked before");
  assert.deepEqual(await releases({ rev: 'v1..HEAD' }), rangeReleases, "a range's releases, taken from the whole history's");
  // a range's is the whole history's events of the range's commits
  const inRange = new Set(
    gitOut('rev-list', 'v2..HEAD', '--', FILE)
      .split('\n')
      .filter(Boolean)
      .map((o) => o.slice(0, 12)),
  );
  assert.deepEqual(
    eventsOf(range),
    eventsOf(whole).filter((e) => inRange.has(e.split(' ')[1]!)),
  );
  assert.deepEqual(Object.keys(rangeFunctions).sort(), gitOut('rev-list', 'v1..HEAD', '--', FILE).split('\n').filter(Boolean).sort());
  // the whole history's functions kept, a range's are taken from them
  assert.deepEqual(await functions({ rev: 'v1..HEAD' }), rangeFunctions);
});
