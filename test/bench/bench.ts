/**
 * npm run bench — speed and memory against native git, measured in the same run.
 * Not a test: it prints a table of figures and ratios.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLargeRepo } from '../fixtures/generateLargeRepo';
import { indexFileHistory } from '../../main/services/indexFileHistory';

const COMMITS = Number(process.env.BENCH_COMMITS ?? 100_000);
const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const TARGET = 'mm/hmm.c';
const cacheDir = path.join(os.tmpdir(), 'strata-bench');
const repo = path.join(cacheDir, `repo-${COMMITS}-${FILES}-v1.git`);

function seconds(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function secondsAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e9, r];
}

function gitLog(dir: string, extra: string[] = []): string[] {
  return execFileSync('git', ['-C', dir, ...extra, 'log', '--format=%H', '--', TARGET], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\n').filter(Boolean);
}

function bestOf(n: number, fn: () => void): number {
  return Math.min(...Array.from({ length: n }, () => seconds(fn)));
}

const rows: [string, string, string, string][] = [];
const row = (what: string, native: number | null, strata: number | null, note = '') =>
  rows.push([what, native === null ? '' : `${native.toFixed(3)} s`, strata === null ? '' : `${strata.toFixed(3)} s`, native && strata ? `${(strata / native).toFixed(2)}x ${note}` : note]);

async function main(): Promise<void> {
  fs.mkdirSync(cacheDir, { recursive: true });
  if (!fs.existsSync(path.join(repo, 'bench-ready'))) {
    console.error(`Generating ${COMMITS} commits over ${FILES} files in ${repo} (once)…`);
    const t = seconds(() => undefined);
    void t;
    await generateLargeRepo({ dir: repo, commits: COMMITS, files: FILES, targetChanges: 200 });
    execFileSync('git', ['-C', repo, 'repack', '-adq', '--depth=50', '--window=10']);
    fs.writeFileSync(path.join(repo, 'bench-ready'), '');
  }
  const objects = execFileSync('git', ['-C', repo, 'count-objects', '-v'], { encoding: 'utf8' });
  console.error(objects.split('\n').filter((l) => /in-pack|size-pack/.test(l)).join(', '));

  const expected = gitLog(repo);
  const nativeLog = bestOf(3, () => gitLog(repo));
  row(`git log -- ${TARGET} (${expected.length} commits of ${COMMITS})`, nativeLog, null);

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
  const [first, timeline] = await secondsAsync(() => indexFileHistory({ dir: repo, path: TARGET, home }));
  const same = JSON.stringify(timeline.entries.map((e) => e.oid)) === JSON.stringify(expected);
  row('Strata first index', nativeLog, first, same ? '(same list as git)' : '(DIFFERS FROM GIT)');

  const [reopen, again] = await secondsAsync(() => indexFileHistory({ dir: repo, path: TARGET, home }));
  row(`Strata reopen (source: ${again.stats.source})`, null, reopen, reopen < 0.3 ? 'under 0.3 s' : 'OVER 0.3 s');

  // incremental: 1,000 new commits on a copy of the repository
  const copy = path.join(cacheDir, 'incremental.git');
  fs.rmSync(copy, { recursive: true, force: true });
  execFileSync('git', ['clone', '-q', '--bare', '--local', repo, copy]);
  const homeCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-home-'));
  await indexFileHistory({ dir: copy, path: TARGET, home: homeCopy });
  await generateLargeRepo({ dir: copy, commits: 1000, files: FILES, targetChanges: 5, append: true, seed: 7 });
  const nativeAfter = bestOf(3, () => gitLog(copy));
  const [incr, updated] = await secondsAsync(() => indexFileHistory({ dir: copy, path: TARGET, home: homeCopy }));
  const sameAfter = JSON.stringify(updated.entries.map((e) => e.oid)) === JSON.stringify(gitLog(copy));
  row(`Strata update after 1,000 new commits (${updated.stats.commitsRead} commits read)`, nativeAfter, incr, sameAfter ? '(same list as git)' : '(DIFFERS FROM GIT)');

  // a second file in the same repository
  const second = expected.length ? 'mm/sub0/file6.c' : TARGET;
  const nativeSecond = bestOf(3, () => execFileSync('git', ['-C', repo, 'log', '--format=%H', '--', second], { maxBuffer: 1 << 30 }));
  const [secondTime] = await secondsAsync(() => indexFileHistory({ dir: repo, path: second, home }));
  row(`Strata second file (${second}) in the same repository`, nativeSecond, secondTime);

  // isomorphic-git's own log({ filepath }) as a reference, bounded
  const bound = Number(process.env.BENCH_ISOGIT_SECONDS ?? 60);
  const script = `const git=require('isomorphic-git');const fs=require('fs');git.log({fs,gitdir:${JSON.stringify(repo)},filepath:${JSON.stringify(TARGET)},cache:{}}).then(r=>{console.log(r.length)})`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..', '..', '..'), timeout: bound * 1000, encoding: 'utf8' });
  const isoSeconds = (Date.now() - t0) / 1000;
  if (r.status === 0) row(`isomorphic-git log({ filepath }) (${r.stdout.trim()} commits)`, nativeLog, isoSeconds);
  else row('isomorphic-git log({ filepath })', nativeLog, null, `did not finish within ${bound} s`);

  const rssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`\nStrata benchmark — ${COMMITS} commits, ${FILES} files, target ${TARGET}; peak RSS of this process ${rssMiB.toFixed(0)} MiB\n`);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['what', 'native git', 'Strata', 'ratio'][i]!.length, ...rows.map((x) => x[i]!.length)]));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(['what', 'native git', 'Strata', 'ratio']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const x of rows) console.log(line(x));
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(homeCopy, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
