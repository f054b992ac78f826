/**
 * npm run bench — speed and memory against native git, measured in the same run.
 * Not a test: it prints a table of figures and ratios. BENCH_SCALES picks the
 * repository sizes (commits; default "100000"); the 1,000,000-commit one is
 * generated once and cached like the others.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { generateLargeRepo } from '../fixtures/generateLargeRepo';
import { generateBigPackRepo } from '../fixtures/generateBigPackRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { FIRST_STEP, STEP_GROWTH } from '../../main/git/cloneRepository';
import { benchArchive } from './archiveBench';
import { benchLines } from './lineBench';
import { benchUi } from './uiBench';
import { describeSlower, readRun, saveRun, slowerRows, type RunRow } from './compareRuns';

const SCALES = (process.env.BENCH_SCALES ?? '100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0); // "none": only the big pack
const TARGET = 'mm/hmm.c';
const cacheDir = process.env.BENCH_CACHE ?? path.join(os.tmpdir(), 'strata-bench');
const indexOnce = path.join(__dirname, 'indexOnce.js');

interface Run {
  seconds: number;
  /** When the walk first showed the commits it had found (null: it ended before its time to show them). */
  firstRows: { seconds: number; count: number } | null;
  rssMiB: number;
  oids: string[];
  stats: { commitsRead: number; source: string };
}

function runIndex(
  dir: string,
  filePath: string,
  home: string,
  env: NodeJS.ProcessEnv = {},
  timeoutSeconds = 1800,
  follow = false,
): Run | null {
  const r = spawnSync(process.execPath, [indexOnce, dir, filePath, home, ...(follow ? ['follow'] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
    timeout: timeoutSeconds * 1000,
  });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout) as Run;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function best(n: number, fn: () => void): number {
  return Math.min(...Array.from({ length: n }, () => timed(fn)));
}

function gitLog(dir: string, p: string): string[] {
  return execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', p], { encoding: 'utf8', maxBuffer: 1 << 30 })
    .split('\n')
    .filter(Boolean);
}

const rows: string[][] = [];
const measured: RunRow[] = [];
function row(what: string, native: number | null, strata: number | null, note = ''): void {
  console.error(`  ${what}: native ${native?.toFixed(3) ?? '-'} s, Strata ${strata?.toFixed(3) ?? '-'} s ${note}`);
  measured.push({ what, native, strata });
  rows.push([
    what,
    native === null ? '' : `${native.toFixed(3)} s`,
    strata === null ? '' : `${strata.toFixed(3)} s`,
    native && strata ? `${(strata / native).toFixed(2)}x` : '',
    note,
  ]);
}

function freshHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
}

async function ensureRepo(commits: number): Promise<string> {
  const files = commits >= 1_000_000 ? 60_000 : 20_000;
  const repo = path.join(cacheDir, `repo-${commits}-${files}-v1.git`);
  if (!fs.existsSync(path.join(repo, 'bench-ready'))) {
    console.error(`Generating ${commits} commits over ${files} files in ${repo} (once; cached)…`);
    await generateLargeRepo({ dir: repo, commits, files, targetChanges: 200 });
    execFileSync('git', ['-C', repo, 'repack', '-adq', '--depth=50', '--window=10']);
    fs.writeFileSync(path.join(repo, 'bench-ready'), '');
  }
  return repo;
}

async function benchScale(commits: number): Promise<void> {
  const repo = await ensureRepo(commits);
  const count = execFileSync('git', ['-C', repo, 'count-objects', '-v'], { encoding: 'utf8' });
  const objects = /in-pack: (\d+)/.exec(count)?.[1] ?? '?';
  const packMiB = (Number(/size-pack: (\d+)/.exec(count)?.[1] ?? 0) / 1024).toFixed(0);
  rows.push([`— ${commits.toLocaleString('en')} commits, ${objects} objects, pack ${packMiB} MiB —`, '', '', '', '']);
  const expected = gitLog(repo, TARGET);
  const native = best(3, () => gitLog(repo, TARGET));
  row(`git log -- ${TARGET} (${expected.length} commits)`, native, null);

  const timedLog = spawnSync('/usr/bin/time', ['-v', 'git', '-C', repo, 'log', '--format=%H', '--', TARGET], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const gitRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timedLog.stderr ?? '')?.[1] ?? 0) / 1024;
  // best of 3 like git's figure, each in a fresh home (a first index every time); the last home goes on below
  let home = '';
  const firsts: (Run | null)[] = [];
  for (let i = 0; i < 3; i++) firsts.push(runIndex(repo, TARGET, (home = freshHome())));
  const first = firsts.some((r) => r === null) ? null : firsts.reduce((a, b) => (b!.seconds < a!.seconds ? b : a))!;
  const firstRss = Math.max(...firsts.map((r) => r?.rssMiB ?? 0));
  row(
    'Strata first index (no commit-graph), best of 3',
    native,
    first?.seconds ?? null,
    first
      ? `${firsts.map((r) => same(r!, expected)).every((x) => x === same(first, expected)) ? same(first, expected) : 'RUNS DIFFER'}; peak RSS ${firstRss.toFixed(0)} MiB${gitRss ? ` (git log's ${gitRss.toFixed(0)} MiB, the pack mapped)` : ''}`
      : 'failed',
  );
  if (commits <= 200_000) await benchHeavierPack(repo, commits, firstRss);
  const reopen = runIndex(repo, TARGET, home);
  row(
    'Strata reopen from its index',
    null,
    reopen?.seconds ?? null,
    reopen ? `${reopen.seconds < 0.3 ? 'under' : 'OVER'} 0.3 s (source: ${reopen.stats.source})` : 'failed',
  );

  const learn = spawnSync(process.execPath, [path.join(__dirname, 'learnOnce.js'), repo, home], { encoding: 'utf8' });
  const learned = learn.status === 0 ? (JSON.parse(learn.stdout) as { seconds: number; rssMiB: number; learned: number }) : null;
  row(
    '… then, in the background on the other core: changed paths learned for every commit',
    null,
    learned?.seconds ?? null,
    learned
      ? `${learned.learned} commits; peak RSS ${learned.rssMiB.toFixed(0)} MiB; the timeline is on screen meanwhile`
      : `failed: ${learn.stderr.split('\n').slice(-3).join(' ')}`,
  );

  const second = 'mm/sub0/file6.c';
  const nativeSecond = best(3, () => gitLog(repo, second));
  const secondRun = runIndex(repo, second, home);
  row(
    `Strata second file (${second}), commit index warm`,
    nativeSecond,
    secondRun?.seconds ?? null,
    secondRun ? same(secondRun, gitLog(repo, second)) : 'failed',
  );

  // --follow: git walks every commit (no simplification), and so does Strata, asking the change sets where learned
  const gitFollow = () =>
    execFileSync('git', ['-C', repo, 'log', '--follow', '--format=%H', '--', TARGET], { encoding: 'utf8', maxBuffer: 1 << 30 })
      .split('\n')
      .filter(Boolean);
  const nativeFollow = best(3, gitFollow);
  const followFresh = runIndex(repo, TARGET, freshHome(), {}, 1800, true);
  row(
    `git log --follow -- ${TARGET} → Strata first --follow index, a fresh home (its commit index too)`,
    nativeFollow,
    followFresh?.seconds ?? null,
    followFresh ? same(followFresh, gitFollow()) : 'failed',
  );
  const followWarm = runIndex(repo, TARGET, home, {}, 1800, true);
  row(
    '… the commit index and the change sets there (the app after a first open)',
    nativeFollow,
    followWarm?.seconds ?? null,
    followWarm ? same(followWarm, gitFollow()) : 'failed',
  );

  if (commits <= 20_000) {
    const iso = runIndex(repo, TARGET, freshHome(), { STRATA_READER: 'isogit' }, 600);
    row(
      "Strata first index through isomorphic-git's reader",
      native,
      iso?.seconds ?? null,
      iso ? same(iso, expected) : 'did not finish in 600 s',
    );
  }

  // with git's commit-graph and changed-path Bloom filters (on a copy sharing the objects)
  const graphCopy = path.join(cacheDir, `graph-${commits}.git`);
  if (!fs.existsSync(path.join(graphCopy, 'objects', 'info', 'commit-graph'))) {
    fs.rmSync(graphCopy, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--bare', '--shared', repo, graphCopy]);
    execFileSync('git', ['-C', graphCopy, 'commit-graph', 'write', '--reachable', '--changed-paths']);
  }
  const nativeGraph = best(3, () => gitLog(graphCopy, TARGET));
  const graphRun = runIndex(graphCopy, TARGET, freshHome());
  row(
    'git log with commit-graph + Bloom → Strata first index with them',
    nativeGraph,
    graphRun?.seconds ?? null,
    graphRun ? `${same(graphRun, expected)}; peak RSS ${graphRun.rssMiB.toFixed(0)} MiB` : 'failed',
  );

  // the graph with Bloom filters written before the last fetch: HEAD is a commit the graph lacks
  const staleGraph = path.join(cacheDir, `stale-graph-${commits}.git`);
  if (!fs.existsSync(path.join(staleGraph, 'objects', 'info', 'commit-graph'))) {
    fs.rmSync(staleGraph, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--bare', '--shared', repo, staleGraph]);
    execFileSync('git', ['-C', staleGraph, 'commit-graph', 'write', '--reachable', '--changed-paths']);
    const tree = execFileSync('git', ['-C', staleGraph, 'rev-parse', 'HEAD^{tree}'], { encoding: 'utf8' }).trim();
    const past = execFileSync('git', ['-C', staleGraph, 'commit-tree', tree, '-p', 'HEAD', '-m', 'after the graph'], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@x' },
    }).trim();
    execFileSync('git', ['-C', staleGraph, 'update-ref', 'HEAD', past]);
  }
  const nativeStale = best(3, () => gitLog(staleGraph, TARGET));
  const staleRun = runIndex(staleGraph, TARGET, freshHome());
  row(
    '… the graph written before the last fetch (HEAD 1 commit past it) → Strata first index',
    nativeStale,
    staleRun?.seconds ?? null,
    staleRun ? `${same(staleRun, gitLog(staleGraph, TARGET))}; ${staleRun.stats.commitsRead} commits read` : 'failed',
  );

  // with a commit-graph but no Bloom filters (what git gc writes by default): Strata's own index is built from it
  const plainGraph = path.join(cacheDir, `plain-graph-${commits}.git`);
  if (!fs.existsSync(path.join(plainGraph, 'objects', 'info', 'commit-graph'))) {
    fs.rmSync(plainGraph, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--bare', '--shared', repo, plainGraph]);
    execFileSync('git', ['-C', plainGraph, 'commit-graph', 'write', '--reachable']);
  }
  const nativePlain = best(3, () => gitLog(plainGraph, TARGET));
  const plainHome = freshHome();
  const plainRun = runIndex(plainGraph, TARGET, plainHome);
  row(
    'git log with commit-graph, no Bloom filters → Strata first index (its commit index built from the graph)',
    nativePlain,
    plainRun?.seconds ?? null,
    plainRun ? `${same(plainRun, expected)}; ${plainRun.stats.commitsRead} commits read` : 'failed',
  );
  // the walk reads each commit's trees here: the list shows its first commits as it goes, as git log prints them
  const nativeFirstLine = best(3, () => execFileSync('sh', ['-c', `git -C '${plainGraph}' log --format=%H -- '${TARGET}' | head -n 1`]));
  row(
    '… the first commits shown while the walk goes on (git: its first line printed)',
    nativeFirstLine,
    plainRun?.firstRows?.seconds ?? null,
    plainRun?.firstRows
      ? `${plainRun.firstRows.count} of ${plainRun.oids.length} commits; the walk shows what it found 50 ms into it where it has a while to go, else 250 ms into it`
      : 'none shown early',
  );
  spawnSync(process.execPath, [path.join(__dirname, 'learnOnce.js'), plainGraph, plainHome]);
  const nativePlainSecond = best(3, () => gitLog(plainGraph, second));
  const plainSecond = runIndex(plainGraph, second, plainHome);
  row(
    `… a second file (${second}), change sets learned in the background meanwhile`,
    nativePlainSecond,
    plainSecond?.seconds ?? null,
    plainSecond ? same(plainSecond, gitLog(plainGraph, second)) : 'failed',
  );

  // git log -L :NAME:PATH for the file's first function, against Strata's line history (first: the file's history walked too)
  const fnName = /^[A-Za-z_][^(;=]*?\b([A-Za-z_]\w*)\(/m.exec(
    execFileSync('git', ['-C', repo, 'show', `HEAD:${TARGET}`], { encoding: 'utf8' }),
  )?.[1];
  if (fnName) {
    const gitL = () =>
      execFileSync('git', ['-C', repo, 'log', '--format=%H', '-L', `:${fnName}:${TARGET}`], { encoding: 'utf8', maxBuffer: 1 << 30 })
        .split('\n')
        .filter((l) => /^[0-9a-f]{40}$/.test(l));
    let wantL: string[] = [];
    const nativeL = best(1, () => {
      wantL = gitL();
    });
    const r = spawnSync(process.execPath, [path.join(__dirname, 'lineLogOnce.js'), repo, TARGET, freshHome(), fnName], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    // as blame's rows: the repository opened once before (its commit index built), the file's timeline not
    const opened = freshHome();
    spawnSync(process.execPath, [path.join(__dirname, 'lineLogOnce.js'), repo, TARGET, opened, fnName, '--commit-index-only']);
    const o = spawnSync(process.execPath, [path.join(__dirname, 'lineLogOnce.js'), repo, TARGET, opened, fnName], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) row(`git log -L :${fnName}:${TARGET}`, nativeL, null, `failed: ${r.stderr.slice(0, 200)}`);
    else {
      const run = JSON.parse(r.stdout) as { first: number; second: number; oids: string[] };
      const same = sameCommits(run.oids, wantL);
      row(
        `git log -L :${fnName}:${TARGET} → Strata from nothing (commit index and the file's walk too; ${wantL.length} commits)`,
        nativeL,
        run.first,
        same,
      );
      const openedRun = o.status === 0 ? (JSON.parse(o.stdout) as { first: number; oids: string[] }) : null;
      row(
        `git log -L :${fnName}:${TARGET} → Strata, repository opened before (commit index built), the file not yet walked`,
        nativeL,
        openedRun?.first ?? null,
        openedRun ? sameCommits(openedRun.oids, wantL) : `failed: ${o.stderr.slice(0, 200)}`,
      );
      row(`git log -L :${fnName}:${TARGET} → Strata, the file's entries kept`, nativeL, run.second, same);
    }
    // with git's commit-graph and Bloom filters (git log -L asks them too)
    let wantG: string[] = [];
    const nativeG = best(1, () => {
      wantG = execFileSync('git', ['-C', graphCopy, 'log', '--format=%H', '-L', `:${fnName}:${TARGET}`], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      })
        .split('\n')
        .filter((l) => /^[0-9a-f]{40}$/.test(l));
    });
    const g = spawnSync(process.execPath, [path.join(__dirname, 'lineLogOnce.js'), graphCopy, TARGET, freshHome(), fnName], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const graphL = g.status === 0 ? (JSON.parse(g.stdout) as { first: number; oids: string[] }) : null;
    row(
      `git log -L :${fnName}:${TARGET} with commit-graph + Bloom → Strata from nothing`,
      nativeG,
      graphL?.first ?? null,
      graphL ? sameCommits(graphL.oids, wantG) : `failed: ${g.stderr.slice(0, 200)}`,
    );
  }

  // 1,000 new commits, then an update
  const copy = path.join(cacheDir, `incremental-${commits}.git`);
  fs.rmSync(copy, { recursive: true, force: true });
  execFileSync('git', ['clone', '-q', '--bare', '--shared', repo, copy]);
  const homeCopy = freshHome();
  runIndex(copy, TARGET, homeCopy);
  await generateLargeRepo({ dir: copy, commits: 1000, files: 2000, targetChanges: 5, append: true, seed: 7 });
  const nativeAfter = best(3, () => gitLog(copy, TARGET));
  const upd = runIndex(copy, TARGET, homeCopy);
  row(
    'Strata update after 1,000 new commits',
    nativeAfter,
    upd?.seconds ?? null,
    upd ? `${same(upd, gitLog(copy, TARGET))}; ${upd.stats.commitsRead} commits read` : 'failed',
  );
  fs.rmSync(copy, { recursive: true, force: true });

  // clone from a loopback smart-HTTP server (git http-backend), against native git clone
  if (commits <= 200_000) await benchClone(repo);

  // isomorphic-git's own log({ filepath }), bounded
  const bound = Number(process.env.BENCH_ISOGIT_SECONDS ?? 60);
  const script = `const git=require('isomorphic-git');const fs=require('fs');git.log({fs,gitdir:${JSON.stringify(repo)},filepath:${JSON.stringify(TARGET)},cache:{}}).then(r=>console.log(r.length))`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: path.join(__dirname, '..', '..', '..'),
    timeout: bound * 1000,
    encoding: 'utf8',
  });
  const isoSeconds = (Date.now() - t0) / 1000;
  if (r.status === 0) row(`isomorphic-git log({ filepath }) (lists ${r.stdout.trim()})`, native, isoSeconds);
  else row('isomorphic-git log({ filepath })', native, null, `did not finish within ${bound} s`);
}

/**
 * Peak memory against pack size with the history held still: the same commits
 * plus one commit adding 1 GiB of incompressible blobs (a pack of their own).
 */
async function benchHeavierPack(repo: string, commits: number, plainRss: number): Promise<void> {
  const heavy = path.join(cacheDir, `heavy-${commits}-v1.git`);
  if (!fs.existsSync(path.join(heavy, 'bench-ready'))) {
    fs.rmSync(heavy, { recursive: true, force: true });
    console.error(`Adding 1 GiB of incompressible blobs to a copy of the ${commits}-commit repository (once; cached)…`);
    execFileSync('git', ['clone', '-q', '--bare', '--local', repo, heavy]); // objects hard-linked
    const head = execFileSync('git', ['-C', heavy, 'symbolic-ref', 'HEAD'], { encoding: 'utf8' }).trim();
    await generateBigPackRepo(heavy, 20, 50 * 1024 * 1024, head);
    fs.writeFileSync(path.join(heavy, 'bench-ready'), '');
  }
  const count = execFileSync('git', ['-C', heavy, 'count-objects', '-v'], { encoding: 'utf8' });
  const packMiB = (Number(/size-pack: (\d+)/.exec(count)?.[1] ?? 0) / 1024).toFixed(0);
  const expected = gitLog(heavy, TARGET);
  const native = best(3, () => gitLog(heavy, TARGET));
  const runs = [0, 1, 2].map(() => runIndex(heavy, TARGET, freshHome()));
  const ok = runs.every((r) => r !== null);
  const fastest = ok ? runs.reduce((a, b) => (b.seconds < a.seconds ? b : a)) : null;
  const rss = Math.max(...runs.map((r) => r?.rssMiB ?? 0));
  row(
    `… the same history + 1 GiB of blobs (packs ${packMiB} MiB): first index, best of 3`,
    native,
    fastest?.seconds ?? null,
    fastest
      ? `${same(fastest, expected)}; peak RSS ${rss.toFixed(0)} MiB (${(rss / plainRss).toFixed(2)}x the plain repository's ${plainRss.toFixed(0)} MiB)`
      : 'failed',
  );
}

async function benchClone(repo: string): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-clone-'));
  fs.symlinkSync(repo, path.join(root, 'linux.git'));
  const server = await startGitHttpServer(root);
  try {
    const url = `${server.url}/linux.git`;
    const nativeDir = path.join(root, 'native');
    // the server runs in this process: every client must run asynchronously
    const t0 = process.hrtime.bigint();
    await runAsync('git', ['clone', '-q', '--bare', url, nativeDir]);
    const native = Number(process.hrtime.bigint() - t0) / 1e9;
    const timedRun = await runAsync('/usr/bin/time', ['-v', 'git', 'clone', '-q', '--bare', url, path.join(root, 'native2')]);
    const nativeRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timedRun.stderr)?.[1] ?? 0) / 1024;
    // git itself in the same steps as a resumable clone: what the steps cost the server, whoever the client
    const stepped = path.join(root, 'native-stepped');
    const t1 = process.hrtime.bigint();
    await runAsync('git', ['clone', '-q', '--bare', '--depth', String(FIRST_STEP), url, stepped]);
    for (let by = FIRST_STEP * STEP_GROWTH; fs.existsSync(path.join(stepped, 'shallow')); by *= STEP_GROWTH)
      await runAsync('git', ['-C', stepped, 'fetch', '-q', '--deepen', String(by)]);
    const nativeStepped = Number(process.hrtime.bigint() - t1) / 1e9;
    for (const mode of ['one-pack', 'resumable'] as const) {
      const r = await runAsync(process.execPath, [path.join(__dirname, 'cloneOnce.js'), url, path.join(root, `strata-${mode}`), mode]);
      const run = r.status === 0 ? (JSON.parse(r.stdout) as { seconds: number; rssMiB: number }) : null;
      const what =
        mode === 'one-pack'
          ? 'git clone from loopback http-backend → Strata clone (one pack)'
          : '… Strata resumable clone (steps of 1,000 commits, doubling)';
      const vsStepped =
        mode === 'resumable' && run
          ? `; ${(run.seconds / nativeStepped).toFixed(2)}x git's own clone in the same steps (${nativeStepped.toFixed(3)} s: clone --depth ${FIRST_STEP}, then fetch --deepen doubling)`
          : '';
      row(
        what,
        native,
        run?.seconds ?? null,
        run
          ? `Strata peak RSS ${run.rssMiB.toFixed(0)} MiB${nativeRss ? `, git's ${nativeRss.toFixed(0)} MiB` : ''}${vsStepped}`
          : `failed: ${r.stderr.split('\n').slice(-3).join(' ')}`,
      );
      fs.rmSync(path.join(root, `strata-${mode}`), { recursive: true, force: true });
    }
    if (process.env.BENCH_ISOGIT_CLONE === '1') {
      const iso = await runAsync(process.execPath, [path.join(__dirname, 'cloneOnce.js'), url, path.join(root, 'iso')], {
        STRATA_CLONE: 'isogit',
      });
      const isoRun = iso.status === 0 ? (JSON.parse(iso.stdout) as { seconds: number; rssMiB: number }) : null;
      row(
        '… the same clone through isomorphic-git',
        native,
        isoRun?.seconds ?? null,
        isoRun ? `peak RSS ${isoRun.rssMiB.toFixed(0)} MiB` : 'failed or over 30 min',
      );
    }
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function runAsync(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A `-L` run's commits against git's, as its row says it. */
function sameCommits(got: readonly string[], expected: readonly string[]): string {
  return JSON.stringify(got) === JSON.stringify(expected) ? 'same commits as git' : 'DIFFERS from git';
}

function same(run: Run, expected: string[]): string {
  return JSON.stringify(run.oids) === JSON.stringify(expected) ? 'same list as git' : 'DIFFERS FROM GIT';
}

/** A pack over 2 GiB served over loopback HTTP: cloned by git and by Strata, then read back past the 2 GiB line. */
async function benchBigPack(): Promise<void> {
  const repo = path.join(cacheDir, 'bigpack-v1.git');
  if (!fs.existsSync(path.join(repo, 'bench-ready'))) {
    fs.rmSync(repo, { recursive: true, force: true });
    console.error(`Generating a 2.2 GB pack of incompressible blobs in ${repo} (once; cached)…`);
    await generateBigPackRepo(repo);
    fs.writeFileSync(path.join(repo, 'bench-ready'), '');
  }
  rows.push(['— one pack over 2 GiB (45 incompressible blobs of 50 MiB) —', '', '', '', '']);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-big-'));
  fs.symlinkSync(repo, path.join(root, 'big.git'));
  const server = await startGitHttpServer(root);
  try {
    const url = `${server.url}/big.git`;
    const t0 = process.hrtime.bigint();
    const n = await runAsync('/usr/bin/time', ['-v', 'git', 'clone', '-q', '--bare', url, path.join(root, 'native')]);
    const native = Number(process.hrtime.bigint() - t0) / 1e9;
    const nativeRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(n.stderr)?.[1] ?? 0) / 1024;
    fs.rmSync(path.join(root, 'native'), { recursive: true, force: true });
    const r = await runAsync(process.execPath, [path.join(__dirname, 'cloneOnce.js'), url, path.join(root, 'strata'), 'one-pack']);
    const run = r.status === 0 ? (JSON.parse(r.stdout) as { seconds: number; rssMiB: number }) : null;
    let opened = 'not opened';
    if (run) {
      const store = new PackObjectStore(path.join(root, 'strata', '.git'));
      const last = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD:blob44'], { encoding: 'utf8' }).trim();
      const data = (await store.readObject(last)).data;
      opened =
        crypto.createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex') === last
          ? 'last blob (past 2 GiB) reads back'
          : 'LAST BLOB DIFFERS';
      store.close();
    }
    row(
      'git clone of a 2.2 GB pack → Strata clone',
      native,
      run?.seconds ?? null,
      run
        ? `${opened}; Strata peak RSS ${run.rssMiB.toFixed(0)} MiB, git's ${nativeRss.toFixed(0)} MiB`
        : `failed: ${r.stderr.split('\n').slice(-3).join(' ')}`,
    );
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The opt-in test of a pack over 2 GiB (`npm run test:big`) runs here too, where the disk for it was found. */
function bigPackTest(): void {
  const t0 = process.hrtime.bigint();
  const test = path.join(__dirname, '..', 'unit', 'bigPack.test.js');
  const r = spawnSync(process.execPath, ['--test', test], { env: { ...process.env, STRATA_TEST_BIG_PACK: '1' }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const passed = r.status === 0 && /^# pass 1$/m.test(r.stdout);
  row('test:big (pack over 2 GiB: written by git fast-import, read back by Strata)', null, seconds, passed ? 'passed' : 'FAILED');
  if (!passed) {
    console.error(`${r.stdout}${r.stderr}`.slice(-4000));
    process.exitCode = 1;
  }
}

function freeDiskBytes(dir: string): number {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(cacheDir, { recursive: true });
  // BENCH_ONLY=blame: only blame's rows (a quick measure while working on blame)
  const only = process.env.BENCH_ONLY;
  // BENCH_ONLY=lines: the line rows (numstat, -L, blame)
  if (only === 'blame' || only === 'lines') {
    await benchLines(row, cacheDir, only === 'blame' ? { only: 'blame' } : {});
    printRows();
    return;
  }
  // BENCH_ONLY=ui: only the UI's rows (Chromium against strata serve)
  if (only === 'ui') {
    await benchUi(row, cacheDir);
    printRows();
    return;
  }
  for (const scale of SCALES) await benchScale(scale);
  // BENCH_ONLY=history: only the history rows of the generated repositories (first index, graphs, -L, clone)
  if (only === 'history') {
    printRows();
    return;
  }
  const bigWanted = process.env.BENCH_BIG_PACK ?? 'auto';
  const haveDisk = freeDiskBytes(cacheDir) > 12 * 2 ** 30 || fs.existsSync(path.join(cacheDir, 'bigpack-v1.git', 'bench-ready'));
  if (bigWanted === '1' || (bigWanted === 'auto' && haveDisk)) {
    await benchBigPack();
    bigPackTest();
  } else
    rows.push([`— pack over 2 GiB: skipped (${bigWanted === '0' ? 'BENCH_BIG_PACK=0' : 'needs 12 GiB of free disk'}) —`, '', '', '', '']);
  await benchArchive(row, cacheDir);
  await benchLines(row, cacheDir);
  await benchUi(row, cacheDir);
  printRows();
}

function printRows(): void {
  console.log(
    `\nStrata benchmark (${os.cpus().length} cores, node ${process.version}); ratios are Strata / native git, measured in this run\n`,
  );
  const widths = [0, 1, 2, 3, 4].map((i) =>
    Math.max(['what', 'native git', 'Strata', 'ratio', 'notes'][i]!.length, ...rows.map((x) => x[i]!.length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(['what', 'native git', 'Strata', 'ratio', 'notes']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const x of rows) console.log(line(x));
  // against the last run of the same scope on this machine (BENCH_BASELINE: another saved run), then saved as the last
  const scope = process.env.BENCH_ONLY ?? 'all';
  const last = path.join(cacheDir, `last-run-${scope}.json`);
  const before = readRun(process.env.BENCH_BASELINE ?? last);
  if (before) console.log(`\n${describeSlower(before, slowerRows(before, measured))}`);
  saveRun(last, { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, rows: measured });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
