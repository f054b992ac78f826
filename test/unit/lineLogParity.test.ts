import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { blameHistory } from '../fixtures/blameHistory';
import { gitOut, rng, tmpDir } from '../fixtures/generateRepo';
import { gitLineLog } from '../fixtures/gitOracle';
import { openRepository } from '../../main/repository/repository';
import { lineLog, type LineLogRange } from '../../main/lineLog/lineLog';
import { lineLogPatch } from '../../shared/lineLog';
import { openCommitTable } from '../../main/history/openCommitTable';
import { graphEntries } from '../../main/history/graphEntries';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { learnChanges } from '../../main/services/learnChanges';

async function compare(
  dir: string,
  path: string,
  ranges: LineLogRange[],
  gitArgs: string[],
  rev = 'HEAD',
  home = tmpDir('linelog-home'),
): Promise<number> {
  const repo = await openRepository({ dir, home });
  try {
    const want = gitLineLog(dir, gitArgs, rev);
    const got = await lineLog({ repo, path, ranges, rev });
    assert.deepEqual(
      got.commits.map((c) => c.oid),
      want.map((w) => w.oid),
      `commits of git log ${gitArgs.join(' ')}`,
    );
    for (const [i, c] of got.commits.entries())
      assert.equal(lineLogPatch(c.diffs), want[i]!.patch, `patch of ${c.oid} for ${gitArgs.join(' ')}`);
    return want.length;
  } finally {
    repo.close();
  }
}

for (const seed of [31, 32, 33]) {
  test(`line history equals git log -L over moves, merges changing both sides, renames, CRLF (seed ${seed})`, async () => {
    const dir = tmpDir(`linelog-parity-${seed}`);
    const { paths } = blameHistory(dir, seed, 60);
    const path = paths[paths.length - 1]!;
    const total = gitOut(dir, ['show', `HEAD:${path}`]).split('\n').length - 1;
    const random = rng(seed);
    let listed = 0;
    for (let k = 0; k < 8; k++) {
      const a = 1 + Math.floor(random() * total);
      const b = Math.min(total, a + Math.floor(random() * 8));
      listed += await compare(dir, path, [{ start: a, end: b }], ['-L', `${a},${b}:${path}`]);
    }
    assert.ok(listed > 8, `${listed} commits listed`);
  });
}

test("line history equals git log -L where git's Bloom filters, or the change sets Strata learned, say which commits kept the file", async () => {
  const dir = tmpDir('linelog-ruled-out');
  const { paths } = blameHistory(dir, 34, 60);
  const path = paths[paths.length - 1]!;
  const total = gitOut(dir, ['show', `HEAD:${path}`]).split('\n').length - 1;
  const ranges = [1, Math.floor(total / 2), total - 3].map((a) => ({ start: a, end: Math.min(total, a + 5) }));
  // change sets learned over Strata's own commit index (no graph yet)
  const home = tmpDir('linelog-learned');
  await learnedHome(dir, home);
  for (const r of ranges) await compare(dir, path, [r], ['-L', `${r.start},${r.end}:${path}`], 'HEAD', home);
  // git's graph with Bloom filters (git log -L asks them too)
  execFileSync('git', ['-C', dir, 'commit-graph', 'write', '--reachable', '--changed-paths']);
  let listed = 0;
  for (const r of ranges) listed += await compare(dir, path, [r], ['-L', `${r.start},${r.end}:${path}`]);
  assert.ok(listed > 3, `${listed} commits listed`);
});

/** A home where the repository's commit index is built and its change sets learned, as the app does after a first timeline. */
async function learnedHome(dir: string, home: string): Promise<void> {
  const repo = await openRepository({ dir, home });
  try {
    await openCommitTable({ store: repo.store, index: repo.index, heads: [repo.info.head!], shallow: new Set() });
    assert.ok((await learnChanges({ repo })).learned > 0, 'change sets learned');
  } finally {
    repo.close();
  }
}

/** The names of the functions defined in a C file (a top-level line with a name and an opening parenthesis). */
function functionNames(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^[A-Za-z_][^(;=]*?\b([A-Za-z_]\w*)\(/.exec(line);
    if (m && !/^(if|for|while|switch|return|sizeof)$/.test(m[1]!)) names.add(m[1]!);
  }
  return [...names];
}

test("every function of the sample's mm/hmm.c: the same commits and patches as git log -L :fn:mm/hmm.c", async () => {
  const { writeSampleRepository } = await import('../../main/git/writeSampleRepository');
  const dir = tmpDir('linelog-sample');
  await writeSampleRepository({ dir });
  assert.deepEqual(functionNames(gitOut(dir, ['show', 'HEAD:mm/hmm.c'])), ['hmm_range_fault']);
  assert.equal(await compare(dir, 'mm/hmm.c', [{ funcname: 'hmm_range_fault' }], ['-L', ':hmm_range_fault:mm/hmm.c']), 15);
  // and every function of the file at older versions, where it had many
  const versions = gitOut(dir, ['log', '--format=%H', '--', 'mm/hmm.c']).split('\n').filter(Boolean);
  let functions = 0;
  for (const rev of versions.filter((_, i) => i % 6 === 5)) {
    for (const name of functionNames(gitOut(dir, ['show', `${rev}:mm/hmm.c`]))) {
      await compare(dir, 'mm/hmm.c', [{ funcname: name }], ['-L', `:${name}:mm/hmm.c`], rev);
      functions++;
    }
  }
  assert.ok(functions > 20, `${functions} functions compared`);
});

/** A C file's history written by hand for -L: a function renamed, its header changed, jump labels, merges, a rename, a deletion and re-add. */
function functionHistory(dir: string): void {
  const fn = (name: string, args: string, body: string[]) => [
    `static int ${name}(${args})`,
    '{',
    ...body.map((b) => (b === 'out:' ? b : `\t${b}`)),
    '}',
    '',
  ];
  const file = (parts: string[][]) => `#include <linux/mm.h>\n\n${parts.flat().join('\n')}`;
  const body = (n: number, extra: string[] = []) => [
    `int x = ${n};`,
    ...extra,
    'if (x)',
    '\tgoto out;',
    'return x;',
    'out:',
    '\treturn -1;',
  ];
  let time = 1600000000;
  let mark = 0;
  const parts: string[] = [];
  const commit = (ref: string, parents: number[], files: Record<string, string | null>, msg: string) => {
    mark++;
    time += 100;
    parts.push(`commit ${ref}\nmark :${mark}\ncommitter T <t@example.org> ${time} +0000\ndata ${msg.length}\n${msg}\n`);
    if (parents[0]) parts.push(`from :${parents[0]}\n`);
    for (const p of parents.slice(1)) parts.push(`merge :${p}\n`);
    for (const [path, text] of Object.entries(files)) {
      if (text === null) parts.push(`D ${path}\n`);
      else parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
    return mark;
  };
  const attrs = '*.c diff=cpp\n';
  let h = commit(
    'refs/heads/main',
    [],
    { '.gitattributes': attrs, 'mm/a.c': file([fn('alpha', 'void', body(1)), fn('beta', 'int y', body(2))]) },
    'add',
  );
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/a.c': file([fn('alpha', 'void', body(1, ['x++;'])), fn('beta', 'int y', body(2))]) },
    'edit alpha',
  );
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('alpha', 'void', body(1, ['x++;']))]) },
    'move alpha below beta',
  );
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('alpha', 'long z', body(1, ['x++;']))]) },
    'alpha header',
  );
  const side = commit(
    'refs/heads/side',
    [h],
    { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('alpha', 'long z', body(1, ['x++;', 'side();']))]) },
    'side',
  );
  h = commit('refs/heads/main', [h], { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('alpha', 'long z', body(7, ['x++;']))]) }, 'main');
  h = commit(
    'refs/heads/main',
    [h, side],
    { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('alpha', 'long z', body(7, ['x++;', 'side();']))]) },
    'merge',
  );
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/a.c': file([fn('beta', 'int y', body(2)), fn('gamma', 'long z', body(7, ['x++;', 'side();']))]) },
    'rename alpha',
  );
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/a.c': null, 'mm/b.c': file([fn('beta', 'int y', body(2)), fn('gamma', 'long z', body(7, ['x++;', 'side();']))]) },
    'move file',
  );
  h = commit('refs/heads/main', [h], { 'mm/b.c': null }, 'delete');
  h = commit(
    'refs/heads/main',
    [h],
    { 'mm/b.c': file([fn('gamma', 'long z', body(8, ['side();'])), fn('beta', 'int y', body(3))]) },
    're-add',
  );
  commit(
    'refs/heads/main',
    [h],
    { 'mm/b.c': file([fn('gamma', 'long z', body(8, ['side();', 'more();'])), fn('beta', 'int y', body(3))]) },
    'edit',
  );
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  execFileSync('git', ['-C', dir, 'checkout', '-q', 'main']);
}

test('function history equals git log -L :NAME: through a renamed function, a changed header, labels under diff=cpp, merges, a file rename, a re-add', async () => {
  const dir = tmpDir('linelog-functions');
  functionHistory(dir);
  for (const rev of ['main', 'main~3', 'main~4']) {
    const path = rev === 'main~4' ? 'mm/a.c' : 'mm/b.c';
    for (const name of ['gamma', 'beta', 'gam.*', '^static int beta']) {
      if (rev === 'main~4' && name.startsWith('gam')) continue;
      await compare(dir, path, [{ funcname: name }], ['-L', `:${name}:${path}`], rev);
    }
  }
  // through the merge both of whose sides changed the function, and the rename of the file
  assert.ok((await compare(dir, 'mm/b.c', [{ funcname: 'gamma' }], ['-L', ':gamma:mm/b.c'], 'main~3')) >= 6);
  await compare(dir, 'mm/b.c', [{ start: 1, end: 4 }, { funcname: 'beta' }], ['-L', '1,4:mm/b.c', '-L', ':beta:mm/b.c']);
  // the cpp driver: the label "out:" at the start of a line does not end the function (git's default rule would)
  const repo = await openRepository({ dir, home: tmpDir('linelog-home') });
  const text = gitOut(dir, ['show', 'main:mm/b.c']).split('\n');
  const got = await lineLog({ repo, path: 'mm/b.c', ranges: [{ funcname: 'gamma' }] });
  repo.close();
  assert.deepEqual(got.ranges, [{ start: text.indexOf('static int gamma(long z)'), end: text.indexOf('static int beta(int y)') }]);
  assert.ok(text.includes('out:'));
});

test("with git's graph, what a timeline's walk found of the file is kept for the line history asked next on the same handle", async () => {
  const dir = tmpDir('linelog-graph-entries');
  const { paths } = blameHistory(dir, 35, 40);
  const path = paths[paths.length - 1]!;
  execFileSync('git', ['-C', dir, 'commit-graph', 'write', '--reachable', '--changed-paths']);
  const repo = await openRepository({ dir, home: tmpDir('linelog-graph-home') });
  try {
    const graph = repo.store.commitGraph!()!;
    const head = graph.positionOf(repo.info.head!);
    assert.equal(graphEntries(graph, path).get(head), undefined, 'nothing known before the walk');
    await indexFileHistory({ repo, path });
    assert.notEqual(graphEntries(graph, path).get(head), undefined, "the walk's entries are kept for the graph");
    const got = await lineLog({ repo, path, ranges: [{ start: 1, end: 4 }] });
    assert.deepEqual(
      got.commits.map((c) => c.oid),
      gitLineLog(dir, ['-L', `1,4:${path}`]).map((w) => w.oid),
    );
  } finally {
    repo.close();
  }
});
