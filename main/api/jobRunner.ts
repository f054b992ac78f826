import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isLongMethod, type ApiMethod, type ApiParams, type ApiResult } from '../../shared/api';
import { StrataError, type ErrorInfo } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import { handlers } from './handlers';
import { serviceOf } from './callMethod';
import { RepositoryPool } from '../repository/repositoryPool';

interface RunningJob {
  cancel(): void;
}

/** What the job worker is sent (main/worker/jobWorker.ts). */
export interface JobData {
  readonly method: ApiMethod;
  readonly params: unknown;
  readonly home: string;
}
export type JobMessage =
  { type: 'progress'; progress: Progress } | { type: 'result'; result: unknown } | { type: 'error'; error: ErrorInfo };

/** How long a cancelled job may take to stop itself before its worker is terminated, by default. */
const CANCEL_GRACE_MS = 3000;

/**
 * Runs the service work of validated API calls: long methods in a worker thread (the caller's event loop
 * never blocks; progress streams; cancel stops it), short ones in place.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  /** Background jobs running, by key, and the version each key last finished at. */
  private readonly backgroundRunning = new Set<string>();
  private readonly backgroundDone = new Map<string, string>();

  /** Repositories of the short calls, kept open between them (a long job opens its own in its worker). */
  readonly repositories: RepositoryPool;

  constructor(
    private readonly home: string,
    private readonly workerFile = defaultWorkerFile(),
    /** A test that checks the job stops itself sets this high, so a loaded machine cannot decide it. */
    private readonly cancelGraceMs = CANCEL_GRACE_MS,
  ) {
    this.repositories = new RepositoryPool({ home });
  }

  run<M extends ApiMethod>(
    method: M,
    params: ApiParams<M>,
    onProgress: (p: Progress) => void,
    jobId: string = crypto.randomUUID(),
  ): Promise<ApiResult<M>> {
    if (!isLongMethod(method)) return serviceOf(method, handlers[method], { home: this.home, repositories: this.repositories })(params);
    return this.inWorker(method, params, onProgress, jobId) as Promise<ApiResult<M>>;
  }

  /** Work nobody waits for: one job per key at a time, none again for a key finished at the same version. */
  background<M extends ApiMethod>(method: M, params: ApiParams<M>, once: { key: string; version: string }): void {
    if (this.backgroundRunning.has(once.key) || this.backgroundDone.get(once.key) === once.version) return;
    this.backgroundRunning.add(once.key);
    this.inWorker(method, params, () => undefined, `background-${crypto.randomUUID()}`)
      .then(() => this.backgroundDone.set(once.key, once.version))
      .catch(() => undefined) // a failure costs only speed, and it is tried again next time
      .finally(() => this.backgroundRunning.delete(once.key));
  }

  /** Jobs running now (asked for and in the background). */
  get running(): number {
    return this.jobs.size;
  }

  private inWorker(method: ApiMethod, params: unknown, onProgress: (p: Progress) => void, jobId: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.workerFile, { workerData: { method, params, home: this.home } satisfies JobData });
      let settled = false;
      const finish = () => {
        settled = true;
        this.jobs.delete(jobId);
        void worker.terminate();
      };
      this.jobs.set(jobId, {
        cancel: () => {
          worker.postMessage({ type: 'cancel' });
          // a job stuck in a long synchronous step is stopped all the same
          setTimeout(() => {
            if (!settled) {
              finish();
              reject(new StrataError('Cancelled', 'Cancelled; what was stored before is kept.'));
            }
          }, this.cancelGraceMs).unref();
        },
      });
      worker.on('message', (m: JobMessage) => {
        if (settled) return;
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'result') {
          finish();
          resolve(m.result);
        } else {
          finish();
          reject(StrataError.fromInfo(m.error));
        }
      });
      worker.on('error', (err) => {
        if (settled) return;
        finish();
        reject(err);
      });
      worker.on('exit', (code) => {
        if (settled) return;
        finish();
        reject(new StrataError('Internal', `The background job stopped unexpectedly (exit ${code}); nothing stored was changed.`));
      });
    });
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.cancel();
    return Boolean(job);
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.cancel();
    this.repositories.closeAll();
  }
}

function defaultWorkerFile(): string {
  const js = path.join(__dirname, '..', 'worker', 'jobWorker.js');
  if (fs.existsSync(js)) return js;
  throw new Error(`The worker script is missing (${js}); run "npm run build".`);
}
