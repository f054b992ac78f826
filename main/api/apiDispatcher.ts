import { validateRequest, type ApiMessage, type ApiMethod, type ApiParams, type ApiResult } from '../../shared/api';
import { StrataError, toErrorInfo } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import type { FollowUpContext, Handler, HostHooks } from './handler';
import { handlers } from './handlers';
import { JobRunner } from './jobRunner';

/**
 * Takes one untrusted request (from IPC or a WebSocket), validates it against the API contract, runs its
 * handler (host part, service work in a worker when long, follow-up), and sends progress and the answer back.
 */
export class ApiDispatcher {
  readonly runner: JobRunner;
  private readonly followUp: FollowUpContext;

  constructor(
    home: string,
    private readonly hooks: HostHooks,
    workerFile?: string,
  ) {
    this.runner = workerFile ? new JobRunner(home, workerFile) : new JobRunner(home);
    this.followUp = { home, hooks, background: (method, params, once) => this.runner.background(method, params, once) };
  }

  async handle(raw: unknown, send: (m: ApiMessage) => void): Promise<void> {
    const req = raw as { id?: unknown; method?: unknown; params?: unknown } | null;
    const id = typeof req?.id === 'string' && req.id.length <= 64 ? req.id : '';
    try {
      if (!id || typeof req?.method !== 'string') throw new StrataError('InvalidRequest', 'A request needs an id and a method.');
      const { method, params } = validateRequest(req.method, req.params);
      const result = await this.call(method, params, id, (progress) => send({ id, progress }));
      send({ id, ok: true, result });
    } catch (err) {
      send({ id, ok: false, error: toErrorInfo(err) });
    }
  }

  /** One validated call; `jobId` names its job for cancel. */
  async call<M extends ApiMethod>(
    method: M,
    params: ApiParams<M>,
    jobId: string,
    onProgress: (p: Progress) => void,
  ): Promise<ApiResult<M>> {
    const h: Handler<M> = handlers[method];
    const service = (p: ApiParams<M>): Promise<ApiResult<M>> => {
      if (!h.run) throw new StrataError('InvalidRequest', `${method} is answered by the host, not by a service.`);
      return this.runner.run(method, p, onProgress, jobId);
    };
    const result = h.host
      ? await h.host(params, { hooks: this.hooks, service, cancel: (id) => this.runner.cancel(id) })
      : await service(params);
    if (h.after) await h.after(params, result, this.followUp);
    return result;
  }

  close(): void {
    this.runner.cancelAll();
  }
}
