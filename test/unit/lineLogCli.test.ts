import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import type { LineLogResult } from '../../shared/lineLog';
import { runCli } from '../fixtures/runCli';

const run = runCli;

test('strata log --function and --lines print what git log -L prints; --json lists the same commits', async () => {
  process.env.STRATA_HOME = tmpDir('linelog-cli-home');
  const dir = tmpDir('linelog-cli');
  await writeSampleRepository({ dir });
  const fn = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--function', 'hmm_range_fault']);
  assert.equal(fn.code, 0, fn.err);
  assert.equal(fn.out, gitOut(dir, ['log', '-L', ':hmm_range_fault:mm/hmm.c']));

  const lines = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--lines', '30,41']);
  assert.equal(lines.out, gitOut(dir, ['log', '-L', '30,41:mm/hmm.c']));

  const json = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--function', 'hmm_range_fault', '--json']);
  const result = JSON.parse(json.out) as LineLogResult;
  assert.deepEqual(
    result.commits.map((c) => c.oid),
    gitOut(dir, ['log', '--format=%H', '-L', ':hmm_range_fault:mm/hmm.c'])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l)),
  );
  assert.equal(result.commits.length, 15);

  const beyond = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--lines', '10,9999']);
  assert.notEqual(beyond.code, 0);
  assert.match(beyond.err, /has only \d+ lines/);
  const nothing = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--function', 'no_such_function']);
  assert.notEqual(nothing.code, 0);
  assert.match(nothing.err, /No function matching "no_such_function"/);
});
