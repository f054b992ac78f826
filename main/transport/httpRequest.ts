import http from 'node:http';
import https from 'node:https';
import { serverText } from './serverText';

/** One HTTP(S) request whose response body is handed over as a stream (never buffered whole). */
export function httpRequest(
  url: string,
  options: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: Buffer; signal?: AbortSignal },
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      {
        method: options.method,
        headers: {
          'user-agent': 'git/2.0 (strata)',
          ...options.headers,
          ...(options.body ? { 'content-length': String(options.body.length) } : {}),
        },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          httpRequest(new URL(res.headers.location, u).toString(), options).then(resolve, reject);
          return;
        }
        if (status !== 200) {
          res.resume();
          reject(Object.assign(new Error(`HTTP Error: ${status} ${serverText(res.statusMessage ?? '')}`.trim()), { code: 'HttpError' }));
          return;
        }
        resolve(res);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
