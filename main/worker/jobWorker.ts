import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../shared/errors';
import type { JobData, JobMessage } from '../api/jobRunner';
import { runService } from '../api/callMethod';
import { RepositoryPool } from '../repository/repositoryPool';

/** Runs one long API call off the main thread; progress and the result go back as messages. */
const data = workerData as JobData;
const port = parentPort!;
const post = (m: JobMessage) => port.postMessage(m);
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});
let lastProgress = 0;
const repositories = new RepositoryPool({ home: data.home, max: 2 });
runService(data.method, data.params, {
  home: data.home,
  repositories,
  signal: controller.signal,
  onProgress: (p) => {
    const now = Date.now();
    if (now - lastProgress < 50 && p.total !== p.loaded) return; // at most 20 updates a second
    lastProgress = now;
    post({ type: 'progress', progress: p });
  },
})
  .then(
    (result) => post({ type: 'result', result }),
    (err: unknown) => post({ type: 'error', error: toErrorInfo(err) }),
  )
  .finally(() => repositories.closeAll());
