import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { changesOfUnified, type LineChange } from '../../shared/unifiedChanges';
import { tmpDir } from '../fixtures/generateRepo';

/** git diff -U0: one hunk per change, the oracle for where the changes are. */
function gitChanges(a: string, b: string): LineChange[] {
  const r = spawnSync('git', ['diff', '--no-index', '-U0', a, b], { encoding: 'utf8' });
  const out: LineChange[] = [];
  for (const m of r.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oc = Number(m[2] ?? 1);
    const nc = Number(m[4] ?? 1);
    const os = Number(m[1]) + (oc === 0 ? 1 : 0);
    const ns = Number(m[3]) + (nc === 0 ? 1 : 0);
    out.push({ origStart: os, origEnd: os + oc, modStart: ns, modEnd: ns + nc });
  }
  return out;
}

test("the changes of git's unified diff (3 lines of context) are git diff -U0's hunks, on random edits", () => {
  const dir = tmpDir('unified-changes');
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 60; round++) {
    const old = Array.from({ length: 5 + rnd(60) }, () => `line ${rnd(12)}`);
    const neu = [...old];
    for (let e = rnd(8); e >= 0; e--) {
      const at = rnd(neu.length + 1);
      const op = rnd(3);
      if (op === 0) neu.splice(at, 1 + rnd(3));
      else if (op === 1) neu.splice(at, 0, ...Array.from({ length: 1 + rnd(4) }, () => `new ${rnd(5)}`));
      else neu.splice(at, 1, `changed ${rnd(9)}`);
    }
    const noFinalNewline = rnd(4) === 0;
    fs.writeFileSync(a, old.join('\n') + '\n');
    fs.writeFileSync(b, neu.join('\n') + (noFinalNewline ? '' : '\n'));
    const unified = spawnSync('git', ['diff', '--no-index', a, b], { encoding: 'utf8' }).stdout;
    assert.deepEqual(changesOfUnified(unified), gitChanges(a, b), `round ${round}`);
  }
  // a file added and one emptied
  fs.writeFileSync(a, '');
  fs.writeFileSync(b, 'x\ny\n');
  assert.deepEqual(changesOfUnified(execDiff(a, b)), [{ origStart: 1, origEnd: 1, modStart: 1, modEnd: 3 }]);
  assert.deepEqual(changesOfUnified(execDiff(b, a)), [{ origStart: 1, origEnd: 3, modStart: 1, modEnd: 1 }]);
  assert.deepEqual(changesOfUnified(''), []);
});

function execDiff(a: string, b: string): string {
  try {
    return execFileSync('git', ['diff', '--no-index', a, b], { encoding: 'utf8' });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
}
