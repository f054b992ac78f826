import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';

/*
 * Faults Strata answers (issue 13): full disks, read-only homes, orphaned temporary files, damaged
 * index files, odd homes and big or odd files. Each case asserts what the user sees and that
 * nothing already indexed is lost.
 */

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');

interface Run {
  code: number;
  out: string;
  err: string;
}

function strata(args: string[], home: string): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: home },
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A repository of two files with history, and a second file's path. */
function twoFileRepo(root: string): { dir: string; a: string; b: string } {
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 13, commits: 300, fileLines: 40 });
  const b = gitOut(repo.dir, ['ls-tree', '-r', '--name-only', 'HEAD'])
    .split('\n')
    .find((f) => f && f !== repo.target && gitLogOids(repo.dir, f).length > 3)!;
  return { dir: repo.dir, a: repo.target, b };
}

const oidsOf = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(0, 12));
const short = (oids: string[]) => oids.map((o) => o.slice(0, 12));

/**
 * Runs a shell script in a mount namespace of its own (unshare -rm: needs no root where user
 * namespaces are allowed), so a test can mount a small or read-only tmpfs; null where it cannot.
 */
function inMountNamespace(script: string, env: Record<string, string>): { code: number; err: string } | null {
  const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=16k tmpfs "$d" && umount "$d"'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) return null;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, err: r.stderr };
}

/** Each step's output, as the script wrote it. */
const step = (dir: string, name: string): Run => ({
  code: Number(fs.readFileSync(path.join(dir, `${name}.rc`), 'utf8')),
  out: fs.readFileSync(path.join(dir, `${name}.out`), 'utf8'),
  err: fs.readFileSync(path.join(dir, `${name}.err`), 'utf8'),
});

const RUN_STEP = 'run() { n=$1; shift; "$NODE" "$BIN" "$@" >"$OUT/$n.out" 2>"$OUT/$n.err"; echo $? >"$OUT/$n.rc"; }';

test('a full disk: the history is still printed, the index is said not to be saved, no temporary file is left, nothing indexed is lost', (t) => {
  const root = tmpDir('fault-full');
  const { dir, a, b } = twoFileRepo(root);
  const seed = path.join(root, 'seed');
  const first = strata(['log', '--repo', dir, '--path', a], seed);
  assert.equal(first.code, 0, first.err);
  const before = fs.readdirSync(path.join(seed, 'repos'));
  const out = path.join(root, 'out');
  const home = path.join(root, 'home');
  fs.mkdirSync(out);
  fs.mkdirSync(home);
  const r = inMountNamespace(
    `${RUN_STEP}
    mount -t tmpfs -o size=1m tmpfs "$HOME_DIR" && cp -a "$SEED"/. "$HOME_DIR"/ || exit 99
    dd if=/dev/zero of="$HOME_DIR/filler" bs=4096 2>/dev/null
    export STRATA_HOME="$HOME_DIR"
    run b1 log --repo "$REPO" --path "$B"
    run b2 log --repo "$REPO" --path "$B"
    run a log --repo "$REPO" --path "$A"
    find "$HOME_DIR" -name '*.tmp-*' >"$OUT/temps"
    rm "$HOME_DIR/filler"
    run b3 log --repo "$REPO" --path "$B"
    ls "$HOME_DIR/repos" >"$OUT/repos"`,
    { NODE: process.execPath, BIN: bin, OUT: out, HOME_DIR: home, SEED: seed, REPO: dir, A: a, B: b },
  );
  if (!r) return t.skip('no mount namespace here (unshare -rm) to mount a small tmpfs');
  assert.equal(r.code, 0, r.err);
  for (const name of ['b1', 'b2']) {
    const s = step(out, name);
    assert.equal(s.code, 0, s.err);
    assert.deepEqual(oidsOf(s.out), short(gitLogOids(dir, b)));
    assert.match(s.err, /warning: The index could not be saved in .*: the disk is full \(ENOSPC\)\. What is shown is complete/);
  }
  const again = step(out, 'a');
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(oidsOf(again.out), short(gitLogOids(dir, a)));
  assert.equal(again.err, '', 'what was indexed before the disk filled is opened from the index');
  assert.equal(fs.readFileSync(path.join(out, 'temps'), 'utf8'), '', 'a failed write leaves no temporary file');
  const freed = step(out, 'b3');
  assert.equal(freed.code, 0, freed.err);
  assert.doesNotMatch(freed.err, /could not be saved/);
  assert.deepEqual(fs.readFileSync(path.join(out, 'repos'), 'utf8').split('\n').filter(Boolean), before);
});

test('a read-only STRATA_HOME: the history is printed with a warning, for an indexed file and a new one', (t) => {
  const root = tmpDir('fault-ro');
  const { dir, a, b } = twoFileRepo(root);
  const seed = path.join(root, 'seed');
  assert.equal(strata(['log', '--repo', dir, '--path', a], seed).code, 0);
  const out = path.join(root, 'out');
  const home = path.join(root, 'home');
  const empty = path.join(root, 'empty');
  for (const d of [out, home, empty]) fs.mkdirSync(d);
  const r = inMountNamespace(
    `${RUN_STEP}
    mount -t tmpfs tmpfs "$HOME_DIR" && cp -a "$SEED"/. "$HOME_DIR"/ && mount -o remount,ro "$HOME_DIR" || exit 99
    mount -t tmpfs -o ro tmpfs "$EMPTY" || exit 98
    STRATA_HOME="$HOME_DIR" run a log --repo "$REPO" --path "$A"
    STRATA_HOME="$HOME_DIR" run b log --repo "$REPO" --path "$B"
    STRATA_HOME="$EMPTY" run fresh log --repo "$REPO" --path "$B"`,
    { NODE: process.execPath, BIN: bin, OUT: out, HOME_DIR: home, EMPTY: empty, SEED: seed, REPO: dir, A: a, B: b },
  );
  if (!r) return t.skip('no mount namespace here (unshare -rm) to mount a read-only tmpfs');
  assert.equal(r.code, 0, r.err);
  const indexed = step(out, 'a');
  assert.equal(indexed.code, 0, indexed.err);
  assert.deepEqual(oidsOf(indexed.out), short(gitLogOids(dir, a)));
  assert.equal(indexed.err, '');
  for (const name of ['b', 'fresh']) {
    const s = step(out, name);
    assert.equal(s.code, 0, s.err);
    assert.deepEqual(oidsOf(s.out), short(gitLogOids(dir, b)));
    assert.match(s.err, /warning: The index could not be saved in .*: the folder is read-only \(EROFS\)/);
  }
});

test("temporary files orphaned by a killed run are swept on the next run; a live process's file and a fresh one are kept", () => {
  const root = tmpDir('fault-orphans');
  const { dir, a } = twoFileRepo(root);
  const home = path.join(root, 'home');
  assert.equal(strata(['log', '--repo', dir, '--path', a], home).code, 0);
  const [repoId] = fs.readdirSync(path.join(home, 'repos'));
  const files = path.join(home, 'repos', repoId!, 'files');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(gone.stdout);
  const old = new Date(Date.now() - 3600_000);
  const orphan = path.join(files, `x.json.tmp-${deadPid}-0badc0de`);
  const live = path.join(files, `y.json.tmp-${process.pid}-cafebabe`);
  const fresh = path.join(files, `z.json.tmp-${deadPid}-12345678`);
  const orphanTop = path.join(home, 'repos', repoId!, `commit-index.v1.tmp-${deadPid}-deadbeef`);
  for (const f of [orphan, live, fresh, orphanTop]) fs.writeFileSync(f, Buffer.alloc(3 << 20));
  for (const f of [orphan, live, orphanTop]) fs.utimesSync(f, old, old);
  const r = strata(['log', '--repo', dir, '--path', a], home);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(oidsOf(r.out), short(gitLogOids(dir, a)));
  assert.equal(fs.existsSync(orphan), false, 'an hour-old temporary file of a process that is gone is swept');
  assert.equal(fs.existsSync(orphanTop), false);
  assert.equal(fs.existsSync(live), true, 'a live process may still be writing its file');
  assert.equal(fs.existsSync(fresh), true, 'a fresh file is left alone (its writer may be on another machine sharing the home)');
});
