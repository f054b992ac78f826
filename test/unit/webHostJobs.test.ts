import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { ApiMessage } from '../../shared/api';
import type { Progress, Timeline } from '../../shared/model';
import { startWebHost, type WebHost } from '../../main/webhost/webHost';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { encodeFrames, encodeMessage, ownBytes, WireJson } from '../../main/api/wireJson';
import { gitLogOids } from '../fixtures/gitOracle';

// The web host bounds the work its clients give it: jobs past the bound wait in line and say so, identical
// calls share one job, and a client that goes takes its jobs with it. Counted, not timed: a clone from a
// server that takes the request and never answers is a job that runs until it is cancelled.

let root: string;
let repo: string;
let stalled: http.Server;
/** Clone requests the stalled server has (and the repository each names), and how many of their connections were dropped. */
let requests = 0;
const asked: string[] = [];
let dropped = 0;

before(async () => {
  root = tmpDir('webhost-jobs');
  repo = generateRepo({ dir: path.join(root, 'repo'), seed: 13, commits: 30 }).dir;
  stalled = http.createServer((req) => {
    requests++;
    asked.push(/^\/([^/]+)\.git\//.exec(req.url ?? '')?.[1] ?? '');
    req.socket.on('close', () => dropped++);
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
});

after(() => {
  stalled.closeAllConnections();
  stalled.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const cloneParams = (name: string) => ({
  url: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/${name}.git`,
  dir: path.join(root, 'clones', name),
});

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  // the monotonic clock: this machine's wall clock has been seen to step 20 s ahead in a test's second
  for (const end = performance.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 20)))
    if (performance.now() > end) assert.fail(`waited ${ms} ms for: ${what}`);
}

/** A WebSocket client of the host, as the renderer is one: requests by id, every message kept. */
class Client {
  private readonly messages = new Map<string, ApiMessage[]>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse((d as Buffer).toString()) as ApiMessage;
      this.messages.set(m.id, [...(this.messages.get(m.id) ?? []), m]);
    });
  }

  static async open(host: WebHost): Promise<Client> {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Client(ws);
  }

  send(id: string, method: string, params: unknown, options: { background?: true } = {}): void {
    this.ws.send(JSON.stringify({ id, method, params, ...options }));
  }

  progress(id: string): Progress[] {
    return (this.messages.get(id) ?? []).flatMap((m) => ('progress' in m ? [m.progress] : []));
  }

  partials(id: string): unknown[] {
    return (this.messages.get(id) ?? []).flatMap((m) => ('partial' in m ? [m.partial] : []));
  }

  answered(id: string): ApiMessage | undefined {
    return (this.messages.get(id) ?? []).find((m) => 'ok' in m);
  }

  async answer(id: string): Promise<ApiMessage> {
    await until(`the answer to ${id}`, () => this.answered(id) !== undefined, 60_000);
    return this.answered(id)!;
  }

  /** Gone without a goodbye, as a closed tab or a cut connection. */
  drop(): void {
    this.ws.terminate();
  }
}

function resultOf<T>(m: ApiMessage): T {
  assert.ok('ok' in m && m.ok, `answered ok: ${JSON.stringify(m).slice(0, 300)}`);
  return (m as { result: T }).result;
}

function errorCode(m: ApiMessage): string {
  assert.ok('ok' in m && !m.ok, `answered with an error: ${JSON.stringify(m).slice(0, 300)}`);
  return (m as { error: { code: string } }).error.code;
}

const threads = () => fs.readdirSync('/proc/self/task').length;

test('past the bound, jobs wait in line and their progress says how many are ahead; a cancel lets the next one start', async () => {
  const host = await startWebHost({ home: path.join(root, 'home-queue'), staticDir: root, maxJobs: 2 });
  try {
    const c = await Client.open(host);
    const before = requests;
    for (const n of [1, 2, 3, 4]) c.send(`clone-${n}`, 'cloneRepository', cloneParams(`queue-${n}`));
    await until('two clones reached the server', () => requests - before === 2);
    await until('the other two were told they wait', () => c.progress('clone-4').length > 0);
    assert.deepEqual([host.jobs.running, host.jobs.queued], [2, 2]);
    assert.deepEqual(c.progress('clone-3').at(-1), {
      phase: 'Queued',
      loaded: 0,
      message: 'waiting for 2 other jobs (at most 2 run at once)',
    });
    assert.deepEqual(c.progress('clone-4').at(-1), {
      phase: 'Queued',
      loaded: 0,
      message: 'waiting for 3 other jobs (at most 2 run at once)',
    });
    assert.equal(c.progress('clone-1')[0]?.phase === 'Queued', false, 'a job with a free slot does not wait');

    c.send('cancel-1', 'cancel', { jobId: 'clone-1' });
    assert.equal(errorCode(await c.answer('clone-1')), 'Cancelled');
    await until('the first in line started', () => requests - before === 3);
    await until(
      'the last in line moved up',
      () => c.progress('clone-4').at(-1)?.message === 'waiting for 2 other jobs (at most 2 run at once)',
    );
    assert.equal(c.answered('clone-3'), undefined, 'it runs');
    assert.deepEqual([host.jobs.running, host.jobs.queued], [2, 1]);
    assert.equal(host.jobs.stats.peakRunning, 2, 'never more than the bound at once');

    c.drop();
    await until('every job of the client ended', () => host.jobs.running + host.jobs.queued + host.jobs.workers === 0);
    assert.equal(host.jobs.stats.cancelled, 4);
    assert.equal(host.jobs.stats.started.cloneRepository, 3, 'the one still in line never started');
  } finally {
    await host.close();
  }
});

test('background work sleeps while a job somebody waits on runs, says so, and wakes when that job ends', async () => {
  const host = await startWebHost({ home: path.join(root, 'home-pause'), staticDir: root, maxJobs: 2 });
  try {
    const c = await Client.open(host);
    const from = asked.length;
    c.send('fg', 'cloneRepository', cloneParams('pause-fg'));
    await until('the waited-on clone reached the server', () => asked.length > from);
    c.send('bg', 'prepareBlame', { dir: repo, path: 'mm/hmm.c', follow: false }, { background: true });
    await until('the background job said it pauses', () =>
      c.progress('bg').some((p) => p.message === 'paused while a job you asked for runs'),
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.answered('bg'), undefined, 'it does not go on while the clone runs');
    c.send('cancel-fg', 'cancel', { jobId: 'fg' });
    // it wakes when the clone ends, well before it would go on by itself (2 s a step)
    await until('the background job answered once the clone ended', () => c.answered('bg') !== undefined, 1800);
    assert.ok(resultOf<{ pairs: number }>(c.answered('bg')!).pairs > 0);
  } finally {
    await host.close();
  }
});

test('a job somebody waits on starts beside background jobs that hold every slot and goes ahead of them in line; waiting on a background job lifts it', async () => {
  const host = await startWebHost({ home: path.join(root, 'home-lanes'), staticDir: root, maxJobs: 1 });
  try {
    const c = await Client.open(host);
    const from = asked.length;
    const started = () => asked.slice(from);
    c.send('bg-1', 'cloneRepository', cloneParams('lane-bg-1'), { background: true });
    c.send('bg-2', 'cloneRepository', cloneParams('lane-bg-2'), { background: true });
    await until('one background clone reached the server', () => started().length === 1);
    await until('the other background clone was told it waits', () => c.progress('bg-2').length > 0);

    c.send('fg-1', 'cloneRepository', cloneParams('lane-fg-1'));
    await until('the waited-on clone started beside the background one', () => started().length === 2);
    assert.deepEqual(started(), ['lane-bg-1', 'lane-fg-1']);
    assert.equal(c.progress('fg-1')[0]?.phase === 'Queued', false, 'it never waited');
    assert.deepEqual([host.jobs.running, host.jobs.queued], [2, 1]);

    // its lane (one job, as the bound) is full: the next waited-on job waits, but ahead of the background one
    c.send('fg-2', 'cloneRepository', cloneParams('lane-fg-2'));
    await until('the second waited-on clone was told it waits', () => c.progress('fg-2').length > 0);
    assert.equal(c.progress('fg-2').at(-1)?.message, 'waiting for 1 other job (at most 1 run at once)');
    await until(
      'the background clone in line was told two jobs run and one goes first',
      () => c.progress('bg-2').at(-1)?.message === 'waiting for 3 other jobs (at most 1 run at once)',
    );
    c.send('cancel-fg-1', 'cancel', { jobId: 'fg-1' });
    await until('the next waited-on clone took the lane', () => started().length === 3);
    assert.equal(started()[2], 'lane-fg-2');

    // somebody now waits on the background clone still in line: it moves to their lane, behind fg-2
    c.send('fg-3', 'cloneRepository', cloneParams('lane-bg-2'));
    await until('the lifted clone was told it waits for one job', () =>
      c.progress('fg-3').some((p) => p.message === 'waiting for 1 other job (at most 1 run at once)'),
    );
    c.send('cancel-fg-2', 'cancel', { jobId: 'fg-2' });
    await until('the lifted clone started though a background job holds the only slot', () => started().length === 4);
    assert.equal(started()[3], 'lane-bg-2');
    assert.equal(host.jobs.stats.joined, 1);
    assert.equal(host.jobs.stats.peakRunning, 2, 'one background job and one waited on, never more');

    c.drop();
    await until('every job of the client ended', () => host.jobs.running + host.jobs.queued + host.jobs.workers === 0);
  } finally {
    await host.close();
  }
});

test(
  "a client that goes takes its jobs with it, except those shared with a client still there; their threads end and the host's caches are dropped",
  { skip: !fs.existsSync('/proc/self/task') },
  async () => {
    const host = await startWebHost({ home: path.join(root, 'home-gone'), staticDir: root });
    try {
      const a = await Client.open(host);
      const b = await Client.open(host);
      a.send('open', 'openRepository', { dir: repo });
      resultOf(await a.answer('open'));
      assert.equal(host.jobs.repositories.size, 1, 'the short call kept the repository open');
      const baseline = threads();

      const before = requests;
      const droppedBefore = dropped;
      a.send('mine', 'cloneRepository', cloneParams('gone-mine'));
      a.send('both', 'cloneRepository', cloneParams('gone-shared'));
      b.send('both-too', 'cloneRepository', cloneParams('gone-shared'));
      await until('both jobs reached the server', () => requests - before === 2);
      await until('b joined the shared job', () => host.jobs.stats.joined === 1);
      assert.equal(host.jobs.workers, 2);
      // one of them runs in the worker the host started at once (counted in the baseline), the other in a new one
      assert.ok(threads() >= baseline + 1, `a thread per job (${baseline} before, ${threads()} now)`);

      a.drop();
      const gone = Date.now();
      await until('the job only a asked for ended', () => host.jobs.running === 1 && host.jobs.workers === 1);
      assert.equal(host.jobs.stats.cancelled, 1);
      await until('its connection to the server was dropped', () => dropped - droppedBefore === 1);
      assert.equal(b.answered('both-too'), undefined, 'the shared job goes on for b');
      assert.equal(host.jobs.repositories.size, 1, 'b is still there: the caches stay');

      b.drop();
      await until('the shared job ended too', () => host.jobs.running + host.jobs.workers === 0);
      assert.ok(Date.now() - gone < 10_000, 'within moments, not after the job would have finished');
      assert.equal(host.jobs.stats.cancelled, 2);
      assert.equal(host.jobs.repositories.size, 0, 'nobody is left: the repositories the host kept open are closed');
      await until(`the thread count is back to ${baseline}`, () => threads() <= baseline);
    } finally {
      await host.close();
    }
  },
);

test('200 identical calls from one client and 50 reopens from 50 clients each start one job, and every caller gets the answer', async () => {
  const host = await startWebHost({ home: path.join(root, 'home-shared'), staticDir: root, maxJobs: 1 });
  const clients: Client[] = [];
  try {
    const key = { dir: repo, path: 'mm/hmm.c', follow: false };
    // the one slot is taken, so every call surely finds the first one's job still waiting
    const holder = await Client.open(host);
    clients.push(holder);
    holder.send('hold-1', 'cloneRepository', cloneParams('shared-hold-1'));
    await until('the slot is taken', () => host.jobs.running === 1);
    const c = await Client.open(host);
    clients.push(c);
    const ids = Array.from({ length: 200 }, (_, i) => `index-${i}`);
    for (const id of ids) c.send(id, 'indexFile', key);
    await until('all 200 were told they wait', () => ids.every((id) => c.progress(id).some((p) => p.phase === 'Queued')));
    assert.equal(host.jobs.queued, 1, 'one job waits for all of them');
    holder.send('release-1', 'cancel', { jobId: 'hold-1' });

    const oids = gitLogOids(repo, 'mm/hmm.c');
    for (const id of ids)
      assert.deepEqual(
        resultOf<Timeline>(await c.answer(id)).entries.map((e) => e.oid),
        oids,
        id,
      );
    assert.equal(host.jobs.stats.started.indexFile, 1, 'one indexing job for 200 calls');
    assert.equal(host.jobs.stats.joined, 199);
    await until('the learning that follows a first index ended', () => host.jobs.running + host.jobs.queued === 0);

    // a reopen of the index just built, from 50 clients at once: one job reads it
    holder.send('hold-2', 'cloneRepository', cloneParams('shared-hold-2'));
    await until('the slot is taken again', () => host.jobs.running === 1);
    const many = await Promise.all(Array.from({ length: 50 }, () => Client.open(host)));
    clients.push(...many);
    for (const m of many) m.send('reopen', 'indexFile', key);
    await until('all 50 were told they wait', () => many.every((m) => m.progress('reopen').some((p) => p.phase === 'Queued')));
    holder.send('release-2', 'cancel', { jobId: 'hold-2' });
    for (const m of many) {
      const t = resultOf<Timeline>(await m.answer('reopen'));
      assert.equal(t.stats.source, 'disk');
      assert.equal(t.entries.length, oids.length);
    }
    assert.equal(host.jobs.stats.started.indexFile, 2, 'one more job for the 50 reopens');
    assert.equal(host.jobs.stats.joined, 199 + 49);
    assert.equal(host.jobs.stats.peakRunning, 1);
    for (const m of clients) m.drop();
    await until('every worker ended', () => host.jobs.running + host.jobs.queued + host.jobs.workers === 0);
  } finally {
    for (const m of clients) m.drop();
    await host.close();
  }
});

test('a worker whose job answered runs the next job (its repository still open); a cancelled job takes its worker with it; nobody left ends them', async () => {
  const host = await startWebHost({ home: path.join(root, 'home-kept'), staticDir: root, maxJobs: 1 });
  try {
    const c = await Client.open(host);
    const key = { dir: repo, path: 'mm/hmm.c', follow: false };
    c.send('index', 'indexFile', key);
    assert.deepEqual(
      resultOf<Timeline>(await c.answer('index')).entries.map((e) => e.oid),
      gitLogOids(repo, 'mm/hmm.c'),
    );
    await until('the learning that follows a first index ended', () => host.jobs.running + host.jobs.queued === 0);
    c.send('functions', 'changedFunctions', key);
    resultOf(await c.answer('functions'));
    c.send('ledger', 'exportLedger', key);
    resultOf(await c.answer('ledger'));
    assert.equal(host.jobs.stats.workersStarted, 1, 'three jobs, one after the other, in one worker');
    assert.equal(host.jobs.workers, 1, 'kept for the next job');

    c.send('stalled', 'cloneRepository', cloneParams('kept-stalled'));
    await until('the clone runs', () => host.jobs.running === 1);
    c.send('cancel', 'cancel', { jobId: 'stalled' });
    assert.equal(errorCode(await c.answer('stalled')), 'Cancelled');
    await until('the cancelled job took its worker with it', () => host.jobs.workers === 0);
    c.send('again', 'changedFunctions', key);
    resultOf(await c.answer('again'));
    assert.equal(host.jobs.stats.workersStarted, 2, 'a fresh worker after a cancel');

    c.drop();
    await until('nobody is left: the kept worker ended', () => host.jobs.workers === 0);
  } finally {
    await host.close();
  }
});

test("a first open's list reaches the page as the worker wrote it, to every caller of the job; every other writer reads the same", async () => {
  const big = generateRepo({ dir: path.join(root, 'repo-list'), seed: 29, commits: 160 }).dir;
  const oids = gitLogOids(big, 'mm/hmm.c');
  assert.ok(oids.length >= 40, `enough versions for a list before the counts (${oids.length})`);
  const host = await startWebHost({ home: path.join(root, 'home-list'), staticDir: root });
  try {
    const key = { dir: big, path: 'mm/hmm.c', follow: false };
    const first = await Client.open(host);
    const later = await Client.open(host);
    const listOf = (c: Client, id: string) => c.partials(id).find((p) => (p as { kind?: string }).kind === 'entries');
    first.send('open-1', 'indexFile', key);
    later.send('open-2', 'indexFile', key);
    const answer = resultOf<Timeline>(await first.answer('open-1'));
    resultOf<Timeline>(await later.answer('open-2'));
    assert.equal(host.jobs.stats.started.indexFile, 1, 'the second call joined the job');
    for (const [c, id] of [
      [first, 'open-1'],
      [later, 'open-2'],
    ] as const) {
      const list = listOf(c, id) as { timeline: Timeline; counting: string[] } | undefined;
      assert.ok(list, `${id}: the list came before the answer`);
      assert.deepEqual(
        list.timeline.entries.map((e) => e.oid),
        oids,
      );
      assert.deepEqual(list.counting, oids);
      assert.deepEqual(
        list.timeline.entries.map((e) => [e.subject, e.author.date]),
        answer.entries.map((e) => [e.subject, e.author.date]),
      );
    }
  } finally {
    await host.close();
  }
  // the answer's follow-ups (blame prepared, changes learned) were writing into the home: closing the host cancelled
  // them and waited for their workers to end, so the home can go at once (it failed with ENOTEMPTY now and then)
  assert.equal(host.jobs.workers, 0, 'every worker has ended');
  fs.rmSync(path.join(root, 'home-list'), { recursive: true });
  // what is not the page's socket (a test, a log) writes the message with JSON.stringify: the same value
  const part = { kind: 'entries', timeline: { path: 'a "quoted" \u2028 path' }, counting: ['x'] };
  const m = { id: 'q"1', partial: new WireJson(ownBytes(JSON.stringify(part))) };
  assert.deepEqual(JSON.parse(encodeMessage(m)), { id: 'q"1', partial: part });
  // the socket's fragments of one text message: the worker's bytes as they are, the same message
  assert.deepEqual(JSON.parse(encodeFrames(m).join('')), { id: 'q"1', partial: part });
  assert.deepEqual(JSON.parse(JSON.stringify(m)), { id: 'q"1', partial: part });
  assert.equal(
    encodeMessage({ id: 'p', progress: { phase: 'x', loaded: 1 } }),
    JSON.stringify({ id: 'p', progress: { phase: 'x', loaded: 1 } }),
  );
});
