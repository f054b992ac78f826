import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { startGitHttpServer } from '../fixtures/gitHttpServer';
import { runCli } from '../fixtures/runCli';
import { cloneRepository, fetchRepository } from '../../main/git/cloneRepository';
import { StrataError } from '../../shared/errors';
import { mirrorRemoteArchive } from '../../main/archive/remoteArchive';

/*
 * Clones must not lie or hang (issue 13): a hostile HTTP git server — a small Node server that
 * misbehaves in one way per address, in front of a real `git http-backend` where a real repository
 * is needed — and what the user sees for each.
 */

const FAST = { idleMs: 400, waitingMs: 100 };

const pkts = (body: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  for (let pos = 0; pos < body.length;) {
    const len = parseInt(body.toString('latin1', pos, pos + 4), 16);
    const n = len < 4 ? 4 : len;
    out.push(body.subarray(pos, pos + n));
    pos += n;
  }
  return out;
};
const pkt = (s: string) => Buffer.from(`${(Buffer.byteLength(s) + 4).toString(16).padStart(4, '0')}${s}`);

interface Hostile {
  readonly url: string;
  /** Requests seen, as "METHOD /path". */
  readonly seen: string[];
  /** Bytes written by the endless ref list. */
  endlessSent: number;
  close(): Promise<void>;
}

/** The misbehaving server: each first path segment is one way to misbehave; `real` is git http-backend's address. */
async function startHostile(real: string, upstreamDir: string): Promise<Hostile> {
  const state = { seen: [] as string[], endlessSent: 0 };
  const head = gitOut(upstreamDir, ['rev-parse', 'HEAD']).trim();
  const parent = gitOut(upstreamDir, ['rev-parse', 'HEAD~1']).trim();
  const older = gitOut(upstreamDir, ['rev-parse', 'HEAD~10']).trim();
  /** Sends the upload-pack request on to the real server with its body edited (latin1 text). */
  const rewriteRequest = (req: http.IncomingMessage, res: http.ServerResponse, rest: string, edit: (body: string) => string) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.from(edit(Buffer.concat(chunks).toString('latin1')), 'latin1');
      const up = http.request(
        `${real}/linux.git/${rest}`,
        { method: 'POST', headers: { ...req.headers, 'content-length': String(body.length) } },
        (r) => {
          res.writeHead(r.statusCode ?? 500, r.headers);
          r.pipe(res);
        },
      );
      up.end(body);
    });
  };
  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, rest: string, mangle?: (b: Buffer) => Buffer) => {
    const up = http.request(`${real}/linux.git/${rest}`, { method: req.method, headers: req.headers }, (r) => {
      if (!mangle) {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => {
        const headers = { ...r.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(r.statusCode ?? 500, headers);
        res.end(mangle(Buffer.concat(chunks)));
      });
    });
    req.pipe(up);
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    state.seen.push(`${req.method} ${u.pathname}`);
    const [, kind = '', ...restParts] = u.pathname.split('/');
    const rest = `${restParts.join('/')}${u.search}`;
    const refs = rest.startsWith('info/refs');
    const name = kind.replace(/\.git$/, '');
    switch (name) {
      case 'linux': // a well-behaved path, proxied to the real server
        return proxy(req, res, rest);
      case 'dumb': {
        // a static file server over a repository prepared for dumb HTTP (git update-server-info)
        const file = path.join(upstreamDir, restParts.join('/'));
        if (!fs.existsSync(file)) {
          res.writeHead(404);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(fs.readFileSync(file));
      }
      case 'login':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>Password</form></body></html>\n');
      case 'loginpost':
        if (refs) return proxy(req, res, rest);
        req.resume();
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Your session has expired</body></html>');
      case 'noflush': // the real list of refs without its final flush
        return proxy(req, res, rest, refs ? (b) => b.subarray(0, b.length - 4) : undefined);
      case 'cuttag': {
        // the real list cut before its last ref (a tag) and the flush
        return proxy(req, res, rest, refs ? (b) => Buffer.concat(pkts(b).slice(0, -2)) : undefined);
      }
      case 'endless': {
        res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
        res.write(Buffer.concat([pkt('# service=git-upload-pack\n'), Buffer.from('0000')]));
        res.write(pkt(`${'a'.repeat(40)} HEAD\0side-band-64k ofs-delta symref=HEAD:refs/heads/main\n`));
        let n = 0;
        const more = () => {
          while (!res.destroyed) {
            const batch = Buffer.concat(Array.from({ length: 256 }, () => pkt(`${'b'.repeat(40)} refs/tags/t${n++}\n`)));
            state.endlessSent += batch.length;
            if (!res.write(batch)) return void res.once('drain', more);
          }
        };
        return more();
      }
      case 'silent': // accepts, never answers
        req.resume();
        return;
      case 'trickle': {
        // answers, then sends one byte of a ref list every 100 ms, forever
        res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-advertisement' });
        const text = Buffer.concat([pkt('# service=git-upload-pack\n'), Buffer.from('0000'), pkt(`${'c'.repeat(40)} refs/heads/main\n`)]);
        let i = 0;
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(text.subarray(i, ++i))), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'loop':
      case 'loop2':
        res.writeHead(302, { location: `/${name === 'loop' ? 'loop2' : 'loop'}.git/${rest}` });
        return res.end();
      case 'hop': {
        const n = Number(restParts[0]);
        res.writeHead(301, { location: `/hop/${n + 1}/${restParts.slice(1).join('/')}${u.search}` });
        return res.end();
      }
      case 'moved':
        res.writeHead(301, { location: `/linux.git/${rest}` });
        return res.end();
      case 'away': // to another server (git http-backend itself, on another port)
        res.writeHead(302, { location: `${real}/linux.git/${rest}` });
        return res.end();
      case 'lacktip':
        // advertises the real tip, but asks the real server for the parent's history: the pack lacks the tip
        if (refs) return proxy(req, res, rest);
        return rewriteRequest(req, res, rest, (body) => body.replace(`want ${head}`, `want ${parent}`));
      case 'lackhistory': {
        // tells the real server the client has an older commit: the pack holds the tip but not the history below it
        if (refs) return proxy(req, res, rest);
        const have = `have ${older}\n`;
        return rewriteRequest(req, res, rest, (body) =>
          body.replace('0009done\n', `${(have.length + 4).toString(16).padStart(4, '0')}${have}0009done\n`),
        );
      }
      case 'postmoved':
        if (refs) return proxy(req, res, rest);
        req.resume();
        res.writeHead(307, { location: `${real}/linux.git/${rest}` });
        return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: state.seen,
    get endlessSent() {
      return state.endlessSent;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const commits = (dir: string) => gitOut(dir, ['rev-list', 'HEAD']).split('\n').sort();

test('a hostile HTTP git server: each misbehaviour is answered clearly, nothing half-cloned is called a clone', async (t) => {
  const root = tmpDir('hostile-git');
  const upstream = generateRepo({ dir: path.join(root, 'srv', 'linux.git'), seed: 11, commits: 60, bare: true });
  execFileSync('git', [
    '-C',
    upstream.dir,
    '-c',
    'user.name=T',
    '-c',
    'user.email=t@e.org',
    'tag',
    '-a',
    'v1.0-h',
    '-m',
    'v1.0-h',
    'HEAD~5',
  ]);
  execFileSync('git', ['-C', upstream.dir, 'tag', 'zz-last', 'HEAD~2']); // the list's last ref
  execFileSync('git', ['-C', upstream.dir, 'update-server-info']);
  const real = await startGitHttpServer(path.join(root, 'srv'));
  const hostile = await startHostile(real.url, upstream.dir);
  t.after(async () => {
    await hostile.close();
    await real.close();
  });
  const failed = async (name: string, o: Partial<Parameters<typeof cloneRepository>[0]> = {}) => {
    const dir = path.join(root, `c-${name}`);
    let err: unknown = null;
    await cloneRepository({ url: `${hostile.url}/${name}.git`, dir, ...o }).then(
      () => assert.fail(`the clone of ${name} should fail`),
      (e: unknown) => (err = e),
    );
    assert.ok(err instanceof StrataError, String(err));
    assert.ok(!fs.existsSync(dir), 'nothing is in the destination');
    assert.deepEqual(
      fs.readdirSync(root).filter((n) => n.includes(`c-${name}.partial`)),
      [],
      'nothing half-cloned is kept',
    );
    return err;
  };
  const cli = async (name: string) => {
    const r = await runCli(['clone', `${hostile.url}/${name}.git`, path.join(root, `cli-${name}`)]);
    assert.notEqual(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /Cloned/);
    assert.ok(!fs.existsSync(path.join(root, `cli-${name}`)));
    return r.err;
  };

  await t.test('dumb HTTP: "does not speak git\'s smart HTTP protocol", non-zero exit, no "Cloned"', async () => {
    assert.match(await cli('dumb'), /is served as plain files \("dumb" HTTP\): this server does not speak git's smart HTTP protocol/);
    assert.equal((await failed('dumb')).code, 'NotAGitRepository');
  });

  await t.test('a login page (200 text/html) is called a web page, not a bad pkt-line', async () => {
    const err = await cli('login');
    assert.match(err, /the server answered with a web page, not a git repository \(a login page\?\) — check the address/);
    assert.doesNotMatch(err, /pkt-line/);
    const post = await failed('loginpost');
    assert.equal(post.code, 'NotAGitRepository');
    assert.match(post.message, /web page, not a git repository/);
  });

  await t.test('a list of refs that ends early fails the clone, never a clone missing a tag', async () => {
    assert.match(await cli('noflush'), /The list of refs from .* ended early/);
    const cut = await failed('cuttag');
    assert.equal(cut.code, 'NetworkLost');
    assert.match(cut.message, /ended early \(\d+ refs, no end marker\)/);
    // the same repository through a well-behaved path: every tag arrives
    const whole = path.join(root, 'whole');
    await cloneRepository({ url: `${hostile.url}/linux.git`, dir: whole });
    assert.deepEqual(gitOut(whole, ['tag']).split('\n').filter(Boolean), gitOut(upstream.dir, ['tag']).split('\n').filter(Boolean));
    assert.ok(gitOut(whole, ['tag']).includes('zz-last'));
    assert.deepEqual(commits(whole), commits(upstream.dir));
  });

  await t.test("a pack that lacks the branch's commit is no clone", async () => {
    const err = await failed('lacktip', { resumable: false });
    assert.equal(err.code, 'NetworkLost');
    assert.match(err.message, /The pack the server sent lacks the branch's commit \([0-9a-f]{12}, refs\/heads\/\w+\)/);
  });

  await t.test("a pack that lacks part of the branch's history is no clone (git's connectivity check)", async () => {
    const err = await failed('lackhistory', { resumable: false });
    assert.equal(err.code, 'NetworkLost');
    assert.match(err.message, /The pack the server sent lacks commit [0-9a-f]{12} of refs\/heads\/\w+'s history/);
  });

  await t.test('an endless list of refs stops at the limit', async () => {
    const err = await failed('endless', { limits: { refListBytes: 1 << 20 } });
    assert.equal(err.code, 'NotAGitRepository');
    assert.match(err.message, /sent more than 1 MiB of refs \([\d,]+ refs so far\) without ending the list/);
    assert.ok(hostile.endlessSent < 16 << 20, `read ${hostile.endlessSent} bytes of an endless list`);
  });

  await t.test('a silent server: "waiting for the server", then an idle timeout', async () => {
    const messages: string[] = [];
    const started = Date.now();
    const err = await failed('silent', { limits: FAST, onProgress: (p) => messages.push(p.message ?? '') });
    assert.equal(err.code, 'NetworkLost');
    assert.match(err.message, /sent nothing for 0\.4 s \(it did not answer\); the transfer was given up/);
    assert.ok(
      messages.some((m) => /waiting for the server/.test(m)),
      messages.join(' | '),
    );
    assert.ok(Date.now() - started < 5000);
  });

  await t.test('a mailing-list archive address on a silent server: the same idle timeout', async () => {
    const messages: string[] = [];
    await assert.rejects(
      mirrorRemoteArchive({
        home: path.join(root, 'archive-home'),
        source: `${hostile.url}/silent.git/`,
        limits: FAST,
        onProgress: (p) => messages.push(p.message ?? ''),
      }),
      (e: unknown) =>
        e instanceof StrataError && e.code === 'NetworkLost' && /sent nothing for 0\.4 s \(it did not answer\)/.test(e.message),
    );
    assert.ok(messages.some((m) => /waiting for the server/.test(m)));
  });

  await t.test('a server that trickles its refs hits the total bound', async () => {
    const err = await failed('trickle', { limits: { idleMs: 2000, totalMs: 1000, waitingMs: 100 } }); // the bound comes first, however busy the machine
    assert.equal(err.code, 'NetworkLost');
    assert.match(err.message, /did not send its list of refs within 1 s/);
  });

  await t.test(
    'redirects: a loop and a chain fail clearly; the same server is followed, as git does, for the first request only',
    async () => {
      const before = hostile.seen.length;
      const loop = await failed('loop');
      assert.match(loop.message, /redirects in a loop \(.*loop\.git → .*loop2\.git → .*loop\.git\)/);
      assert.ok(hostile.seen.length - before <= 3, 'a loop is not followed on');
      const hops = await failed('hop/0/x');
      assert.match(hops.message, /redirected more than 5 times/);
      assert.equal(hostile.seen.filter((s) => s.startsWith('GET /hop/')).length, 6);

      const moved = path.join(root, 'moved');
      hostile.seen.length = 0;
      await cloneRepository({ url: `${hostile.url}/moved.git`, dir: moved, resumable: false });
      assert.deepEqual(commits(moved), commits(upstream.dir));
      assert.deepEqual(
        hostile.seen.filter((s) => s.startsWith('POST')),
        ['POST /linux.git/git-upload-pack'],
        'the pack request goes where the first request was redirected',
      );
    },
  );

  await t.test('a redirect to another server is refused with its address; a redirected pack request is not sent again', async () => {
    const away = await failed('away');
    assert.equal(away.code, 'NotAGitRepository');
    assert.ok(away.message.includes(`redirects to ${real.url}/linux.git, another server`), away.message);
    const post = await failed('postmoved');
    assert.match(post.message, /redirected the upload-pack request to .*; Strata does not send it again elsewhere/);
  });

  await t.test('the test server itself answers a malformed path with 400 and serves on', async () => {
    const bad = await new Promise<number>((resolve, reject) =>
      http.get(`${real.url}/%ZZ/info/refs?service=git-upload-pack`, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject),
    );
    assert.equal(bad, 400);
  });

  await t.test('a stalled step of a resumable clone: the steps before it are kept, and the clone resumes', async () => {
    const messages: string[] = [];
    real.stallAfterPackBytes = 1000;
    real.cutRequest = 3;
    const dir = path.join(root, 'stalled');
    const url = `${hostile.url}/linux.git`;
    await assert.rejects(
      // git http-backend is slow to start on a busy machine: a longer silence than FAST's
      cloneRepository({
        url,
        dir,
        firstStep: 10,
        limits: { idleMs: 1500, waitingMs: 100 },
        onProgress: (p) => messages.push(p.message ?? ''),
      }),
      (e: unknown) =>
        e instanceof StrataError &&
        e.code === 'NetworkLost' &&
        /sent nothing for 1\.5 s \(it did not send the pack\), during step 3 of the clone\. The 2 steps .* kept: clone the same address into the same folder again to resume/.test(
          e.message,
        ) &&
        e.resumable?.stepsKept === 2,
    );
    real.stallAfterPackBytes = null;
    real.cutRequest = null;
    assert.ok(
      messages.some((m) => /^step 3 · waiting for the server/.test(m)),
      'progress says it is waiting',
    );
    const again = await cloneRepository({ url, dir, firstStep: 10 });
    assert.equal(again.resumedFrom, 2);
    assert.deepEqual(commits(dir), commits(upstream.dir));
  });

  await t.test('fetch updates from a server that stalls: given up after the idle limit, saying it waited; nothing moves', async () => {
    const dir = path.join(root, 'stalled'); // the clone the test above finished
    const before = gitOut(dir, ['rev-parse', 'HEAD']).trim();
    const tree = gitOut(upstream.dir, ['rev-parse', 'HEAD^{tree}']).trim();
    const next = execFileSync('git', ['-C', upstream.dir, 'commit-tree', tree, '-p', 'HEAD', '-m', 'one more'], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.org' },
    }).trim();
    execFileSync('git', ['-C', upstream.dir, 'update-ref', 'HEAD', next]);
    const messages: string[] = [];
    real.stallAfterBytes = 40;
    real.cutRequest = 1;
    await assert.rejects(
      fetchRepository({ dir, limits: { idleMs: 1500, waitingMs: 100 }, onProgress: (p) => messages.push(p.message ?? '') }),
      (e: unknown) => e instanceof StrataError && e.code === 'NetworkLost' && /sent nothing for 1\.5 s/.test(e.message),
    );
    real.stallAfterBytes = null;
    real.cutRequest = null;
    assert.ok(
      messages.some((m) => /^waiting for the server/.test(m)),
      'progress says it is waiting',
    );
    assert.equal(gitOut(dir, ['rev-parse', 'HEAD']).trim(), before, 'the branch did not move');
    const ok = await fetchRepository({ dir });
    assert.equal(ok.head, next);
  });
});

test('a clone killed during step 2 leaves a tmp-*.pack; resuming removes it', async (t) => {
  const root = tmpDir('hostile-kill');
  const upstream = generateRepo({ dir: path.join(root, 'srv', 'big.git'), seed: 12, commits: 60, bare: true });
  const real = await startGitHttpServer(path.join(root, 'srv'));
  t.after(() => real.close());
  const url = `${real.url}/big.git`;
  const dir = path.join(root, 'killed');
  const packDir = path.join(root, '.killed.partial', '.git', 'objects', 'pack');
  real.stallAfterPackBytes = 2000; // inside step 2's pack
  real.cutRequest = 2;
  // a Strata clone in a process of its own (steps of 10, 20, … commits), to be killed
  const cloneModule = path.join(__dirname, '..', '..', 'main', 'git', 'cloneRepository.js');
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(cloneModule)}).cloneRepository({ url: process.argv[1], dir: process.argv[2], firstStep: 10 })`,
      url,
      dir,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  const tmpPacks = () => (fs.existsSync(packDir) ? fs.readdirSync(packDir).filter((n) => /^tmp-.*\.pack$/.test(n)) : []);
  const until = performance.now() + 30_000;
  while (!(
    fs.existsSync(path.join(packDir, '..', '..', 'strata-clone.json')) &&
    tmpPacks().some((n) => fs.statSync(path.join(packDir, n)).size > 0)
  )) {
    assert.ok(performance.now() < until, `step 2 started receiving: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await exited;
  real.stallAfterPackBytes = null;
  real.cutRequest = null;
  assert.equal(tmpPacks().length, 1, 'the kill left step 2 half-received');

  const again = await cloneRepository({ url, dir, firstStep: 10 });
  assert.equal(again.resumedFrom, 1);
  assert.deepEqual(
    fs.readdirSync(path.join(dir, '.git', 'objects', 'pack')).filter((n) => n.startsWith('tmp-')),
    [],
  );
  assert.match(gitOut(dir, ['count-objects', '-v']), /^garbage: 0$/m);
  assert.equal(gitOut(dir, ['fsck', '--strict', '--no-dangling']).trim(), '');
  assert.deepEqual(commits(dir), commits(upstream.dir));
});
