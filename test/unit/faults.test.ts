import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import zlib from 'node:zlib';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { learnChanges } from '../../main/services/learnChanges';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { sealed, trailerFor, unsealed } from '../../main/index/checksum';
import { listRecent, rememberRecent } from '../../main/services/recentRepositories';

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

/** Flips one bit of a file at `at` (from the end where negative): its size stays the same. */
function flip(file: string, at: number): void {
  const buf = fs.readFileSync(file);
  const i = at < 0 ? buf.length + at : at;
  buf[i] = buf[i]! ^ 0x10;
  fs.writeFileSync(file, buf);
}

/** The index folder of the one repository indexed in `home`. */
function indexDir(home: string): string {
  const [id] = fs.readdirSync(path.join(home, 'repos'));
  return path.join(home, 'repos', id!);
}

const filesOf = (dir: string, ext: string) =>
  fs
    .readdirSync(path.join(dir, 'files'))
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, 'files', f));

test('flipped bytes in every kind of index file are found, not trusted, rebuilt, and the user is told', async () => {
  const root = tmpDir('fault-flip');
  const { dir, a, b } = twoFileRepo(root);
  const home = path.join(root, 'home');
  const expectA = short(gitLogOids(dir, a));
  const expectB = short(gitLogOids(dir, b));
  const first = strata(['log', '--repo', dir, '--path', a], home);
  assert.equal(first.code, 0, first.err);
  const idx = indexDir(home);
  const commitIndex = path.join(idx, 'commit-index.v1');
  const [timeline] = filesOf(idx, '.json');
  const [positions] = filesOf(idx, '.positions');
  const n = fs.readFileSync(commitIndex).readUInt32LE(8);
  const again = (what: RegExp, path_ = a, expect = expectA) => {
    const r = strata(['log', '--repo', dir, '--path', path_], home);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(oidsOf(r.out), expect);
    assert.match(r.err, what);
    return r;
  };
  const damagedNote = (what: string) => new RegExp(`^strata: note: Strata's index was damaged \\(${what}\\): it was not trusted`, 'm');

  // a timeline an older Strata stored (whole and sealed, an earlier format) is computed again without a note
  const stored = JSON.parse(unsealed(fs.readFileSync(timeline!))!.toString('utf8')) as { format: number };
  fs.writeFileSync(timeline!, Buffer.concat(sealed([Buffer.from(JSON.stringify({ ...stored, format: stored.format - 1 }))])));
  assert.doesNotMatch(again(/Saving index/).err, /damaged/, 'an older format is computed again, and is not damage');
  // the stored timeline: a flipped byte in a commit id it lists
  flip(timeline!, 40);
  again(damagedNote('the stored timeline'));
  // the commit index: a commit id, a commit time, a parent (the timeline is removed, so the walk needs the commit index)
  for (const at of [16 + 20 * 5 + 3, 16 + n * 40 + 8 * 7 + 6, -8 - 4 * 3]) {
    flip(commitIndex, at);
    fs.rmSync(timeline!);
    again(damagedNote('the commit index'));
    assert.equal(again(/^$/).err, '', 'rebuilt: the next run has nothing to say');
  }
  // the path's entries by commit
  flip(positions!, 60);
  fs.rmSync(timeline!);
  again(damagedNote("the path's entries by commit"));

  // the change sets: learned as the app does after a first index, then used by another file's walk
  const pool = new RepositoryPool({ home });
  try {
    await learnChanges({ repo: await pool.open(dir) });
  } finally {
    pool.closeAll();
  }
  const topLevel = path.join(idx, 'top-level.v1');
  assert.ok(fs.existsSync(topLevel));
  flip(topLevel, -20);
  again(damagedNote('the change sets'), b, expectB);
});

test('a timeline computed from change sets that were rebuilt since is computed again; an id the repository lacks makes Strata distrust its index', async () => {
  const root = tmpDir('fault-basis');
  const { dir, a, b } = twoFileRepo(root);
  const home = path.join(root, 'home');
  const pool = new RepositoryPool({ home });
  try {
    const repo = await pool.open(dir);
    await indexFileHistory({ repo, path: a });
    await learnChanges({ repo });
    const withChangeSets = await indexFileHistory({ repo, path: b });
    assert.equal(withChangeSets.stats.source, 'full');
    assert.equal((await indexFileHistory({ repo, path: b })).stats.source, 'disk');
    // the change sets the timeline was computed from are gone (deleted, or found damaged and rebuilt)
    fs.rmSync(path.join(indexDir(home), 'top-level.v1'));
    const recomputed = await indexFileHistory({ repo, path: b });
    assert.notEqual(recomputed.stats.source, 'disk', 'a timeline computed from change sets no longer there is not trusted');
    assert.deepEqual(short(recomputed.entries.map((e) => e.oid)), short(gitLogOids(dir, b)));
  } finally {
    pool.closeAll();
  }

  // a commit index whose checksum holds but that names a tree the repository lacks (as after a history rewrite and gc)
  const idx = indexDir(home);
  const file = path.join(idx, 'commit-index.v1');
  const buf = fs.readFileSync(file);
  const n = buf.readUInt32LE(8);
  Buffer.alloc(20, 0xee).copy(buf, 16 + n * 20); // the root tree of position 0
  const body = buf.subarray(0, buf.length - 8);
  trailerFor(zlib.crc32(body)).copy(buf, buf.length - 8);
  fs.writeFileSync(file, buf);
  for (const f of [...filesOf(idx, '.json'), ...filesOf(idx, '.positions'), path.join(idx, 'top-level.v1')]) fs.rmSync(f, { force: true });
  const r = strata(['log', '--repo', dir, '--path', a], home);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(oidsOf(r.out), short(gitLogOids(dir, a)));
  assert.match(r.err, /^strata: note: Strata's index was damaged \(it named an object the repository lacks\)/m);
  assert.doesNotMatch(r.err, /damaged clone/);
});

/** A small repository made with git itself; `files` are written and committed in order, one commit each. */
function gitRepo(dir: string, commits: readonly Record<string, string | Buffer>[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'master');
  commits.forEach((files, i) => {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    git('add', '-A');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', `commit ${i}`);
  });
}

test('big and odd files: a 50 MB file shown whole and byte-exact, its diff refused with its size; a directory, a Latin-1 file', () => {
  const root = tmpDir('fault-files');
  const dir = path.join(root, 'repo');
  const home = path.join(root, 'home');
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 50 << 20; i++) {
    lines.push(`line ${String(i).padStart(10, '0')} of a generated file, 50 MB\n`);
    size += lines[i]!.length;
  }
  const big = Buffer.from(lines.join(''));
  const edited = Buffer.from(lines.map((l, i) => (i % 1500 === 7 ? `edited ${l}` : l)).join(''));
  const latin1 = Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e\n', 'latin1');
  gitRepo(dir, [
    { 'big.txt': big, 'docs/a.txt': 'a\n', 'latin1.txt': latin1 },
    { 'big.txt': edited, 'docs/b.txt': 'b\n' },
  ]);

  const show = spawnSync(process.execPath, [bin, 'show', '--repo', dir, '--rev', 'HEAD', '--path', 'big.txt'], {
    env: { ...process.env, STRATA_HOME: home },
    maxBuffer: 1 << 28,
  });
  assert.equal(show.status, 0, String(show.stderr));
  assert.equal(show.stdout.length, edited.length, 'every byte, not the first 4 MiB');
  assert.ok(show.stdout.equals(edited));

  const diff = strata(['diff', '--repo', dir, '--path', 'big.txt', '--from', 'HEAD~1', '--to', 'HEAD'], home);
  assert.equal(diff.code, 1);
  assert.equal(diff.out, '', 'no hunks of a part');
  assert.match(
    diff.err,
    /^strata: big\.txt is 50\.\d MB \(\d+ bytes\) at HEAD~1, over Strata's diff limit of 4 MiB; it is not diffed rather than shown in part/,
  );

  const latin = spawnSync(process.execPath, [bin, 'show', '--repo', dir, '--rev', 'HEAD', '--path', 'latin1.txt'], {
    env: { ...process.env, STRATA_HOME: home },
  });
  assert.equal(latin.status, 0, String(latin.stderr));
  assert.ok(latin.stdout.equals(latin1), "the blob's bytes, not a UTF-8 re-encoding");

  const showDir = strata(['show', '--repo', dir, '--rev', 'HEAD', '--path', 'docs'], home);
  assert.equal(showDir.code, 2);
  assert.match(showDir.err, /^strata: docs is a directory at HEAD, not a file; strata log --path docs lists the commits that changed it\./);
  const logDir = strata(['log', '--repo', dir, '--path', 'docs'], home);
  assert.equal(logDir.code, 0, logDir.err);
  assert.deepEqual(oidsOf(logDir.out), short(gitLogOids(dir, 'docs')));
  for (const line of logDir.out.split('\n').filter(Boolean)) assert.match(line, / directory /);
});

test('an unborn HEAD beside other branches names them and --rev; a STRATA_HOME that is a file, a clone under a file, a damaged recent list', async () => {
  const root = tmpDir('fault-odd');
  const dir = path.join(root, 'repo');
  const home = path.join(root, 'home');
  gitRepo(dir, [{ 'a.c': 'int a;\n' }, { 'a.c': 'int a, b;\n' }]);
  spawnSync('git', ['-C', dir, 'branch', '-m', 'master', 'work']);
  spawnSync('git', ['-C', dir, 'branch', 'topic']);
  spawnSync('git', ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  const unborn = strata(['log', '--repo', dir, '--path', 'a.c'], home);
  assert.equal(unborn.code, 1);
  assert.match(
    unborn.err,
    /HEAD names the branch main, which has no commits yet, but the repository has other branches: topic, work\. Pick one with --rev \(e\.g\. --rev topic\)\./,
  );
  const picked = strata(['log', '--repo', dir, '--path', 'a.c', '--rev', 'work'], home);
  assert.equal(picked.code, 0, picked.err);
  assert.equal(oidsOf(picked.out).length, 2);

  const file = path.join(root, 'a-file');
  fs.writeFileSync(file, 'not a folder\n');
  const homeIsFile = strata(['log', '--repo', dir, '--path', 'a.c', '--rev', 'work'], file);
  assert.equal(homeIsFile.code, 1);
  assert.equal(homeIsFile.err, `strata: STRATA_HOME (${file}) is a file, not a folder; point STRATA_HOME at a folder (or unset it).\n`);
  const clone = strata(['clone', 'https://example.invalid/repo.git', path.join(file, 'sub', 'clone')], home);
  assert.equal(clone.code, 1);
  assert.match(clone.err, new RegExp(`^strata: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a file, so .* cannot be made there`));

  const recent = path.join(home, 'recent.json');
  fs.writeFileSync(recent, '[{"dir": "/x", "path": "a.c"');
  await rememberRecent(home, { dir, path: 'a.c', follow: false });
  assert.equal(fs.readFileSync(path.join(home, 'recent.json.damaged'), 'utf8'), '[{"dir": "/x", "path": "a.c"', 'the damaged list is kept');
  assert.deepEqual(
    (await listRecent(home)).map((i) => i.path),
    ['a.c'],
  );
});
