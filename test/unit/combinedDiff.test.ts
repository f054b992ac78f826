import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpDir } from '../fixtures/generateRepo';
import { combinedDiff } from '../../main/diff/combinedDiff';
import { runCli } from '../fixtures/runCli';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = string[]; // what one base line became on one side

/**
 * A base file, two sides that each edit some of its lines, and a merge result that takes, line by
 * line, one side's edit, both (a conflict resolved by hand), the base, or a line of its own (an evil merge).
 */
function mergeCase(seed: number): { base: string; ours: string; theirs: string; merged: string } {
  const r = random(seed);
  const words = ['x', 'y', 'int a;', '}', '', 'return 0;', 'static void f(void)', '{', 'b++;'];
  const pick = () => (r() < 0.4 ? words[Math.floor(r() * words.length)]! : `line ${Math.floor(r() * 1000)}`);
  const base = Array.from({ length: 20 + Math.floor(r() * 40) }, pick);
  const side = (): Edit[] =>
    base.map((l) => {
      const x = r();
      if (x < 0.08) return [];
      if (x < 0.16) return [pick()];
      if (x < 0.22) return [l, pick(), pick()];
      return [l];
    });
  const a = side();
  const b = side();
  const merged = base.flatMap((l, i) => {
    const x = r();
    const changedA = a[i]!.join('\n') !== l;
    const changedB = b[i]!.join('\n') !== l;
    if (changedA && changedB && x < 0.3) return [...a[i]!, ...b[i]!];
    if (x < 0.05) return [`evil ${i}`];
    if (changedB && (!changedA || x < 0.5)) return b[i]!;
    return a[i]!;
  });
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
  return { base: text(base), ours: text(a.flat()), theirs: text(b.flat()), merged: text(merged) };
}

test('the combined diff of a merge equals `git show --cc` (both sides change the file, hand-resolved conflicts, evil merges), also through `strata diff --cc`', async () => {
  const dir = tmpDir('combined-diff');
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-C', dir, ...args], {
      input,
      env: { ...process.env, GIT_AUTHOR_DATE: '@0 +0000', GIT_COMMITTER_DATE: '@0 +0000' },
    })
      .toString('latin1')
      .trim();
  git(['init', '-q']);
  git(['config', 'user.name', 't']);
  git(['config', 'user.email', 't@t']);
  // every commit in one git fast-import: marks :1.. in order, a merge's marks given back
  const cases = Array.from({ length: 80 }, (_, i) => mergeCase(i + 1));
  let stream = '';
  let mark = 0;
  const commit = (content: string, parents: number[]) => {
    const from = parents.map((p, k) => (k ? `merge :${p}\n` : `from :${p}\n`)).join('');
    const data = Buffer.byteLength(content);
    stream += `commit refs/heads/m\nmark :${++mark}\ncommitter t <t@t> 0 +0000\ndata 1\nc\n${from}M 644 inline f.c\ndata ${data}\n${content}\n`;
    return mark;
  };
  const marks = cases.map((c) => {
    stream += 'reset refs/heads/m\n';
    const base = commit(c.base, []);
    const ours = commit(c.ours, [base]);
    return commit(c.merged, [ours, commit(c.theirs, [base])]);
  });
  const exported = tmpDir('combined-diff-marks') + '/marks';
  git(['fast-import', '--quiet', `--export-marks=${exported}`], stream);
  const byMark = new Map(
    readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(1).split(' ') as [string, string]),
  );
  const merges = marks.map((m) => byMark.get(String(m))!);
  const shown = git(['show', '--cc', '--format=#%H', ...merges])
    .split('#')
    .filter(Boolean)
    .map((b) => {
      const i = b.indexOf('\n@@@ ');
      return i < 0 ? '' : b.slice(i + 1).trimEnd();
    });
  let withHunks = 0;
  cases.forEach((c, i) => {
    const ours = Buffer.from(c.ours);
    const theirs = Buffer.from(c.theirs);
    const mine = combinedDiff([ours, theirs], Buffer.from(c.merged)).trimEnd();
    assert.equal(mine, shown[i], `case ${i + 1}`);
    if (mine) withHunks++;
  });
  assert.ok(withHunks > 40, `${withHunks} merges with combined hunks`);
  // the CLI writes all git show --cc writes of the file: diff --cc, index with the abbreviated ids, ---, +++, the hunks
  for (const i of [0, 1, 2, 3]) {
    const run = await runCli(['diff', '--repo', dir, '--path', 'f.c', '--to', merges[i]!, '--cc']);
    assert.equal(run.code, 0, run.err);
    assert.equal(
      run.out.trimEnd(),
      git(['show', '--cc', '--format=', merges[i]!, '--', 'f.c']).trimEnd(),
      `strata diff --cc, case ${i + 1}`,
    );
  }
  // diff.context and diff.indentHeuristic shape git show --cc's hunks too
  git(['config', 'diff.context', '6']);
  git(['config', 'diff.indentHeuristic', 'false']);
  let wider = 0;
  for (const i of [0, 1, 2, 3, 4, 5]) {
    const run = await runCli(['diff', '--repo', dir, '--path', 'f.c', '--to', merges[i]!, '--cc']);
    const want = git(['show', '--cc', '--format=', merges[i]!, '--', 'f.c']);
    assert.equal(run.out.trimEnd(), want.trimEnd(), `strata diff --cc with diff.context = 6, case ${i + 1}`);
    if (want !== git(['-c', 'diff.context=3', 'show', '--cc', '--format=', merges[i]!, '--', 'f.c'])) wider++;
  }
  assert.ok(wider > 0, 'the context changes some of them');
  git(['config', '--unset', 'diff.context']);
  git(['config', '--unset', 'diff.indentHeuristic']);
  const notMerge = await runCli(['diff', '--repo', dir, '--path', 'f.c', '--to', `${merges[0]}^1`, '--cc']);
  assert.notEqual(notMerge.code, 0);
  assert.match(notMerge.err, /is not a merge/);
});
