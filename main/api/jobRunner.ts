import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isLongMethod, type ApiMethod, type ApiParams, type ApiResult } from '../../shared/api';
import { StrataError, type ErrorInfo } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import { handlerOf } from './handlers';
import { serviceOf } from './callMethod';
import { RepositoryPool } from '../repository/repositoryPool';
import { setCell, sharedCell } from './pauseGate';
import { WireJson } from './wireJson';

/** What a job worker is started with (main/worker/jobWorker.ts); it then runs one job at a time, as it is sent them. */
export interface WorkerInit {
  readonly home: string;
  /** How many jobs somebody waits on run (the runner's, shared by its workers) and whether this worker's job is background work (see pauseGate). */
  readonly waitedOn: Int32Array;
  readonly pausable: Int32Array;
}
/** What a job worker is sent: a job to run, a cancel of the one it runs, to close its repositories (and stay), or to close them and end. */
export type WorkerRequest =
  | { type: 'run'; method: ApiMethod; params: unknown }
  | { type: 'cancel' }
  /** Close the repositories kept open and their caches, and wait for the next job (the spare). */
  | { type: 'release' }
  | { type: 'close' };
export type JobMessage =
  | { type: 'progress'; progress: Progress }
  /** JSON's UTF-8 bytes, transferred (see WireJson). */
  | { type: 'partial'; bytes: Uint8Array }
  | { type: 'result'; result: unknown }
  | { type: 'error'; error: ErrorInfo };

/** How long a worker with nothing to do is kept for the next job (with its open repositories and their caches). */
const IDLE_WORKER_MS = 60_000;
/** How long a cancelled job may take to stop itself before its worker is terminated, by default. */
const CANCEL_GRACE_MS = 3000;

export interface JobRunnerOptions {
  readonly workerFile?: string;
  /** A test that checks the job stops itself sets this high, so a loaded machine cannot decide it. */
  readonly cancelGraceMs?: number;
  /** At most this many jobs run at once, each in its own worker thread; the rest wait in line. Default: the machine's cores. */
  readonly maxJobs?: number;
  /** Start one worker at once, for the first long call (default true). */
  readonly warm?: boolean;
  /** How long a worker with nothing to do keeps its repositories open for the next job (default IDLE_WORKER_MS). */
  readonly idleWorkerMs?: number;
}

/** How one caller asks for a long job. */
export interface JobCall {
  readonly onProgress?: (p: Progress) => void;
  /** The method's partial answers, in order (a caller joining a running job is sent those already given first). */
  readonly onPartial?: (part: unknown) => void;
  /** The caller's name for the job, for cancel (unique per owner). */
  readonly jobId?: string;
  /** Who asked (a WebSocket connection, a window): its jobs end when it goes (see disconnect). */
  readonly owner?: string;
  /** Follow-up once the service has answered, run once per job before any caller is answered. */
  readonly afterwards?: (result: unknown) => Promise<void>;
  /**
   * Nobody is waiting on this answer (the timeline's badges and tabs filled in, blame prepared ahead): it takes
   * a free slot only when no other job waits, and a job somebody waits for may start beside it past the bound.
   */
  readonly background?: boolean;
}

/** What the runner has done since it started (counts, for tests and the curious). */
export interface JobStats {
  /** Jobs started in a worker, by method. */
  readonly started: Partial<Record<ApiMethod, number>>;
  /** Calls answered by a job another call had started (same method, same parameters). */
  joined: number;
  /** Jobs that ended cancelled (asked to, or nobody was left waiting for them). */
  cancelled: number;
  /** The most jobs that ran at once. */
  peakRunning: number;
  /** Worker threads started (a worker kept from an earlier job runs the next one). */
  workersStarted: number;
}

interface Caller {
  readonly owner: string;
  readonly jobId: string;
  readonly onProgress: (p: Progress) => void;
  readonly onPartial: (part: unknown) => void;
  readonly resolve: (result: unknown) => void;
  readonly reject: (err: unknown) => void;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

class Job {
  readonly callers = new Set<Caller>();
  worker: Worker | null = null;
  /** Cancelled: it is ending, and no new call joins it. */
  stopping = false;
  settled = false;
  /** Cancelled and not stopped by itself within the grace period: its worker is terminated, never reused. */
  cutShort = false;
  lastProgress: Progress | null = null;
  readonly partials: unknown[] = [];
  /** Takes this job's listeners off its worker (which may run other jobs after it). */
  detach: (() => void) | undefined;

  constructor(
    readonly key: string,
    readonly method: ApiMethod,
    readonly params: unknown,
    /** Set by the first caller that has one: a job started ahead (see ApiDispatcher.prefetch) takes its joiner's. */
    public afterwards: ((result: unknown) => Promise<void>) | undefined,
    /** Every caller asked it in the background (see JobCall.background); one who waits on it makes it false. */
    public background: boolean,
  ) {}

  tell(p: Progress): void {
    this.lastProgress = p;
    for (const c of this.callers) c.onProgress(p);
  }

  give(part: unknown): void {
    this.partials.push(part);
    for (const c of this.callers) c.onPartial(part);
  }
}

const BACKGROUND = '\0background';
/** The owner of jobs started ahead of their caller (see ahead). */
const AHEAD = '\0ahead';

/**
 * Runs the service work of validated API calls: long methods in a worker thread (the caller's event loop
 * never blocks; progress streams; cancel stops it), short ones in place. One runner per host (the app's
 * window and the web host's connections alike), and it bounds the work a host takes on:
 * - at most `maxJobs` jobs run at once (default: the machine's cores); the rest wait in line and their
 *   progress says so ("waiting for 3 other jobs");
 * - a job somebody waits on (a blame, a file's history) goes ahead of background work (the badges, blame
 *   prepared ahead) in line, and starts even where background jobs hold every slot: it has its own lane of
 *   `maxJobs`, and background work starts only when nobody's job waits;
 * - a call identical to one running or waiting (same method, same parameters) joins that job instead of
 *   starting another: one worker, one read of the index, the same answer to every caller;
 * - a job nobody waits for any more (its callers cancelled or disconnected) is cancelled, and its worker ends.
 */
export class JobRunner {
  private readonly queue: Job[] = [];
  /** Jobs started and not yet ended. */
  private readonly active = new Set<Job>();
  /** Worker threads started and not yet ended. */
  private readonly alive = new Set<Worker>();
  /** Closed (cancelAll): no job starts any more. */
  private closed = false;
  /** Told when the last worker has ended after the runner closed. */
  private allEnded: (() => void)[] = [];
  /** Workers whose job answered, waiting for the next (at most maxJobs, each for IDLE_WORKER_MS). */
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly ended = new WeakSet<Worker>();
  /** Jobs somebody waits on that run now, in memory the workers read (background jobs pause while it is not 0). */
  private readonly waitedOn = sharedCell();
  /** Each worker's flag: its job is background work, and pauses for those waited on. */
  private readonly pausable = new WeakMap<Worker, Int32Array>();
  /** Jobs a new identical call may join. */
  private readonly joinable = new Map<string, Job>();
  /** Every waiting caller, by owner and job id. */
  private readonly callers = new Map<string, { job: Job; caller: Caller }>();
  /** Background jobs running, by key, and the version each key last finished at. */
  private readonly backgroundRunning = new Set<string>();
  private readonly backgroundDone = new Map<string, string>();
  private readonly workerFile: string;
  private readonly cancelGraceMs: number;
  private readonly idleWorkerMs: number;
  /**
   * One worker kept past the idle wait and after everybody left, its repositories closed: starting a thread and
   * loading the services took 0.3-0.5 s before a page reload's or an idle minute's next job (and its code was cold).
   */
  private spareWorker: Worker | null = null;
  readonly maxJobs: number;
  readonly stats: JobStats = { started: {}, joined: 0, cancelled: 0, peakRunning: 0, workersStarted: 0 };

  /** Repositories of the short calls, kept open between them (a long job opens its own in its worker). */
  readonly repositories: RepositoryPool;

  constructor(
    private readonly home: string,
    options: JobRunnerOptions = {},
  ) {
    this.workerFile = options.workerFile ?? defaultWorkerFile();
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.idleWorkerMs = options.idleWorkerMs ?? IDLE_WORKER_MS;
    this.maxJobs = Math.max(1, options.maxJobs ?? os.availableParallelism());
    this.repositories = new RepositoryPool({ home });
    // one worker is started at once, so the first long call (a first open) does not wait for a thread to load the services
    if (options.warm ?? true)
      setImmediate(() => !this.closed && this.idle.length === 0 && this.active.size === 0 && this.keepSpare(this.takeWorker()));
  }

  async run<M extends ApiMethod>(method: M, params: ApiParams<M>, call: JobCall = {}): Promise<ApiResult<M>> {
    if (isLongMethod(method)) return (await this.join(method, params, call)) as ApiResult<M>;
    const result = await serviceOf(method, await handlerOf(method), {
      home: this.home,
      repositories: this.repositories,
      ...(call.onPartial ? { onPartial: call.onPartial } : {}),
    })(params);
    if (call.afterwards) await call.afterwards(result);
    return result;
  }

  /** Work nobody waits for: one job per key at a time, none again for a key finished at the same version. */
  background<M extends ApiMethod>(method: M, params: ApiParams<M>, once: { key: string; version: string }): void {
    if (this.backgroundRunning.has(once.key) || this.backgroundDone.get(once.key) === once.version) return;
    this.backgroundRunning.add(once.key);
    this.join(method, params, { owner: BACKGROUND })
      .then(() => this.backgroundDone.set(once.key, once.version))
      .catch(() => undefined) // a failure costs only speed, and it is tried again next time
      .finally(() => this.backgroundRunning.delete(once.key));
  }

  /**
   * A job started before anyone asks for it (see ApiDispatcher.prefetch): background work that an identical call
   * joins. The cancel of a caller who joined it stops it, as if that caller had started it.
   */
  ahead<M extends ApiMethod>(method: M, params: ApiParams<M>): void {
    if (this.joinable.has(jobKey(method, params))) return;
    this.join(method, params, { owner: AHEAD }).catch(() => undefined); // heard by whoever joins, who is answered the same
  }

  /** Jobs running now (asked for and in the background), not counting those waiting in line. */
  get running(): number {
    return this.active.size;
  }

  /** Worker threads alive with work or open repositories: those running jobs, and those kept for the next job (see releaseCaches). */
  get workers(): number {
    return this.alive.size - (this.spareWorker ? 1 : 0);
  }

  /** Whether a worker with nothing open waits for the next job (see spareWorker). */
  get spare(): boolean {
    return this.spareWorker !== null;
  }

  /** Jobs waiting in line for a free slot. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Stops waiting for one job. A job shared with other callers goes on for them (this caller is answered
   * Cancelled at once); a job nobody else waits for (one started ahead, see ahead, counts as nobody) is cancelled.
   * False where this owner has no such job.
   */
  cancel(jobId: string, owner = ''): boolean {
    const entry = this.callers.get(callerKey(owner, jobId));
    if (!entry) return false;
    const { job, caller } = entry;
    if ([...job.callers].some((c) => c !== caller && c.owner !== AHEAD)) this.leave(job, caller);
    else this.stop(job); // its one caller hears how the job itself ended
    return true;
  }

  /** The owner is gone (a closed connection, a reloaded window): every job only it waited for is cancelled. */
  disconnect(owner: string): void {
    for (const { job, caller } of [...this.callers.values()]) if (caller.owner === owner) this.leave(job, caller);
  }

  /** Closes the repositories the short calls and the kept workers hold open (their caches); one worker is kept, as the spare. */
  releaseCaches(): void {
    this.repositories.closeAll();
    this.endIdleWorkers(true);
  }

  /**
   * The host is closing: every job is cancelled, no new one starts (a follow-up's background work included), and
   * the answer comes once every worker has ended — a job's index files are written whole or not at all, and none
   * is written after this. Bounded: a job that does not stop is cut short after the grace period.
   */
  cancelAll(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue, ...this.active]) this.stop(job);
    this.repositories.closeAll();
    this.endIdleWorkers(false);
    // a worker kept for the next job does not keep the process alive: now it does, until it has ended
    for (const worker of this.alive) worker.ref();
    return new Promise((resolve) => (this.alive.size === 0 ? resolve() : this.allEnded.push(resolve)));
  }

  private join(method: ApiMethod, params: unknown, call: JobCall): Promise<unknown> {
    const owner = call.owner ?? '';
    const jobId = call.jobId ?? crypto.randomUUID();
    const id = callerKey(owner, jobId);
    if (this.callers.has(id)) return Promise.reject(new StrataError('InvalidRequest', `A job with the id "${jobId}" is already running.`));
    if (this.closed)
      return Promise.reject(new StrataError('Cancelled', 'Strata is closing: the job was not started; nothing was changed.'));
    const key = jobKey(method, params);
    const background = call.background === true || owner === BACKGROUND || owner === AHEAD;
    let job = this.joinable.get(key);
    if (job) {
      this.stats.joined++;
      job.afterwards ??= call.afterwards;
      if (job.background && !background) {
        job.background = false; // somebody waits on it now: it moves up to their lane
        this.setPausable(job);
        this.pump();
      }
    } else {
      job = new Job(key, method, params, call.afterwards, background);
      this.joinable.set(key, job);
      this.queue.push(job);
      this.pump();
    }
    const joined = job;
    return new Promise((resolve, reject) => {
      const caller: Caller = {
        owner,
        jobId,
        onProgress: call.onProgress ?? (() => undefined),
        onPartial: call.onPartial ?? (() => undefined),
        resolve,
        reject,
      };
      joined.callers.add(caller);
      this.callers.set(id, { job: joined, caller });
      for (const part of joined.partials) caller.onPartial(part);
      if (joined.lastProgress) caller.onProgress(joined.lastProgress);
    });
  }

  /**
   * Starts jobs while there are free slots, those somebody waits on first, and tells those still in line how
   * many are ahead of them.
   */
  private pump(): void {
    for (let next = this.nextToStart(); next; next = this.nextToStart()) {
      this.queue.splice(this.queue.indexOf(next), 1);
      this.start(next);
    }
    const waitedOn = this.queue.filter((j) => !j.background);
    const background = this.queue.filter((j) => j.background);
    const waitedOnRunning = this.waitedOnRunning();
    const tell = (job: Job, ahead: number) => {
      const message = `waiting for ${ahead} other job${ahead === 1 ? '' : 's'} (at most ${this.maxJobs} run at once)`;
      if (job.lastProgress?.message !== message) job.tell({ phase: 'Queued', loaded: 0, message });
    };
    waitedOn.forEach((job, i) => tell(job, waitedOnRunning + i));
    background.forEach((job, i) => tell(job, this.active.size + waitedOn.length + i));
    if (Atomics.load(this.waitedOn, 0) !== waitedOnRunning) setCell(this.waitedOn, this.waitedOn, waitedOnRunning);
  }

  /** Tells a job's worker whether its job is background work (it pauses while a waited-on job runs). */
  private setPausable(job: Job): void {
    const cell = job.worker && this.pausable.get(job.worker);
    if (cell) setCell(cell, this.waitedOn, job.background && !job.stopping ? 1 : 0);
  }

  /** The job to start now, if any: the first one somebody waits on while their lane has room, else background work in a free slot. */
  private nextToStart(): Job | undefined {
    const waitedOn = this.queue.find((j) => !j.background);
    if (waitedOn) return this.waitedOnRunning() < this.maxJobs ? waitedOn : undefined;
    return this.active.size < this.maxJobs ? this.queue[0] : undefined;
  }

  /** Running jobs somebody waits on (their lane's use). */
  private waitedOnRunning(): number {
    let n = 0;
    for (const j of this.active) if (!j.background) n++;
    return n;
  }

  private start(job: Job): void {
    this.stats.started[job.method] = (this.stats.started[job.method] ?? 0) + 1;
    const worker = this.takeWorker();
    job.worker = worker;
    this.active.add(job);
    this.stats.peakRunning = Math.max(this.stats.peakRunning, this.active.size);
    if (job.lastProgress) job.tell({ phase: 'Starting', loaded: 0 });
    const onMessage = (m: JobMessage) => {
      if (job.settled) return;
      if (m.type === 'progress') job.tell(m.progress);
      else if (m.type === 'partial') job.give(new WireJson(m.bytes));
      else if (m.type === 'result') this.settle(job, { ok: true, result: m.result });
      else this.settle(job, { ok: false, error: StrataError.fromInfo(m.error) });
    };
    const onError = (error: Error) => this.settle(job, { ok: false, error });
    const onExit = (code: number) =>
      this.settle(job, {
        ok: false,
        error: new StrataError('Internal', `The background job stopped unexpectedly (exit ${code}); nothing stored was changed.`),
      });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    job.detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    this.setPausable(job);
    worker.postMessage({ type: 'run', method: job.method, params: job.params } satisfies WorkerRequest);
  }

  /**
   * A worker for the next job: one kept from an earlier job (its repositories are open, their caches warm:
   * blaming the version before, or the Functions tab after the timeline, reuses what the last job read) or a new one.
   */
  private takeWorker(): Worker {
    const kept = this.idle.pop();
    if (kept) {
      clearTimeout(kept.timer);
      kept.worker.ref();
      return kept.worker;
    }
    const spare = this.spareWorker;
    if (spare) {
      this.spareWorker = null;
      spare.ref();
      return spare;
    }
    const pausable = sharedCell();
    const worker = new Worker(this.workerFile, { workerData: { home: this.home, waitedOn: this.waitedOn, pausable } satisfies WorkerInit });
    this.pausable.set(worker, pausable);
    this.alive.add(worker);
    this.stats.workersStarted++;
    worker.on('exit', () => {
      this.ended.add(worker);
      this.alive.delete(worker);
      if (this.spareWorker === worker) this.spareWorker = null;
      const i = this.idle.findIndex((k) => k.worker === worker);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.alive.size === 0) for (const resolve of this.allEnded.splice(0)) resolve();
    });
    worker.on('error', () => undefined); // reported to the job it runs, if any
    return worker;
  }

  /** A worker whose job answered waits for the next one, for a while; past the bound or the wait it ends. */
  private keepWorker(worker: Worker): void {
    if (this.ended.has(worker)) return;
    if (this.idle.length >= this.maxJobs) return this.retire(worker);
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((k) => k.worker === worker);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.idle.length === 0) this.keepSpare(worker);
      else this.retire(worker);
    }, this.idleWorkerMs);
    timer.unref();
    worker.unref(); // a worker waiting for work never keeps the process alive
    this.idle.push({ worker, timer });
  }

  /** Ends a worker: it closes its repositories first; one that does not end in a moment is terminated. */
  private retire(worker: Worker): void {
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    setTimeout(() => void worker.terminate(), 2000).unref();
  }

  /** The spare: its repositories closed, it waits for the next job with no timer (one at most; a second is retired). */
  private keepSpare(worker: Worker): void {
    if (this.ended.has(worker)) return;
    if (this.closed || (this.spareWorker !== null && this.spareWorker !== worker)) return this.retire(worker);
    worker.postMessage({ type: 'release' } satisfies WorkerRequest);
    worker.unref();
    this.spareWorker = worker;
  }

  /** Ends the workers kept for the next job, or with `keepSpare`, all but one, whose repositories are closed. */
  private endIdleWorkers(keepSpare: boolean): void {
    for (const { worker, timer } of this.idle.splice(0)) {
      clearTimeout(timer);
      if (keepSpare && this.spareWorker === null) this.keepSpare(worker);
      else this.retire(worker);
    }
    if (!keepSpare && this.spareWorker) {
      this.retire(this.spareWorker);
      this.spareWorker = null;
    }
  }

  /** One caller stops waiting: answered Cancelled now; the job is cancelled when nobody is left. */
  private leave(job: Job, caller: Caller): void {
    job.callers.delete(caller);
    this.callers.delete(callerKey(caller.owner, caller.jobId));
    caller.reject(new StrataError('Cancelled', 'Cancelled; what was stored before is kept.'));
    if (job.callers.size === 0) this.stop(job);
  }

  private stop(job: Job): void {
    if (job.stopping || job.settled) return;
    job.stopping = true;
    if (this.joinable.get(job.key) === job) this.joinable.delete(job.key);
    const worker = job.worker;
    if (!worker) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.settle(job, { ok: false, error: new StrataError('Cancelled', 'Cancelled before it started; nothing was changed.') });
      this.pump(); // the jobs behind it in line move up
      return;
    }
    this.setPausable(job); // a paused job wakes to see its cancel
    worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    // a job stuck in a long synchronous step is stopped all the same
    setTimeout(() => {
      if (job.settled) return;
      job.cutShort = true;
      this.settle(job, { ok: false, error: new StrataError('Cancelled', 'Cancelled; what was stored before is kept.') });
    }, this.cancelGraceMs).unref();
  }

  private settle(job: Job, outcome: Outcome): void {
    if (job.settled) return;
    job.settled = true;
    if (this.joinable.get(job.key) === job) this.joinable.delete(job.key);
    job.detach?.();
    if (job.worker) {
      // a job that answered leaves its worker for the next; a cancelled one's worker ends (and one that did not stop is cut short)
      if (!job.stopping) this.keepWorker(job.worker);
      else if (outcome.ok || (outcome.error instanceof StrataError && outcome.error.code === 'Cancelled' && !job.cutShort))
        this.retire(job.worker);
      else void job.worker.terminate();
    }
    if (this.active.delete(job)) this.pump();
    if (!outcome.ok && (job.stopping || (outcome.error instanceof StrataError && outcome.error.code === 'Cancelled')))
      this.stats.cancelled++;
    void this.answer(job, outcome);
  }

  private async answer(job: Job, outcome: Outcome): Promise<void> {
    if (outcome.ok && job.afterwards) {
      try {
        await job.afterwards(outcome.result);
      } catch (error) {
        outcome = { ok: false, error };
      }
    }
    for (const caller of job.callers) {
      this.callers.delete(callerKey(caller.owner, caller.jobId));
      if (outcome.ok) caller.resolve(outcome.result);
      else caller.reject(outcome.error);
    }
    job.callers.clear();
  }
}

function callerKey(owner: string, jobId: string): string {
  return `${owner}\n${jobId}`;
}

/** JSON with object keys sorted: equal parameters give equal text, whatever order their keys came in. */
/** What makes two calls the same job: the method and its parameters, whatever their keys' order. */
function jobKey(method: ApiMethod, params: unknown): string {
  return `${method}\n${stableJson(params)}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

function defaultWorkerFile(): string {
  const js = path.join(__dirname, '..', 'worker', 'jobWorker.js');
  if (fs.existsSync(js)) return js;
  throw new Error(`The worker script is missing (${js}); run "npm run build".`);
}
