import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { partialCloneLacking } from '../fixtures/partialClone';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { ledgerOf } from '../fixtures/ledgerReads';
import type { ExportEvent } from '../../shared/ledger';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');
const FILE = 'mm/hmm.c';

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
}

const key = (e: ExportEvent) => `${e.oid} ${e.kind} ${e.from} ${e.to}`;

test('the export ledger of a partial clone: a change made in a version the clone lacks shows at the next version, and the ledger says so', async () => {
  const root = tmpDir('ledger-partial');
  const { dir } = await writeSampleRepository({ dir: path.join(root, 'sample') });
  const full = await ledgerOf(dir, path.join(root, 'home-full'));
  assert.equal(full.ledger.absent, undefined);

  // the versions to leave out: ones that changed a macro, whose next version (its only child in the history) changed none of the same symbols
  const lines = git(dir, ['log', '--parents', '--format=%H %P', '--', FILE]).trim().split('\n');
  const parentsOf = new Map(lines.map((l) => [l.split(' ')[0]!, l.split(' ').slice(1)]));
  const eventsAt = new Map<string, string[]>();
  for (const s of full.ledger.symbols) for (const e of s.events) eventsAt.set(e.oid, [...(eventsAt.get(e.oid) ?? []), s.symbol]);
  const chosen: { lacks: string; next: string }[] = [];
  for (const [oid, symbols] of eventsAt) {
    if (parentsOf.get(oid)?.length !== 1 || chosen.some((c) => c.next === oid || c.lacks === oid)) continue;
    const next = [...parentsOf].find(([, ps]) => ps.length === 1 && ps[0] === oid)?.[0];
    if (!next || (eventsAt.get(next) ?? []).some((s) => symbols.includes(s)) || chosen.some((c) => c.lacks === next)) continue;
    chosen.push({ lacks: oid, next });
    if (chosen.length === 2) break;
  }
  assert.equal(chosen.length, 2, 'the sample has two such versions');

  // a real partial clone (git clone --filter=blob:none) holding every version of the file but the chosen ones
  const partial = path.join(root, 'partial.git');
  const lacking = partialCloneLacking(
    dir,
    FILE,
    chosen.map((c) => c.lacks),
    partial,
  );

  const home = path.join(root, 'home-partial');
  const got = await ledgerOf(partial, home);
  assert.equal(got.ledger.absent, new Set(lacking).size);

  // what the full ledger says, with each change made in a lacking version moved to the next version
  const moved = new Map(chosen.map((c) => [c.lacks, c.next]));
  const dateOf = (oid: string) => full.ledger.symbols.flatMap((s) => s.events).find((e) => e.oid === oid);
  for (const s of full.ledger.symbols) {
    const want = s.events.map((e) => (moved.has(e.oid) ? `${moved.get(e.oid)} ${e.kind} ${e.from} ${e.to}` : key(e)));
    const have = got.ledger.symbols.find((g) => g.symbol === s.symbol && g.path === s.path);
    assert.deepEqual(have?.events.map(key), want, s.symbol);
  }
  assert.equal(got.ledger.symbols.length, full.ledger.symbols.length);
  assert.ok(dateOf(chosen[0]!.lacks));

  // not kept on disk: the next ask reads the versions again (once fetched, the ledger is whole)
  assert.ok((await ledgerOf(partial, home)).reads > 0, 'a ledger with absent versions is not kept');

  // the CLI says it on stderr; its JSON (an array, the contract) is unchanged
  const r = spawnSync(process.execPath, [bin, 'exports', '--repo', partial, '--path', FILE, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: home },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as unknown[]).length, full.ledger.symbols.length);
  assert.match(r.stderr, /strata: note: 2 versions of the file are not in this clone \(a partial clone\)/);
});
