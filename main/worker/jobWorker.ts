import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../shared/errors';
import type { ApiMethod } from '../../shared/api';
import { runApiMethod } from '../services/runApiMethod';

/** Runs one long API call off the main thread; progress and the result go back as messages. */
interface JobData { method: ApiMethod; params: unknown; home: string }

const data = workerData as JobData;
const controller = new AbortController();
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});
let lastProgress = 0;
runApiMethod(data.method, data.params, {
  home: data.home,
  signal: controller.signal,
  onProgress: (p) => {
    const now = Date.now();
    if (now - lastProgress < 50 && p.total !== p.loaded) return; // at most 20 updates a second
    lastProgress = now;
    parentPort!.postMessage({ type: 'progress', progress: p });
  },
}).then(
  (result) => parentPort!.postMessage({ type: 'result', result }),
  (err: unknown) => parentPort!.postMessage({ type: 'error', error: toErrorInfo(err) }),
);
