import { parseParams, validateRequest, type ApiMessage, type ApiMethod, type ApiParams, type ApiResult } from '../../shared/api';
import { StrataError, toErrorInfo } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import type { FollowUpContext, Handler, HostHooks } from './handler';
import { handlerOf, loadAllHandlers } from './handlers';
import { JobRunner, type JobRunnerOptions } from './jobRunner';

/** How one validated call is run and answered. */
export interface CallOptions {
  /** Names its job for cancel (by the same client). */
  readonly jobId: string;
  /** The sender (a connection, a window). */
  readonly client?: string;
  readonly onProgress: (p: Progress) => void;
  readonly onPartial?: (part: unknown) => void;
  /** The client waits on no screen for it (see JobCall.background). */
  readonly background?: boolean;
}

/**
 * Takes one untrusted request (from IPC or a WebSocket), validates it against the API contract, runs its
 * handler (host part, service work in a worker when long, follow-up), and sends progress and the answer back.
 * `client` names the sender (a connection, a window): job ids are its own, and its jobs end when it goes.
 */
export class ApiDispatcher {
  readonly runner: JobRunner;
  private readonly followUp: FollowUpContext;
  /** The host parts running (printing a PDF), by caller and call: cancel and a closed connection stop them. */
  private readonly hostParts = new Map<string, { client: string; stop: AbortController }>();

  constructor(
    home: string,
    private readonly hooks: HostHooks,
    options: JobRunnerOptions = {},
  ) {
    this.runner = new JobRunner(home, options);
    this.followUp = { home, hooks, background: (method, params, once) => this.runner.background(method, params, once) };
    // the host parts and follow-ups are loaded while the host waits for its first call
    setImmediate(() => void loadAllHandlers().catch(() => undefined)); // a module that fails fails its method's call
  }

  async handle(raw: unknown, send: (m: ApiMessage) => void, client = ''): Promise<void> {
    const req = raw as { id?: unknown; method?: unknown; params?: unknown; background?: unknown } | null;
    const id = typeof req?.id === 'string' && req.id.length <= 64 ? req.id : '';
    try {
      if (!id || typeof req?.method !== 'string') throw new StrataError('InvalidRequest', 'A request needs an id and a method.');
      const { method, params } = validateRequest(req.method, req.params);
      const result = await this.call(method, params, {
        jobId: id,
        client,
        onProgress: (progress) => send({ id, progress }),
        onPartial: (partial) => send({ id, partial }),
        background: req.background === true,
      });
      send({ id, ok: true, result });
    } catch (err) {
      send({ id, ok: false, error: toErrorInfo(err) });
    }
  }

  /** One validated call. */
  async call<M extends ApiMethod>(method: M, params: ApiParams<M>, o: CallOptions): Promise<ApiResult<M>> {
    const { jobId, onProgress, onPartial, client = '', background = false } = o;
    const h: Handler<M> = await handlerOf(method);
    // the follow-up runs once per job, however many identical calls share it
    const afterwards = h.after ? (result: unknown) => h.after!(params, result as ApiResult<M>, this.followUp) : undefined;
    const service = (p: ApiParams<M>): Promise<ApiResult<M>> => {
      if (!h.run) throw new StrataError('InvalidRequest', `${method} is answered by the host, not by a service.`);
      return this.runner.run(method, p, {
        onProgress,
        jobId,
        owner: client,
        background,
        ...(onPartial ? { onPartial } : {}),
        ...(afterwards ? { afterwards } : {}),
      });
    };
    if (!h.host) return service(params);
    const key = `${client}\0${jobId}`;
    const part = { client, stop: new AbortController() };
    this.hostParts.set(key, part);
    try {
      return await h.host(params, {
        hooks: this.hooks,
        service,
        cancel: (id) => this.cancel(id, client),
        signal: part.stop.signal,
        onProgress,
      });
    } finally {
      if (this.hostParts.get(key) === part) this.hostParts.delete(key);
    }
  }

  /** Cancels a call of this client: its host part and its job; false where it has neither running. */
  private cancel(jobId: string, client: string): boolean {
    const part = this.hostParts.get(`${client}\0${jobId}`);
    part?.stop.abort();
    return this.runner.cancel(jobId, client) || part !== undefined;
  }

  /**
   * Starts a long call before any window makes it: the file a host was started with, the one the desktop
   * reopens. The window's own call, identical, joins the job (or reads what it stored), so the work overlaps
   * the page's loading instead of following it. Nobody waits on it: it takes a free slot, a failure is only
   * heard by the window's own call, and that call's cancel stops it. False where it did not start (parameters
   * the contract refuses).
   */
  prefetch<M extends ApiMethod>(method: M, params: ApiParams<M>): boolean {
    let checked: ApiParams<M>;
    try {
      checked = parseParams(method, params);
    } catch {
      return false;
    }
    this.runner.ahead(method, checked);
    return true;
  }

  /** The client is gone: the jobs only it waited for are cancelled. */
  disconnect(client: string): void {
    for (const part of this.hostParts.values()) if (part.client === client) part.stop.abort();
    this.runner.disconnect(client);
  }

  /** Cancels every job; resolves once their workers have ended (see JobRunner.cancelAll). */
  close(): Promise<void> {
    for (const part of this.hostParts.values()) part.stop.abort();
    return this.runner.cancelAll();
  }
}
