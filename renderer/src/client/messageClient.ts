import type { ApiMessage, ApiMethod, ApiParams, ApiPartial, ApiResults, CallOptions, StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Progress } from '../../../shared/model';

/** A failure the UI can show as it is: the service's message and its suggested action. */
export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

/** The ErrorInfo of anything a call rejected with. */
export function errorOf(e: unknown): ErrorInfo {
  if (e instanceof ApiError) return e.info;
  return { code: 'Internal', message: e instanceof Error ? e.message : String(e) };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (p: Progress) => void;
  onPartial?: (part: unknown) => void;
}

/** The API client over any message transport (Electron IPC or a WebSocket). */
export function createMessageClient(
  kind: 'electron' | 'web',
  send: (request: { id: string; method: string; params: unknown; background?: true }) => void,
  subscribe: (on: (m: ApiMessage) => void) => void,
): StrataClient {
  const pending = new Map<string, Pending>();
  let counter = 0;
  subscribe((m) => {
    const p = pending.get(m.id);
    if (!p) return;
    if ('progress' in m) p.onProgress?.(m.progress);
    else if ('partial' in m) p.onPartial?.(m.partial);
    else {
      pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new ApiError(m.error));
    }
  });
  return {
    kind,
    call<M extends ApiMethod>(
      method: M,
      params: ApiParams<M>,
      onProgress?: (p: Progress) => void,
      onPartial?: (part: ApiPartial<M>) => void,
      options?: CallOptions,
    ) {
      const jobId = `r${Date.now().toString(36)}${(counter++).toString(36)}`;
      const result = new Promise<ApiResults[M]>((resolve, reject) => {
        pending.set(jobId, {
          resolve,
          reject,
          ...(onProgress ? { onProgress } : {}),
          ...(onPartial ? { onPartial: (part: unknown) => onPartial(part as ApiPartial<M>) } : {}),
        });
        send({ id: jobId, method, params, ...(options?.background ? { background: true as const } : {}) });
      });
      return { jobId, result };
    },
  };
}

export function connectWebSocket(): Promise<StrataClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
    const listeners: ((m: ApiMessage) => void)[] = [];
    const queue: string[] = [];
    ws.onmessage = (ev) => {
      const m = JSON.parse(String(ev.data)) as ApiMessage;
      for (const l of listeners) l(m);
    };
    ws.onopen = () => {
      for (const q of queue.splice(0)) ws.send(q);
      resolve(client);
    };
    ws.onerror = () => reject(new Error('Cannot reach the Strata web host. Is `strata serve` still running?'));
    const client = createMessageClient(
      'web',
      (req) => {
        const text = JSON.stringify(req);
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      },
      (on) => listeners.push(on),
    );
  });
}

declare global {
  interface Window {
    strataBridge?: { send(request: unknown): void; onMessage(cb: (m: unknown) => void): void };
  }
}

export function connectElectron(): StrataClient | null {
  const bridge = window.strataBridge;
  if (!bridge) return null;
  return createMessageClient(
    'electron',
    (req) => bridge.send(req),
    (on) => bridge.onMessage((m) => on(JSON.parse(String(m)) as ApiMessage)),
  );
}
