import { isAllowedExternalLink, validateRequest, type ApiMessage } from '../../shared/api';
import { StrataError, toErrorInfo } from '../../shared/errors';
import { JobRunner } from './jobRunner';

/** What differs between hosts: a desktop opens links and folder pickers itself; a browser does not. */
export interface HostHooks {
  openExternal(url: string): Promise<boolean>;
  pickDirectory(title?: string): Promise<string | null>;
}

/**
 * Takes one untrusted request (from IPC or a WebSocket), validates it against
 * the API contract, runs it, and sends progress and the answer back.
 */
export class ApiDispatcher {
  readonly runner: JobRunner;

  constructor(home: string, private readonly hooks: HostHooks) {
    this.runner = new JobRunner(home);
  }

  async handle(raw: unknown, send: (m: ApiMessage) => void): Promise<void> {
    const req = raw as { id?: unknown; method?: unknown; params?: unknown } | null;
    const id = typeof req?.id === 'string' && req.id.length <= 64 ? req.id : '';
    try {
      if (!id || typeof req?.method !== 'string') throw new StrataError('InvalidRequest', 'A request needs an id and a method.');
      const { method, params } = validateRequest(req.method, req.params);
      let result: unknown;
      if (method === 'cancel') result = { cancelled: this.runner.cancel((params as { jobId: string }).jobId) };
      else if (method === 'openExternal') {
        const url = (params as { url: string }).url;
        if (!isAllowedExternalLink(url)) throw new StrataError('InvalidRequest', `Links to ${safeHost(url)} are not opened from Strata; only kernel.org mailing-list and git addresses are.`);
        result = { opened: await this.hooks.openExternal(url), url };
      } else if (method === 'pickDirectory') result = { dir: await this.hooks.pickDirectory((params as { title?: string }).title) };
      else result = await this.runner.run(method, params, (progress) => send({ id, progress }), id);
      send({ id, ok: true, result });
    } catch (err) {
      send({ id, ok: false, error: toErrorInfo(err) });
    }
  }

  close(): void {
    this.runner.cancelAll();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host || 'that address';
  } catch {
    return 'that address';
  }
}
