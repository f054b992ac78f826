import { parseParams, type ApiMethod, type ApiResult } from '../../shared/api';
import { StrataError } from '../../shared/errors';
import type { Handler, HostHooks, MethodContext } from './handler';
import { handlerOf } from './handlers';

/** A host with nothing of its own: no browser, no dialog, no printer. */
export const NO_HOST: HostHooks = {
  openExternal: async () => false,
  pickDirectory: async () => null,
  printPdf: async () => {
    throw new StrataError('InvalidRequest', 'This front end cannot print PDF; export HTML instead.');
  },
};

/**
 * Runs one method in this process: parameters parsed against the contract, then the handler's host part
 * (with `hooks`) or its service work. The command line and the job worker call methods this way; the
 * app and the web host go through ApiDispatcher, which adds a worker per long job and follow-ups.
 */
export async function callMethod<M extends ApiMethod>(
  method: M,
  params: unknown,
  ctx: MethodContext,
  hooks: HostHooks = NO_HOST,
): Promise<ApiResult<M>> {
  const parsed = parseParams(method, params);
  const h: Handler<M> = await handlerOf(method);
  const service = serviceOf(method, h, ctx);
  const host = {
    hooks,
    service,
    cancel: () => false,
    signal: ctx.signal ?? new AbortController().signal,
    onProgress: ctx.onProgress ?? (() => undefined),
  };
  return h.host ? h.host(parsed, host) : service(parsed);
}

/** Only the service work of a method, parameters parsed again (the job worker: its host part stays in the host). */
export async function runService<M extends ApiMethod>(method: M, params: unknown, ctx: MethodContext): Promise<ApiResult<M>> {
  const parsed = parseParams(method, params);
  return serviceOf(method, await handlerOf(method), ctx)(parsed);
}

/** The service work of a handler as a plain function; a host-only method has none. */
export function serviceOf<M extends ApiMethod>(
  method: M,
  h: Handler<M>,
  ctx: MethodContext,
): (params: Parameters<NonNullable<Handler<M>['run']>>[0]) => Promise<ApiResult<M>> {
  return (params) => {
    if (!h.run) throw new StrataError('InvalidRequest', `${method} is answered by the app or the web host, not by a service.`);
    return h.run(params, ctx);
  };
}
