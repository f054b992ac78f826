import type { ApiMessage } from '../../shared/api';

/**
 * A partial answer the job worker already wrote as JSON. A timeline's list of 3,000 commits is 1.4 MB: read back
 * into objects by the host (17 ms) and written again for the page (10 ms), it held the list up and the host's
 * main thread with it. The host sends this text as it is; `toJSON` keeps any other writer correct.
 */
export class WireJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

/** A message as the page receives it (WebSocket and Electron IPC alike): JSON text. */
export function encodeMessage(m: ApiMessage): string {
  if ('partial' in m && m.partial instanceof WireJson) return `{"id":${JSON.stringify(m.id)},"partial":${m.partial.json}}`;
  return JSON.stringify(m);
}
