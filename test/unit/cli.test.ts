import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { runCli } from '../fixtures/runCli';
import { formatEntry, StreamedList } from '../../main/cli/commands/log';
import type { Timeline, TimelineEntry } from '../../shared/model';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');

function strata(args: string[], home: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: home },
    maxBuffer: 1 << 28,
  });
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
    assert.deepEqual(
      entries.map((e) => e.oid),
      gitLogOids(repo.dir, 'mm/hmm.c', follow),
    );
  }
  // log.follow in the repository's config: git log follows unasked, --no-follow turns it off
  execFileSync('git', ['-C', repo.dir, 'config', 'log.follow', 'true']);
  const gitLog = (args: string[]) =>
    execFileSync('git', ['-C', repo.dir, 'log', '--format=%H', ...args, '--', 'mm/hmm.c'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  assert.notDeepEqual(gitLog([]), gitLog(['--no-follow']));
  for (const args of [[], ['--no-follow']]) {
    const r = strata(['log', '--repo', repo.dir, '--path', 'mm/hmm.c', '--json', ...args], home);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      (JSON.parse(r.out) as { oid: string }[]).map((e) => e.oid),
      gitLog(args),
      `log.follow = true, ${args.join(' ') || 'no option'}`,
    );
  }
  execFileSync('git', ['-C', repo.dir, 'config', '--unset', 'log.follow']);
  const [newest] = gitLogOids(repo.dir, 'mm/hmm.c');
  const show = strata(['show', '--repo', repo.dir, '--rev', newest!, '--path', 'mm/hmm.c'], home);
  assert.equal(show.out, execFileSync('git', ['-C', repo.dir, 'show', `${newest}:mm/hmm.c`], { encoding: 'utf8' }));
  // strata diff writes what git diff writes: its header (ids abbreviated as git's, modes), then the hunks
  const diffLike = (args: string[], gitArgs: string[]) => {
    const ours = strata(['diff', '--repo', repo.dir, '--path', 'mm/hmm.c', ...args], home);
    assert.equal(ours.code, 0, ours.err);
    assert.equal(
      ours.out,
      execFileSync('git', ['-C', repo.dir, 'diff', ...gitArgs, '--', 'mm/hmm.c'], { encoding: 'utf8' }),
      args.join(' '),
    );
  };
  diffLike(['--from', `${newest}~1`, '--to', newest!], [`${newest}~1`, newest!]);
  const [added] = execFileSync('git', ['-C', repo.dir, 'log', '--diff-filter=A', '--format=%H', '--', 'mm/hmm.c'], {
    encoding: 'utf8',
  }).split('\n');
  diffLike(['--from', `${added}~1`, '--to', added!], [`${added}~1`, added!]); // new file mode, index 0000000..
  diffLike(['--from', added!, '--to', `${added}~1`], [added!, `${added}~1`]); // deleted file mode
  diffLike(['--from', newest!, '--to', newest!], [newest!, newest!]); // the same file: nothing
  // a commit that only makes the file executable (old mode, new mode, no index line)
  const index = { ...process.env, GIT_INDEX_FILE: path.join(root, 'chmod-index') };
  const gitIn = (args: string[]) => execFileSync('git', ['-C', repo.dir, ...args], { encoding: 'utf8', env: index }).trim();
  gitIn(['read-tree', newest!]);
  gitIn(['update-index', '--cacheinfo', `100755,${gitIn(['rev-parse', `${newest}:mm/hmm.c`])},mm/hmm.c`]);
  const chmod = gitIn(['commit-tree', gitIn(['write-tree']), '-p', newest!, '-m', 'chmod +x']);
  diffLike(['--from', newest!, '--to', chmod], [newest!, chmod]);

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

const run = runCli;

test('the parser: unknown flags and commands fail as usage errors (exit 2), every command answers --help', async () => {
  const fllow = await run(['log', '--repo', '/nonexistent', '--path', 'mm/hmm.c', '--fllow']);
  assert.equal(fllow.code, 2);
  assert.match(fllow.err, /unknown option '--fllow'/);
  assert.match(fllow.err, /Did you mean --follow\?/);
  assert.equal(fllow.out, '');

  const top = await run(['--help']);
  assert.equal(top.code, 0);
  const commands = [...top.out.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  assert.deepEqual(commands.sort(), [
    'archive',
    'backports',
    'blame',
    'clone',
    'diff',
    'discussion',
    'export',
    'exports',
    'fetch',
    'log',
    'sample',
    'serve',
    'show',
  ]);
  assert.deepEqual(await run([]), { ...top, code: 0 }, 'no command: the same help');
  for (const c of commands) {
    const help = await run([c, '--help']);
    assert.equal(help.code, 0, `${c} --help: ${help.err}`);
    assert.match(help.out, new RegExp(`^Usage: strata ${c} `), c);
    assert.equal(help.err, '', `${c} --help asks for nothing`);
    assert.deepEqual(await run(['help', c]), help, `help ${c}`);
  }
  assert.match((await run(['log', '--help'])).out, /--follow/);

  const cases: [string[], RegExp][] = [
    [['lgo'], /unknown command 'lgo'/],
    [['log', '--repo', '/r'], /required option '--path <path>' not specified/],
    [['clone', 'https://example.org/x.git', '/tmp/x', '--depth', '0'], /--depth <n>' argument '0' is invalid/],
    [['sample', '/tmp/a', '/tmp/b'], /too many arguments/],
    [['export', '--repo', '/r', '--path', 'p', '--out', 'o', '--format', 'docx'], /Allowed choices are html, md, json, csv, pdf/],
    [['diff', '--repo', '/r', '--path', 'p', '--from', 'a', '--to', 'b', '--json'], /unknown option '--json'/],
  ];
  for (const [args, why] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, why, args.join(' '));
  }
  // the request reaches the contract's checks, which answer as a usage error too
  const traversal = await run(['show', '--repo', '/r', '--rev', 'HEAD', '--path', '../../etc/passwd']);
  assert.equal(traversal.code, 2);
  assert.match(traversal.err, /^strata: Invalid readFile request: path: a path inside the repository/);
});

test('a command run in process closes what it opened (one repository pool per run)', async () => {
  const root = tmpDir('cli-fds');
  const home = path.join(root, 'home');
  const previous = process.env.STRATA_HOME;
  process.env.STRATA_HOME = home;
  try {
    const sample = path.join(root, 'sample');
    assert.equal((await run(['sample', sample])).code, 0);
    execFileSync('git', ['-C', sample, 'repack', '-adq']); // packed: reading it holds descriptors until closed
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const before = fds();
    for (const args of [
      ['log', '--repo', sample, '--path', 'mm/hmm.c', '--json'],
      ['exports', '--repo', sample, '--path', 'mm/hmm.c'],
      ['show', '--repo', sample, '--rev', 'v5.0', '--path', 'mm/hmm.c'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 0, r.err);
    }
    assert.equal(fds(), before, 'no descriptor left open');
  } finally {
    if (previous === undefined) delete process.env.STRATA_HOME;
    else process.env.STRATA_HOME = previous;
  }
});

test('strata log prints the list as it comes (each entry once its counts are known, newest first): the same lines as the stored list, git numstat counts', () => {
  const root = tmpDir('cli-streamed');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 5, commits: 300 });
  const home = path.join(root, 'home');
  // a first index sends its list, then the counts as they are computed: printed as they come
  const first = strata(['log', '--repo', repo.dir, '--path', 'mm/hmm.c'], home);
  assert.equal(first.code, 0, first.err);
  const lines = first.out.split('\n').filter(Boolean);
  const oids = gitLogOids(repo.dir, 'mm/hmm.c');
  assert.ok(oids.length >= 40, `enough commits for the list to come before its counts (${oids.length})`);
  assert.deepEqual(
    lines.map((l) => l.split(' ')[0]),
    oids.map((o) => o.slice(0, 12)),
    'once each, in git log order',
  );
  // the same lines as the list read back from the index (which comes whole)
  const again = strata(['log', '--repo', repo.dir, '--path', 'mm/hmm.c'], home);
  assert.equal(again.out, first.out);
  const numstat = execFileSync('git', ['-C', repo.dir, 'log', '--numstat', '--format=%H', '--', 'mm/hmm.c'], { encoding: 'utf8' });
  const counts = new Map<string, string>();
  let at = '';
  for (const l of numstat.split('\n')) {
    if (/^[0-9a-f]{40}$/.test(l)) at = l;
    else if (l.trim()) counts.set(at.slice(0, 12), `+${l.split('\t')[0]} -${l.split('\t')[1]}`);
  }
  for (const l of lines) {
    const [oid, , , additions, deletions] = l.split(/ +/);
    if (counts.has(oid!)) assert.equal(`${additions} ${deletions}`, counts.get(oid!), l);
  }
});

test('the streamed list prints an entry once its counts and every newer one are known, whatever order the counts come in', () => {
  const entry = (n: number): TimelineEntry => ({
    oid: String(n).repeat(40).slice(0, 40),
    parents: [],
    author: { name: 'A', email: 'a@x', date: '2020-01-01T00:00:00+00:00' },
    committer: { name: 'A', email: 'a@x', date: '2020-01-01T00:00:00+00:00' },
    subject: `c${n}`,
    body: '',
    status: 'M',
    path: 'f.c',
    blob: null,
    additions: null,
    deletions: null,
  });
  const entries = [1, 2, 3, 4].map(entry);
  const out: string[] = [];
  const list = new StreamedList((line) => out.push(line));
  const timeline = { entries } as unknown as Timeline;
  list.take({ kind: 'walking', timeline, from: 0, visited: 1, total: 4 });
  assert.equal(out.length, 0, 'no counts while walking');
  list.take({ kind: 'entries', timeline, counting: entries.slice(1).map((e) => e.oid) });
  assert.deepEqual(out, [`${formatEntry(entries[0]!)}\n`], 'the first had its counts kept from before');
  // the oldest first (the other core's end), then the newest
  list.take({ kind: 'counts', counts: [[entries[3]!.oid, 1, 2]] });
  assert.equal(out.length, 1, 'an older entry waits for the newer ones');
  list.take({
    kind: 'counts',
    counts: [
      [entries[1]!.oid, 5, 0],
      [entries[2]!.oid, null, null, true],
    ],
  });
  assert.deepEqual(
    out.map((l) => l.trimEnd().split(/ +/).slice(3, 5).join(' ')),
    ['binary c1', '+5 -0', 'unknown c3', '+1 -2'],
  );
  assert.equal(list.printed, 4);
});

test("the command line's start loads neither pdf-lib nor the web host's WebSocket library (each command that needs one loads it)", () => {
  const cli = path.join(__dirname, '..', '..', 'main', 'cli', 'index.js');
  const loaded = execFileSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(cli)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`],
    { encoding: 'utf8' },
  );
  const modules = JSON.parse(loaded) as string[];
  assert.ok(
    modules.some((m) => m.endsWith(path.join('cli', 'commands', 'serve.js'))),
    'the serve command is defined',
  );
  for (const heavy of ['pdf-lib', `${path.sep}ws${path.sep}`, 'webHost.js', 'mergePdfParts.js'])
    assert.deepEqual(
      modules.filter((m) => m.includes(heavy)),
      [],
      `${heavy} is loaded at the start`,
    );
});
