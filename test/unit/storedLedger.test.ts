import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { ledgerOf } from '../fixtures/ledgerReads';

test('the export ledger is kept on disk per HEAD: read back without the versions, computed again when damaged, HEAD moves or work was cancelled', async () => {
  const root = tmpDir('stored-ledger');
  const home = path.join(root, 'home');
  const { dir } = await writeSampleRepository({ dir: path.join(root, 'sample') });
  const first = await ledgerOf(dir, home);
  assert.ok(first.ledger.symbols.length > 0);
  assert.ok(first.reads > 20, `computed from the versions (${first.reads} reads)`);

  const again = await ledgerOf(dir, home);
  assert.deepEqual(again.ledger, first.ledger);
  assert.equal(again.reads, 0, `read back from disk, not from the versions (${again.reads} reads)`);

  // a damaged file is not trusted: the ledger is computed again, the same
  const ledgers = path.join(home, 'repos');
  const file = fs
    .readdirSync(ledgers, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(ledgers, f))
    .find((f) => f.includes(`${path.sep}ledgers${path.sep}`) && f.endsWith('.json'))!;
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x20;
  fs.writeFileSync(file, bytes);
  const repaired = await ledgerOf(dir, home);
  assert.deepEqual(repaired.ledger, first.ledger);
  assert.ok(repaired.reads > 20, 'computed again');
  assert.equal((await ledgerOf(dir, home)).reads, 0, 'and kept again');

  // HEAD moves: a new commit changes a macro; the kept ledger (of the old HEAD) is not used
  const text = execFileSync('git', ['-C', dir, 'show', 'HEAD:mm/hmm.c'], { encoding: 'utf8' });
  const symbol = /EXPORT_SYMBOL(?:_GPL)?\((\w+)\);/.exec(text)!;
  const flipped = symbol[0].startsWith('EXPORT_SYMBOL_GPL') ? `EXPORT_SYMBOL(${symbol[1]});` : `EXPORT_SYMBOL_GPL(${symbol[1]});`;
  // (the sample is bare: the commit is made with git's plumbing)
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      ...(input !== undefined ? { input } : {}),
      env: {
        ...process.env,
        GIT_INDEX_FILE: path.join(root, 'index'),
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.org',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.org',
      },
    }).trim();
  const blob = git(['hash-object', '-w', '--stdin'], text.replace(symbol[0], flipped));
  git(['read-tree', 'HEAD']);
  git(['update-index', '--cacheinfo', `100644,${blob},mm/hmm.c`]);
  git(['update-ref', 'HEAD', git(['commit-tree', git(['write-tree']), '-p', 'HEAD', '-m', 'flip a macro'])]);
  const moved = await ledgerOf(dir, home);
  const events = moved.ledger.symbols.find((s) => s.symbol === symbol[1])!.events;
  assert.equal(events[events.length - 1]!.subject, 'flip a macro');

  // cancelled part way: what was read is not kept as the ledger
  const home2 = path.join(root, 'home2');
  const controller = new AbortController();
  controller.abort();
  await ledgerOf(dir, home2, controller.signal).catch(() => undefined);
  const whole = await ledgerOf(dir, home2);
  assert.deepEqual(whole.ledger, moved.ledger);
});
