import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { definitionRegex, type LineLogResult } from '../../shared/lineLog';
import { runCli } from '../fixtures/runCli';
import { containedNameRepo, declaredFunctionRepo } from '../fixtures/declaredFunction';

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

  // an end past the file's is cut there, as git cuts it; a start past it is refused
  const toEnd = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--lines', '10,9999']);
  assert.equal(toEnd.out, gitOut(dir, ['log', '-L', '10,9999:mm/hmm.c']));
  const beyond = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--lines', '9999,10000']);
  assert.notEqual(beyond.code, 0);
  assert.match(beyond.err, /has only \d+ lines/);
  const nothing = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--function', 'no_such_function']);
  assert.notEqual(nothing.code, 0);
  assert.match(nothing.err, /No function matching "no_such_function"/);

  // -n N, as git log -n N: the first N of the timeline, of a range, of -L's commits; 0 lists none
  const oids = (out: string) => (JSON.parse(out) as { oid: string }[]).map((e) => e.oid);
  const gitOids = (...args: string[]) =>
    gitOut(dir, ['log', '--format=%H', ...args])
      .split('\n')
      .filter(Boolean);
  const three = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-n', '3', '--json']);
  assert.deepEqual(oids(three.out), gitOids('-n', '3', '--', 'mm/hmm.c'));
  const ranged = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--max-count', '2', '--rev', 'v5.0..v5.5', '--json']);
  assert.deepEqual(oids(ranged.out), gitOids('-n', '2', 'v5.0..v5.5', '--', 'mm/hmm.c'));
  const text = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-n', '4']);
  assert.equal(text.out.split('\n').filter(Boolean).length, 4);
  assert.equal((await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-n', '0'])).out, '');
  const firstTwo = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '--function', 'hmm_range_fault', '-n', '2']);
  assert.equal(firstTwo.out, gitOut(dir, ['log', '-n', '2', '-L', ':hmm_range_fault:mm/hmm.c']));
  const bad = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-n', 'three']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /a whole number is needed/);
  // -S and -G, as git log -S and -G: only the commits they pick, in order, with -n, over a range
  for (const [flag, value] of [
    ['-S', 'return -EINVAL;'],
    ['-G', 'EXPORT_SYMBOL(_GPL)?\\(hmm_'],
    ['-G', '^[[:space:]]+return [^;]*;$'],
    ['-G', '^\\s+return'],
  ] as const) {
    const picked = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', flag, value, '--json']);
    assert.equal(picked.code, 0, picked.err);
    const want = gitOids(`${flag}${value}`, '--', 'mm/hmm.c');
    assert.ok(want.length > 0, `git log ${flag}${value} lists some`);
    assert.deepEqual(oids(picked.out), want, `${flag}${value}`);
    const two = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', `${flag}${value}`, '-n', '2', '--rev', 'v4.14..']);
    assert.equal(two.out.split('\n').filter(Boolean).length, Math.min(2, gitOids(`${flag}${value}`, 'v4.14..', '--', 'mm/hmm.c').length));
  }
  const both = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-S', 'a', '-G', 'b']);
  assert.equal(both.code, 2);
  assert.match(both.err, /one or the other/);
  const badRegex = await run(['log', '--repo', dir, '--path', 'mm/hmm.c', '-G', 'a(b']);
  assert.equal(badRegex.code, 2);
  assert.match(badRegex.err, /-G: "a\(b" is not a regular expression/);
});

test("strata log -L prints messages and merges as git log does: the message's own lines, tabs expanded, white space cut, the Merge: line's ids abbreviated as git's", async () => {
  process.env.STRATA_HOME = tmpDir('linelog-medium-home');
  const dir = tmpDir('linelog-medium');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const file = (changed: Record<number, string>) =>
    Array.from({ length: 8 }, (_, i) => changed[i + 1] ?? `line ${i + 1};`).join('\n') + '\n';
  let at = 1_600_000_000;
  const commit = (ref: string, mark: number, message: string, blob: number, from: number[]) =>
    `commit ${ref}\nmark :${mark}\nauthor A U Thor <a@example.org> ${at} +0200\ncommitter A U Thor <a@example.org> ${at++} +0200\n` +
    data(message) +
    (from[0] ? `from :${from[0]}\n` : '') +
    from
      .slice(1)
      .map((m) => `merge :${m}\n`)
      .join('') +
    `M 100644 :${blob} f.c\n`;
  // 20,000 objects besides: git abbreviates ids to 8 digits here
  const stream =
    Array.from({ length: 20_000 }, (_, i) => `blob\n${data(`filler ${i}`)}`).join('') +
    `blob\nmark :1\n${data(file({}))}blob\nmark :2\n${data(file({ 2: 'two;' }))}` +
    `blob\nmark :3\n${data(file({ 5: 'five;' }))}blob\nmark :4\n${data(file({ 2: 'two;', 5: 'five;' }))}` +
    commit('refs/heads/main', 10, 'A subject written\nover two lines\n\n\tindented\twith tabs  \ntrailing white space   \n\n\n', 1, []) +
    commit('refs/heads/main', 11, '\n\nafter blank lines\r\nwith CRLF\r\n', 2, [10]) +
    commit('refs/heads/side', 12, 'on the side\n\n  * a list\n    kept as written\n', 3, [10]) +
    commit('refs/heads/main', 13, "Merge branch 'side'\n\n\t…and a tab after text:\tthere\n", 4, [11, 12]);
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: stream });
  const want = gitOut(dir, ['log', '-L', '1,8:f.c']);
  assert.match(want, /^Merge: [0-9a-f]{8} [0-9a-f]{8}$/m, 'the oracle abbreviates to 8 digits');
  const got = await run(['log', '--repo', dir, '--path', 'f.c', '--lines', '1,8']);
  assert.equal(got.code, 0, got.err);
  assert.equal(got.out, want);
});

test("a function declared before its definition (git's default rule takes the prototype): the answer says so, and definitionRegex finds the definition as git does", async () => {
  process.env.STRATA_HOME = tmpDir('linelog-declaration-home');
  const dir = tmpDir('linelog-declaration');
  declaredFunctionRepo(dir);
  const gitLog = (range: string) =>
    gitOut(dir, ['log', '--format=%H', '--no-patch', '-L', `${range}:count.c`])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l));
  const ask = async (fn: string) => {
    const r = await run(['log', '--repo', dir, '--path', 'count.c', '--function', fn, '--json']);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as LineLogResult;
  };
  const byName = await ask('count_lines');
  assert.equal(byName.declaration, true, 'the prototype is what :count_lines: finds');
  const plain = await run(['log', '--repo', dir, '--path', 'count.c', '--function', 'count_lines']);
  assert.equal(plain.out, gitOut(dir, ['log', '-L', ':count_lines:count.c']));
  assert.match(plain.err, /is a declaration \(line 4\).*--function '\^\[\^;\]\*\\<count_lines\\>\[\^;\]\*\$'/);
  assert.deepEqual(byName.ranges, [{ start: 4, end: 4 }]);
  assert.deepEqual(
    byName.commits.map((c) => c.oid),
    gitLog(':count_lines'),
  );
  const definition = await ask(definitionRegex('count_lines'));
  assert.equal(definition.declaration, undefined);
  assert.deepEqual(
    definition.commits.map((c) => c.oid),
    gitLog(`:${definitionRegex('count_lines')}`),
  );
  assert.equal(definition.commits.length, 3, 'the three versions that changed its body');
  // a report restricted to the function lists the definition's history too, as the app's filter shows it
  const out = path.join(dir, 'report.json');
  const report = await run(['export', '--repo', dir, '--path', 'count.c', '--format', 'json', '--function', 'count_lines', '--out', out]);
  assert.equal(report.code, 0, report.err);
  assert.deepEqual(
    (JSON.parse(readFileSync(out, 'utf8')) as { commits: { oid: string }[] }).commits.map((c) => c.oid),
    definition.commits.map((c) => c.oid),
  );
  // git's cpp rule (diff=cpp, as the kernel sets it) takes any top-level line starting with a letter: the same
  writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '*.c diff=cpp\n');
  const cpp = await ask('count_lines');
  assert.equal(cpp.declaration, true);
  assert.deepEqual(
    cpp.commits.map((c) => c.oid),
    gitLog(':count_lines'),
  );
  assert.deepEqual(
    (await ask(definitionRegex('count_lines'))).commits.map((c) => c.oid),
    gitLog(`:${definitionRegex('count_lines')}`),
  );
});

test('a function whose name another one contains, above it (l2arc_read_callback, arc_read): git log -L :arc_read: follows the other; the answer says so, and definitionRegex follows arc_read as git does', async () => {
  process.env.STRATA_HOME = tmpDir('linelog-contained-home');
  const dir = tmpDir('linelog-contained');
  containedNameRepo(dir);
  const gitLog = (range: string) =>
    gitOut(dir, ['log', '--format=%H', '--no-patch', '-L', `${range}:arc.c`])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l));
  const ask = async (fn: string) => {
    const r = await run(['log', '--repo', dir, '--path', 'arc.c', '--function', fn, '--json']);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as LineLogResult;
  };
  const byName = await ask('arc_read');
  assert.equal(byName.otherName, true, 'the struct is what :arc_read: finds');
  assert.equal(byName.declaration, undefined);
  assert.deepEqual(byName.ranges, [{ start: 3, end: 7 }]);
  assert.deepEqual(
    byName.commits.map((c) => c.oid),
    gitLog(':arc_read'),
  );
  const plain = await run(['log', '--repo', dir, '--path', 'arc.c', '--function', 'arc_read']);
  assert.equal(plain.out, gitOut(dir, ['log', '-L', ':arc_read:arc.c']));
  assert.match(plain.err, /\(line 3\) has it only inside a longer name.*--function '\^\[\^;\]\*\\<arc_read\\>\[\^;\]\*\$'/);
  const definition = await ask(definitionRegex('arc_read'));
  assert.equal(definition.otherName, undefined);
  assert.deepEqual(definition.ranges, [{ start: 9, end: 15 }]);
  const want = gitLog(`:${definitionRegex('arc_read')}`);
  assert.deepEqual(
    definition.commits.map((c) => c.oid),
    want,
  );
  assert.equal(want.length, 3, 'the versions that wrote or changed its body');
  // a report restricted to the function lists arc_read's history, as the app's filter shows it
  const out = path.join(dir, 'report.json');
  const report = await run(['export', '--repo', dir, '--path', 'arc.c', '--format', 'json', '--function', 'arc_read', '--out', out]);
  assert.equal(report.code, 0, report.err);
  assert.deepEqual(
    (JSON.parse(readFileSync(out, 'utf8')) as { commits: { oid: string }[] }).commits.map((c) => c.oid),
    want,
  );
  // a name that is the whole of the line's (arc_read itself, with diff=cpp) is no other name
  writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '*.c diff=cpp\n');
  assert.equal((await ask('l2arc_read_callback')).otherName, undefined);
});
