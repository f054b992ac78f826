import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../shared/errors';
import type { ApiMethod } from '../../shared/api';
import type { JobMessage, WorkerInit, WorkerRequest } from '../api/jobRunner';
import { ownBytes } from '../api/wireJson';
import { runService } from '../api/callMethod';
import { loadAllHandlers } from '../api/handlers';
import { RepositoryPool } from '../repository/repositoryPool';
import { pauseWhileWaitedOn } from '../api/pauseGate';

/**
 * Runs long API calls off the main thread, one at a time as they are sent; progress and the result go back
 * as messages. Its repositories stay open between jobs (every open re-reads refs and packs), so the next job
 * finds what the last one read; it closes them when told to (the runner's spare: it stays) or to end.
 */
const { home, waitedOn, pausable } = workerData as WorkerInit;
/**
 * The longest a background job sleeps at one step for jobs somebody waits on, and in all: beside a long one (a
 * clone) it goes on, a tab showing its progress is never held up by more than that.
 */
const MAX_PAUSE_MS = 2000;
const PAUSE_BUDGET_MS = 10_000;
const PAUSED = 'paused while a job you asked for runs';
const port = parentPort!;
const post = (m: JobMessage) => port.postMessage(m);
const repositories = new RepositoryPool({ home, max: 2 });
let running: AbortController | null = null;
// the services are loaded while the worker waits for its first job (a job asked sooner loads its own first)
setImmediate(() => void loadAllHandlers().catch(() => undefined)); // a module that fails fails its method's call

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'cancel') running?.abort();
  else if (m.type === 'run') void run(m.method, m.params);
  else if (m.type === 'release') {
    repositories.closeAll();
    // the one cache kept outside the repositories (up to 64 MB of mail text); loaded with the handlers already
    void import('../archive/searchDiscussions').then((m) => m.forgetDiscussionTexts());
  } else {
    running?.abort();
    repositories.closeAll();
    port.close(); // nothing else keeps the thread alive: it ends
  }
});

async function run(method: ApiMethod, params: unknown): Promise<void> {
  const controller = (running = new AbortController());
  let lastProgress = 0;
  let paused = 0;
  try {
    const result = await runService(method, params, {
      home,
      repositories,
      signal: controller.signal,
      onProgress: (p) => {
        // background work sleeps here while a job somebody waits on runs, and says so
        if (paused < PAUSE_BUDGET_MS)
          paused += pauseWhileWaitedOn({ waitedOn, pausable }, Math.min(MAX_PAUSE_MS, PAUSE_BUDGET_MS - paused), () =>
            post({ type: 'progress', progress: { ...p, message: PAUSED } }),
          );
        const now = Date.now();
        if (now - lastProgress < 50 && p.total !== p.loaded) return; // at most 20 updates a second
        lastProgress = now;
        post({ type: 'progress', progress: p });
      },
      onPartial: (part) => {
        const bytes = ownBytes(JSON.stringify(part));
        port.postMessage({ type: 'partial', bytes } satisfies JobMessage, [bytes.buffer]);
      },
    });
    post({ type: 'result', result });
  } catch (err: unknown) {
    post({ type: 'error', error: toErrorInfo(err) });
  } finally {
    running = null;
  }
}
