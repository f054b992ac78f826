import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LONG_METHODS, type ApiMethod } from '../../shared/api';
import { StrataError, type ErrorInfo } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import { runApiMethod } from './runApiMethod';

interface RunningJob { cancel(): void }

/**
 * Runs validated API calls: long work in a worker thread (the caller's event
 * loop never blocks; progress streams; cancel stops it), short calls in place.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly home: string, private readonly workerFile = defaultWorkerFile()) {}

  run(method: ApiMethod, params: unknown, onProgress: (p: Progress) => void, jobId: string = crypto.randomUUID()): Promise<unknown> {
    if (!LONG_METHODS.has(method)) return runApiMethod(method, params, { home: this.home });
    const job = this.inWorker(method, params, onProgress, jobId);
    if (method === 'indexFile') void job.then((t) => this.learnInBackground((t as { repo: { dir: string } }).repo.dir, (t as { head: string }).head), () => undefined);
    return job;
  }

  private readonly learning = new Set<string>();
  /** Repositories (at a head) whose every commit is learned: nothing to start for them again until the head moves. */
  private readonly learned = new Set<string>();

  /**
   * After a first index, what each commit changed near the top of the tree is
   * learned on the other core, so the next file opens faster; one job per
   * repository at a time, cancelled with the rest when the app closes.
   */
  private learnInBackground(dir: string, head: string): void {
    if (this.learning.has(dir) || this.learned.has(`${dir}@${head}`)) return;
    this.learning.add(dir);
    this.inWorker('learnChanges', { dir }, () => undefined, `learn-${crypto.randomUUID()}`)
      .then(() => this.learned.add(`${dir}@${head}`))
      .catch(() => undefined) // background work: a failure costs only speed, and it is tried again next time
      .finally(() => this.learning.delete(dir));
  }

  private inWorker(method: ApiMethod, params: unknown, onProgress: (p: Progress) => void, jobId: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.workerFile, { workerData: { method, params, home: this.home } });
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
          }, 3000).unref();
        },
      });
      worker.on('message', (m: { type: 'progress'; progress: Progress } | { type: 'result'; result: unknown } | { type: 'error'; error: ErrorInfo }) => {
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
  }
}

function defaultWorkerFile(): string {
  const js = path.join(__dirname, '..', 'worker', 'jobWorker.js');
  if (fs.existsSync(js)) return js;
  throw new Error(`The worker script is missing (${js}); run "npm run build".`);
}
