import { test } from 'node:test';
import { StrataError } from '../../shared/errors';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { API_METHODS, apiContract, validateRequest, type ApiMessage } from '../../shared/api';
import type { ErrorInfo } from '../../shared/errors';
import type { RecentList, Timeline } from '../../shared/model';
import type { ReportResult } from '../../shared/reports';
import { ApiDispatcher } from '../../main/api/apiDispatcher';
import type { HostHooks } from '../../main/api/handler';
import { handlerMethods, handlerOf } from '../../main/api/handlers';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';

const invalid = (method: string, params: unknown, why: RegExp) => {
  assert.throws(
    () => validateRequest(method, params),
    (e: ErrorInfo) => e.code === 'InvalidRequest' && why.test(e.message),
    `${method} ${JSON.stringify(params)}`,
  );
};

test('validateRequest: unknown methods, ill-formed and hostile parameters are refused with a readable message', () => {
  const key = { dir: '/repo', path: 'mm/hmm.c', follow: false };
  assert.deepEqual(validateRequest('indexFile', key), { method: 'indexFile', params: key });
  assert.deepEqual(validateRequest('listRecent', undefined), { method: 'listRecent', params: {} }, 'absent params are an empty object');
  // names that exist on every object are not methods
  for (const m of ['nope', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) invalid(m, {}, /^Unknown method/);
  invalid('indexFile', { ...key, path: '../../etc/passwd' }, /path: a path inside the repository/);
  invalid('readFile', { dir: '/', rev: 'HEAD', path: 'mm\\..\\..\\x' }, /path: a path inside the repository/);
  invalid('readFile', { dir: '/', rev: 'HEAD; rm -rf /', path: 'mm/hmm.c' }, /rev: a branch, tag or commit/);
  invalid('indexFile', { ...key, follow: 'yes' }, /follow/);
  invalid('indexFile', { ...key, evil: 1 }, /evil|Unrecognized/i);
  invalid('indexFile', { ...key, dir: 'x'.repeat(5000) }, /dir/);
  invalid('indexFile', [], /Invalid indexFile request/);
  invalid('indexFile', 'mm/hmm.c', /Invalid indexFile request/);
  invalid('indexFile', null, /dir/);
  invalid('writeReport', { ...key, format: 'exe' }, /format/);
  invalid('writeReport', { ...key, format: 'html', filter: { function: 'f' } }, /function|Unrecognized/i);
  invalid('cancel', { jobId: '' }, /jobId/);
  invalid('openExternal', { url: 'not a url' }, /url/);
  const polluted = JSON.parse('{"dir": "/repo", "__proto__": {"polluted": true}}') as unknown;
  invalid('openRepository', polluted, /Unrecognized|__proto__/i);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  // the filter is the screen's: any subset of its fields
  assert.deepEqual(validateRequest('writeReport', { ...key, format: 'md', filter: { tagFrom: 'v5.0', fn: 'hmm_range_fault' } }).params, {
    ...key,
    format: 'md',
    filter: { tagFrom: 'v5.0', fn: 'hmm_range_fault' },
  });
});

test('the handler table covers the contract exactly; long methods are service work', async () => {
  assert.deepEqual([...handlerMethods()].sort(), [...API_METHODS].sort());
  for (const m of API_METHODS) {
    const h = await handlerOf(m);
    assert.ok(h.run || h.host, `${m} has run or host`);
    if (apiContract[m].long) assert.ok(h.run, `${m} is long, so it runs in a worker: it needs run`);
  }
});

interface Exchange {
  messages: ApiMessage[];
  final: ApiMessage;
}

function ask(d: ApiDispatcher, request: unknown, onMessage?: (m: ApiMessage) => void): Promise<Exchange> {
  const messages: ApiMessage[] = [];
  return d
    .handle(request, (m) => {
      messages.push(m);
      onMessage?.(m);
    })
    .then(() => ({ messages, final: messages[messages.length - 1]! }));
}

function resultOf<T>(x: Exchange): T {
  assert.ok('ok' in x.final && x.final.ok, `answered ok: ${JSON.stringify(x.final)}`);
  return (x.final as { result: T }).result;
}

function errorOf(x: Exchange): ErrorInfo {
  assert.ok('ok' in x.final && !x.final.ok, `answered with an error: ${JSON.stringify(x.final).slice(0, 300)}`);
  return (x.final as { error: ErrorInfo }).error;
}

function recordingHost(): HostHooks & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    openExternal: async (url) => (calls.push(`open ${url}`), true),
    pickDirectory: async (title) => (calls.push(`pick ${title ?? ''}`), '/picked'),
    printPdf: async (html) => (calls.push(`pdf ${html.slice(0, 15)}`), Buffer.from('%PDF-1.4 printed by the host')),
    recentChanged: () => void calls.push('recent'),
  };
}

test('dispatcher: bad requests get an error answer and reach no handler; host methods use the host hooks', async () => {
  const home = path.join(tmpDir('dispatch-host'), 'home');
  const host = recordingHost();
  const d = new ApiDispatcher(home, host);
  try {
    assert.deepEqual(errorOf(await ask(d, { method: 'listRecent', params: {} })), {
      code: 'InvalidRequest',
      message: 'A request needs an id and a method.',
    });
    assert.equal((await ask(d, { id: 'x'.repeat(65), method: 'listRecent' })).final.id, '', 'an over-long id is not echoed');
    assert.equal(errorOf(await ask(d, { id: 'a', method: 42 })).code, 'InvalidRequest');
    assert.equal(errorOf(await ask(d, null)).code, 'InvalidRequest');
    assert.match(errorOf(await ask(d, { id: 'b', method: 'rm', params: {} })).message, /Unknown method "rm"/);
    assert.match(
      errorOf(await ask(d, { id: 'c', method: 'readFile', params: { dir: '/', rev: 'HEAD', path: '../../etc/passwd' } })).message,
      /path/,
    );
    assert.match(
      errorOf(await ask(d, { id: 'd', method: 'openExternal', params: { url: 'https://evil.example.org/x' } })).message,
      /Links to evil\.example\.org are not opened/,
    );
    assert.equal(
      errorOf(await ask(d, { id: 'e', method: 'openExternal', params: { url: 'https://user:pw@lore.kernel.org/x' } })).code,
      'InvalidRequest',
    );
    assert.equal(errorOf(await ask(d, { id: 'f', method: 'openExternal', params: { url: 'javascript:alert(1)' } })).code, 'InvalidRequest');
    assert.deepEqual(host.calls, [], 'no hook was reached by a refused request');

    const url = 'https://lore.kernel.org/r/20190520.1@example.org';
    assert.deepEqual(resultOf(await ask(d, { id: 'g', method: 'openExternal', params: { url } })), { opened: true, url });
    assert.deepEqual(resultOf(await ask(d, { id: 'h', method: 'pickDirectory', params: { title: 'Open' } })), { dir: '/picked' });
    assert.deepEqual(resultOf(await ask(d, { id: 'i', method: 'cancel', params: { jobId: 'no-such-job' } })), { cancelled: false });
    assert.deepEqual(host.calls, [`open ${url}`, 'pick Open']);
    assert.deepEqual(resultOf(await ask(d, { id: 'j', method: 'listRecent' })), { items: [] });
  } finally {
    await d.close();
  }
});

/** A dispatcher over the sample repository in a fresh home (its host hooks recorded), closed after `body`. */
async function withSampleDispatcher(
  name: string,
  body: (
    d: ApiDispatcher,
    host: ReturnType<typeof recordingHost>,
    key: { dir: string; path: string; follow: boolean },
    home: string,
  ) => Promise<void>,
): Promise<void> {
  const root = tmpDir(name);
  const sample = await writeSampleRepository({ dir: path.join(root, 'sample') });
  const host = recordingHost();
  const home = path.join(root, 'home');
  const d = new ApiDispatcher(home, host);
  try {
    await body(d, host, { dir: sample.dir, path: 'mm/hmm.c', follow: false }, home);
  } finally {
    await d.close();
  }
}

test(
  'dispatcher: a long method streams progress, then its follow-ups run (recent list, one background learning job per head); PDF is printed by the host',
  { timeout: 180_000 },
  async () => {
    await withSampleDispatcher('dispatch-long', async (d, host, key, home) => {
      const first = await ask(d, { id: 'idx-1', method: 'indexFile', params: key });
      const timeline = resultOf<Timeline>(first);
      assert.deepEqual(
        timeline.entries.map((e) => e.oid),
        gitLogOids(key.dir, 'mm/hmm.c'),
      );
      const progress = first.messages.filter((m) => 'progress' in m);
      assert.ok(progress.length > 0, 'progress was streamed');
      assert.equal(first.messages.length, progress.length + 1, 'the answer comes last, once');
      assert.ok(first.messages.every((m) => m.id === 'idx-1'));
      assert.equal(d.runner.running, 1, 'learning started in the background when the answer was sent');
      assert.deepEqual(host.calls, ['recent']);
      assert.deepEqual(
        resultOf<RecentList>(await ask(d, { id: 'r', method: 'listRecent' })).items.map((r) => r.path),
        ['mm/hmm.c'],
      );

      for (let i = 0; d.runner.running > 0 && i < 1200; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(d.runner.running, 0, 'the background job ended');
      const learned = (fs.readdirSync(home, { recursive: true }) as string[]).filter((f) => f.endsWith('top-level.v1'));
      assert.equal(learned.length, 1, 'what each commit changed was learned and saved');
      resultOf(await ask(d, { id: 'idx-2', method: 'indexFile', params: key }));
      assert.equal(d.runner.running, 0, 'nothing to learn again at the same head');

      const pdf = resultOf<ReportResult>(
        await ask(d, {
          id: 'pdf',
          method: 'writeReport',
          params: { ...key, format: 'pdf', filter: { text: timeline.entries[0]!.oid.slice(0, 10) } },
        }),
      );
      assert.equal(host.calls.at(-1), 'pdf <!DOCTYPE html>', 'the host printed the HTML report');
      assert.equal(Buffer.from(pdf.content, 'base64').toString(), '%PDF-1.4 printed by the host');
      assert.deepEqual([pdf.format, pdf.mime, pdf.encoding, pdf.commits], ['pdf', 'application/pdf', 'base64', 1]);
      assert.match(pdf.fileName, /\.pdf$/);

      // the host's own part streams its progress, and a cancel reaches it: the printer is told to stop
      let told = false;
      host.printPdf = (_html, o) =>
        new Promise((_resolve, reject) =>
          o.signal?.addEventListener('abort', () => {
            told = true;
            reject(new StrataError('Cancelled', 'The PDF was cancelled.'));
          }),
        );
      let cancel: Promise<Exchange> | null = null;
      const printing = await ask(d, { id: 'pdf-2', method: 'writeReport', params: { ...key, format: 'pdf', filter: {} } }, (m) => {
        if ('progress' in m && m.progress.phase === 'Printing the PDF' && !cancel)
          cancel = ask(d, { id: 'cancel-pdf', method: 'cancel', params: { jobId: 'pdf-2' } });
      });
      assert.equal(errorOf(printing).code, 'Cancelled');
      assert.ok(told, 'the printer was told');
      assert.deepEqual(resultOf(await cancel!), { cancelled: true });
    });
  },
);

test(
  'dispatcher: a prefetched call is joined by the identical call a window makes, which gets its answer and its follow-ups',
  { timeout: 180_000 },
  async () => {
    await withSampleDispatcher('dispatch-prefetch', async (d, host, key) => {
      assert.equal(d.prefetch('indexFile', { ...key, path: '../x' }), false, 'what the contract refuses is not started');
      assert.equal(d.runner.running + d.runner.queued, 0);
      assert.equal(d.prefetch('indexFile', key), true);
      assert.equal(d.runner.running + d.runner.queued, 1, 'the job started before anybody asked');
      assert.deepEqual(host.calls, [], 'a prefetch has no follow-ups of its own');
      const timeline = resultOf<Timeline>(await ask(d, { id: 'idx', method: 'indexFile', params: key }));
      assert.deepEqual(
        timeline.entries.map((e) => e.oid),
        gitLogOids(key.dir, 'mm/hmm.c'),
      );
      assert.equal(d.runner.stats.started.indexFile, 1, 'one job, read once');
      assert.equal(d.runner.stats.joined, 1, "the window's call joined it");
      assert.deepEqual(host.calls, ['recent'], "the joining call's follow-ups ran");

      // a prefetch that fails is heard by the window's own call
      d.prefetch('indexFile', { ...key, path: 'mm/none.c' });
      const error = errorOf(await ask(d, { id: 'none', method: 'indexFile', params: { ...key, path: 'mm/none.c' } }));
      assert.match(error.message, /mm\/none\.c/);

      // the window's cancel stops a job started ahead: nobody else asked for it
      const followed = { ...key, follow: true };
      const cancelledBefore = d.runner.stats.cancelled;
      assert.equal(d.prefetch('indexFile', followed), true);
      const asked = ask(d, { id: 'follow', method: 'indexFile', params: followed });
      await ask(d, { id: 'stop', method: 'cancel', params: { jobId: 'follow' } });
      assert.equal(errorOf(await asked).code, 'Cancelled');
      for (let i = 0; d.runner.running > 0 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(d.runner.running, 0, 'the job ended');
      assert.equal(d.runner.stats.cancelled, cancelledBefore + 1);
    });
  },
);

test('dispatcher: cancel stops a long job by its id; the job answers Cancelled and keeps nothing', { timeout: 60_000 }, async () => {
  const root = tmpDir('dispatch-cancel');
  const d = new ApiDispatcher(path.join(root, 'home'), recordingHost());
  // a server that takes the clone's first request and never answers; the cancel is sent once it has it,
  // so the job is surely under way (not finished, not yet started) when it is cancelled
  let requests = 0;
  let closed = 0;
  let cancelAnswer = null as Promise<Exchange> | null; // set in a callback: no narrowing to null
  const server = http.createServer((req) => {
    requests++;
    req.socket.on('close', () => closed++);
    cancelAnswer ??= ask(d, { id: 'cancel-1', method: 'cancel', params: { jobId: 'clone-1' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const target = path.join(root, 'clone');
    const clone = await ask(d, {
      id: 'clone-1',
      method: 'cloneRepository',
      params: { url: `http://127.0.0.1:${port}/linux.git`, dir: target },
    });
    assert.ok(
      clone.messages.some((m) => 'progress' in m),
      'progress came before the answer',
    );
    assert.ok(cancelAnswer, 'the server had the request');
    assert.deepEqual(resultOf(await cancelAnswer), { cancelled: true });
    assert.equal(errorOf(clone).code, 'Cancelled');
    assert.equal(requests, 1);
    assert.equal(d.runner.running, 0, 'the job is gone');
    assert.deepEqual(resultOf(await ask(d, { id: 'cancel-2', method: 'cancel', params: { jobId: 'clone-1' } })), { cancelled: false });
    assert.equal(fs.existsSync(target), false, 'nothing was kept');
    for (let i = 0; closed < 1 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(closed, 1, 'the connection was dropped');
  } finally {
    await d.close();
    server.closeAllConnections();
    server.close();
  }
});
