import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');

function strata(args: string[], home: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, STRATA_HOME: home }, maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('strata log --json, show, diff and sample from the command line', () => {
  const root = tmpDir('cli');
  const home = path.join(root, 'home');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 42, commits: 120, renamedFrom: 'mm/hmm_core.c' });
  for (const follow of [false, true]) {
    const r = strata(['log', '--repo', repo.dir, '--path', 'mm/hmm.c', '--json', ...(follow ? ['--follow'] : [])], home);
    assert.equal(r.code, 0, r.err);
    const entries = JSON.parse(r.out) as { oid: string; author: { date: string }; status: string }[];
    assert.deepEqual(entries.map((e) => e.oid), gitLogOids(repo.dir, 'mm/hmm.c', follow));
  }
  const [newest] = gitLogOids(repo.dir, 'mm/hmm.c');
  const show = strata(['show', '--repo', repo.dir, '--rev', newest!, '--path', 'mm/hmm.c'], home);
  assert.equal(show.out, execFileSync('git', ['-C', repo.dir, 'show', `${newest}:mm/hmm.c`], { encoding: 'utf8' }));
  const diff = strata(['diff', '--repo', repo.dir, '--path', 'mm/hmm.c', '--from', `${newest}~1`, '--to', newest!], home);
  assert.match(diff.out, /^--- a\/mm\/hmm.c\n\+\+\+ b\/mm\/hmm.c\n@@ /);

  const missing = strata(['log', '--repo', repo.dir, '--path', 'mm/hmmm.c'], home);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /did you mean mm\/hmm.c\?/);
  const usage = strata(['log', '--repo', repo.dir], home);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /required option '--path <path>' not specified/);

  const sample = strata(['sample', path.join(root, 'sample')], home);
  assert.equal(sample.code, 0, sample.err);
  const log = strata(['log', '--repo', path.join(root, 'sample'), '--path', 'mm/hmm.c'], home);
  assert.match(log.out, /mark hmm_devmem_\{add, add_resource\} EXPORT_SYMBOL_GPL/);
});
