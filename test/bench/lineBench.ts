/**
 * Line archaeology's rows of `npm run bench`: a file with thousands of versions (editedVersions: moves,
 * duplicates, blank runs, CRLF, rewrites), its timeline counts against `git log --numstat -- path`, and
 * blame against `git blame`, on it and on a merge-heavy history (blameHistory). BENCH_LINE_VERSIONS sets
 * the number of versions (default 3,000; "0": skip these rows).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { LineCounter } from '../../main/diff/lineCounter';
import { gitNumstat } from '../fixtures/gitOracle';

type Row = (what: string, native: number | null, strata: number | null, note?: string) => void;

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function best(n: number, fn: () => void): number {
  return Math.min(...Array.from({ length: n }, () => timed(fn)));
}

function readBlobs(dir: string, ids: string[]): Map<string, Buffer> {
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: `${ids.join('\n')}\n`, maxBuffer: 2 ** 31 });
  const blobs = new Map<string, Buffer>();
  let pos = 0;
  for (const id of ids) {
    const nl = out.indexOf(10, pos);
    const size = Number(out.toString('latin1', pos, nl).split(' ')[2]);
    blobs.set(id, out.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return blobs;
}

export async function benchLines(row: Row, cacheDir: string, options: { only?: 'blame' } = {}): Promise<void> {
  const versions = Number(process.env.BENCH_LINE_VERSIONS ?? 3000);
  if (!versions) return;
  const linear = path.join(cacheDir, `line-history-${versions}-v2`);
  if (!fs.existsSync(path.join(linear, 'bench-ready'))) {
    fs.rmSync(linear, { recursive: true, force: true });
    console.error(`Generating a file with ${versions} versions in ${linear} (once; cached)…`);
    commitVersions(linear, 'src/long.c', editedVersions(5, versions, { startLines: 400, maxLines: 3000 }));
    fs.writeFileSync(path.join(linear, 'bench-ready'), '');
  }
  const merges = path.join(cacheDir, 'blame-merges-v2');
  if (!fs.existsSync(path.join(merges, 'bench-ready'))) {
    fs.rmSync(merges, { recursive: true, force: true });
    blameHistory(merges, 9, 800);
    fs.writeFileSync(path.join(merges, 'bench-ready'), '');
  }

  if (options.only !== 'blame') numstatRow(row, linear);
  benchBlame(row, cacheDir, linear, merges, versions);
}

function numstatRow(row: Row, linear: string): void {
  // timeline counts: every version pair, against git log --numstat (git's walk included; Strata's blobs read ahead)
  const file = 'src/long.c';
  const gitSeconds = best(3, () =>
    execFileSync('git', ['-C', linear, 'log', '--numstat', '--format=%H', '--', file], { maxBuffer: 1 << 30 }),
  );
  const raw = execFileSync('git', ['-C', linear, 'log', '--raw', '--no-abbrev', '--format=@%H', '--', file], {
    maxBuffer: 1 << 30,
  }).toString();
  const pairs = raw
    .split('@')
    .filter(Boolean)
    .map((b) => {
      const f = (b.split('\n').find((l) => l.startsWith(':')) ?? '').split(' ');
      return { oid: b.slice(0, 40), before: f[2] ?? '', after: f[3] ?? '' };
    });
  const blobs = readBlobs(
    linear,
    [...new Set(pairs.flatMap((p) => [p.before, p.after]))].filter((x) => x && !/^0+$/.test(x)),
  );
  const want = gitNumstat(linear, file);
  let mismatches = 0;
  const countSeconds = best(3, () => {
    mismatches = 0;
    // as the timeline counts: one LineCounter down the versions, newest first
    const counter = new LineCounter();
    const version = (oid: string) => {
      const data = blobs.get(oid);
      return data ? { oid, data } : null;
    };
    for (const p of pairs) {
      const c = counter.count(version(p.before), version(p.after));
      const w = want.get(p.oid);
      if (w && (w.additions !== c.additions || w.deletions !== c.deletions)) mismatches++;
    }
  });
  row(
    `numstat of ${pairs.length} versions: git log --numstat vs Strata's counts (blobs in memory)`,
    gitSeconds,
    countSeconds,
    `${mismatches} mismatches`,
  );
  // the measure: a first index of the file in a fresh process and home (commit index, walk, commits, counts on two cores)
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
  const r = spawnSync(process.execPath, [path.join(__dirname, 'indexOnce.js'), linear, file, home], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  fs.rmSync(home, { recursive: true, force: true });
  const run =
    r.status === 0 ? (JSON.parse(r.stdout) as { seconds: number; oids: string[]; counts: [number | null, number | null][] }) : null;
  const wrong = run
    ? run.oids.filter((oid, i) => want.get(oid)?.additions !== run.counts[i]![0] || want.get(oid)?.deletions !== run.counts[i]![1]).length
    : 0;
  row(
    `first index of the file with its counts, a fresh process and home: git log --numstat vs Strata`,
    gitSeconds,
    run?.seconds ?? null,
    run ? `${run.oids.length} entries, ${wrong} counts differ from git's` : `failed: ${r.stderr.slice(0, 200)}`,
  );
}

/**
 * Blame on the file with thousands of versions, on the merge-heavy history, and (where the main bench has
 * generated it) on mm/hmm.c of the kernel-shaped 100,000-commit repository, whose file changed in 1 commit of 500.
 */
function benchBlame(row: Row, cacheDir: string, linear: string, merges: string, versions: number): void {
  const blameOnce = path.join(__dirname, 'blameOnce.js');
  const kernel = path.join(cacheDir, 'repo-100000-20000-v1.git');
  const repos: [string, string, string | null][] = [
    [`linear, ${versions} versions`, linear, 'src/long.c'],
    ['merge-heavy', merges, null],
  ];
  if (fs.existsSync(path.join(kernel, 'bench-ready'))) repos.push(['kernel-shaped, 100,000 commits', kernel, 'mm/hmm.c']);
  // the same with git's commit-graph and Bloom filters (the main bench writes it), as a clone that git maintains has
  const graph = path.join(cacheDir, 'graph-100000.git');
  if (fs.existsSync(path.join(graph, 'objects', 'info', 'commit-graph')))
    repos.push(['kernel-shaped, 100,000 commits, commit-graph with Bloom filters', graph, 'mm/hmm.c']);
  for (const [name, dir, known] of repos) {
    const target =
      known ??
      execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8' })
        .split('\n')
        .find((p) => p.endsWith('.c'))!;
    const previous = execFileSync('git', ['-C', dir, 'log', '-n2', '--format=%H', '--', target], { encoding: 'utf8' }).split('\n')[1]!;
    const gitFirst = best(3, () => execFileSync('git', ['-C', dir, 'blame', '--porcelain', 'HEAD', '--', target], { maxBuffer: 1 << 30 }));
    const gitPrevious = best(3, () =>
      execFileSync('git', ['-C', dir, 'blame', '--porcelain', previous, '--', target], { maxBuffer: 1 << 30 }),
    );
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
    // the first blame of a file whose timeline is not indexed yet (the repository's commit index is, as after opening it)
    spawnSync(process.execPath, [blameOnce, dir, target, home, '', '--commit-index-only']);
    const r = spawnSync(process.execPath, [blameOnce, dir, target, home, previous], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) {
      row(`blame (${name})`, gitFirst, null, `failed: ${r.stderr.slice(0, 200)}`);
      continue;
    }
    const run = JSON.parse(r.stdout) as { first: number; second: number; rssMiB: number; oids: string[]; previousOids: string[] };
    const same =
      JSON.stringify(run.oids) === JSON.stringify(gitBlame(dir, 'HEAD', target).map((l) => l.oid)) &&
      JSON.stringify(run.previousOids) === JSON.stringify(gitBlame(dir, previous, target).map((l) => l.oid));
    row(
      `blame at HEAD, first (${name}, ${run.oids.length} lines)`,
      gitFirst,
      run.first,
      `${same ? 'same lines as git' : 'DIFFERS from git'}; peak RSS ${run.rssMiB} MiB`,
    );
    row(`blame of the version before, after that (${name})`, gitPrevious, run.second, 'line maps reused');
    // the app's case: the Blame tab is asked once the file's timeline is open (in a fresh home, timed alone)
    const appHome = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
    const app = spawnSync(process.execPath, [blameOnce, dir, target, appHome, '', '--after-timeline'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const appRun = app.status === 0 ? (JSON.parse(app.stdout) as { first: number; oids: string[] }) : null;
    row(
      `blame at HEAD with the timeline open, as in the app (${name})`,
      gitFirst,
      appRun?.first ?? null,
      appRun
        ? JSON.stringify(appRun.oids) === JSON.stringify(run.oids)
          ? 'same lines'
          : 'DIFFERS'
        : `failed: ${app.stderr.slice(0, 200)}`,
    );
    fs.rmSync(appHome, { recursive: true, force: true });
    // then, as the app goes on in the background, blame's diffs of the timeline's versions made ahead
    const preparedHome = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
    // and then further back, version after version (the next ten commits that changed the file)
    const further = execFileSync('git', ['-C', dir, 'log', '-n12', '--format=%H', '--', target], { encoding: 'utf8' })
      .split('\n')
      .slice(2, 12)
      .filter(Boolean);
    const prepared = spawnSync(
      process.execPath,
      [blameOnce, dir, target, preparedHome, previous, '--after-timeline', '--prepared', `--walk=${further.join(',')}`],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    const p = prepared.status === 0 ? (JSON.parse(prepared.stdout) as typeof run & { prepareSeconds: number; walked: number[] }) : null;
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
    const gitFurther = median(
      further.map((rev) =>
        best(1, () => execFileSync('git', ['-C', dir, 'blame', '--porcelain', rev, '--', target], { maxBuffer: 1 << 30 })),
      ),
    );
    const samePrepared =
      p !== null &&
      JSON.stringify(p.oids) === JSON.stringify(run.oids) &&
      JSON.stringify(p.previousOids) === JSON.stringify(run.previousOids);
    row(`preparing blame's diffs in the background, after the counts (${name})`, null, p?.prepareSeconds ?? null, 'once per file');
    row(
      `blame at HEAD, the timeline open and blame prepared (${name})`,
      gitFirst,
      p?.first ?? null,
      p ? (samePrepared ? 'same lines' : 'DIFFERS') : `failed: ${prepared.stderr.slice(0, 200)}`,
    );
    row(`blame of the version before, the timeline open and blame prepared (${name})`, gitPrevious, p?.second ?? null, 'a fresh process');
    row(
      `… then before that, again and again (${name}; median of ${further.length} versions back)`,
      gitFurther,
      p ? median(p.walked) : null,
      "the same process, as the app's worker",
    );
    fs.rmSync(preparedHome, { recursive: true, force: true });
    // blame -M and -C (asked for, not git's default): the first blame at HEAD, as above, against git's with the same flag
    for (const [flag, arg] of [
      ['-M', '--moves'],
      ['-C', '--copies'],
    ] as const) {
      const gitSeconds = best(3, () =>
        execFileSync('git', ['-C', dir, 'blame', '--porcelain', flag, 'HEAD', '--', target], { maxBuffer: 1 << 30 }),
      );
      const flagHome = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
      spawnSync(process.execPath, [blameOnce, dir, target, flagHome, '', '--commit-index-only']);
      const r = spawnSync(process.execPath, [blameOnce, dir, target, flagHome, '', arg], { encoding: 'utf8', maxBuffer: 1 << 28 });
      fs.rmSync(flagHome, { recursive: true, force: true });
      const got = r.status === 0 ? (JSON.parse(r.stdout) as { first: number; oids: string[] }) : null;
      row(
        `blame ${flag} at HEAD, first (${name})`,
        gitSeconds,
        got?.first ?? null,
        got
          ? JSON.stringify(got.oids) === JSON.stringify(gitBlame(dir, 'HEAD', target, [flag]).map((l) => l.oid))
            ? `same lines as git blame ${flag}`
            : `DIFFERS from git blame ${flag}`
          : `failed: ${r.stderr.slice(0, 200)}`,
      );
    }
  }
}
