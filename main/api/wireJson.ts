import type { ApiMessage } from '../../shared/api';

/**
 * A partial answer the job worker already wrote as JSON, as its UTF-8 bytes. A timeline's list of 3,000 commits is
 * 1.4 MB (vim's 19,614: 15.5 MB): read back into objects by the host (17 ms) and written again for the page (10 ms),
 * it held the list up and the host's main thread with it. As text it was copied between the threads and encoded
 * again for the socket (1.5 s at 15.5 MB on the host's main thread); as bytes it is handed over without a copy and
 * sent as it is. `toJSON` keeps any other writer correct.
 */
export class WireJson {
  constructor(readonly bytes: Uint8Array) {}

  get json(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('utf8');
  }

  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

/** JSON as UTF-8 bytes of their own (not a slice of a shared pool): bytes a worker can hand over (transfer). */
export function ownBytes(json: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(json);
}

/** A message as the page receives it (WebSocket and Electron IPC alike): JSON text. */
export function encodeMessage(m: ApiMessage): string {
  if ('partial' in m && m.partial instanceof WireJson) return `{"id":${JSON.stringify(m.id)},"partial":${m.partial.json}}`;
  return JSON.stringify(m);
}

/**
 * The same as the fragments of a WebSocket's text message: a partial written by the worker goes out as its bytes,
 * neither encoded again nor copied into one buffer (15.5 MB cost 140 ms to join on the host's main thread).
 */
export function encodeFrames(m: ApiMessage): (string | Buffer)[] {
  if ('partial' in m && m.partial instanceof WireJson) {
    const bytes = m.partial.bytes;
    return [`{"id":${JSON.stringify(m.id)},"partial":`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), '}'];
  }
  return [JSON.stringify(m)];
}
