import http from 'node:http';
import https from 'node:https';
import { StrataError } from '../../shared/errors';
import { serverText } from './serverText';

/** Redirects followed for one GET at most (git lets curl follow 20; a loop is found before that). */
export const MAX_REDIRECTS = 5;

export interface HttpRequestOptions {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly signal?: AbortSignal;
}

/**
 * One HTTP(S) request whose response body is handed over as a stream (never buffered whole), and the
 * address that answered. As git's default (http.followRedirects=initial), only a GET follows redirects —
 * at most MAX_REDIRECTS, to the same server (host and port; http may become https), never from https to
 * http; a POST is never sent again elsewhere.
 */
export async function httpExchange(url: string, options: HttpRequestOptions): Promise<{ res: http.IncomingMessage; url: string }> {
  const seen = [url];
  for (;;) {
    const current = seen[seen.length - 1]!;
    const res = await request(current, options);
    const status = res.statusCode ?? 0;
    const location = status >= 300 && status < 400 ? res.headers.location : undefined;
    if (location === undefined) {
      if (status === 200) return { res, url: current };
      res.resume();
      throw Object.assign(new Error(`HTTP Error: ${status} ${serverText(res.statusMessage ?? '')}`.trim()), { code: 'HttpError' });
    }
    res.resume();
    const next = redirectTarget(current, location);
    if (options.method === 'POST')
      throw new StrataError(
        'NotAGitRepository',
        `${new URL(current).host} redirected the upload-pack request to ${next}; Strata does not send it again elsewhere (as git, it follows redirects only for the first request). Clone the repository's final address instead.`,
      );
    if (seen.includes(next))
      throw new StrataError(
        'NotAGitRepository',
        `${originalAddress(seen[0]!)} redirects in a loop (${[...seen.slice(seen.indexOf(next)), next].map(shortAddress).join(' → ')}); the server is misconfigured. Check the address.`,
      );
    if (seen.length > MAX_REDIRECTS)
      throw new StrataError(
        'NotAGitRepository',
        `${originalAddress(seen[0]!)} redirected more than ${MAX_REDIRECTS} times (last to ${next}); Strata stops there. Check the address.`,
      );
    const from = new URL(current);
    const to = new URL(next);
    const downgrade = from.protocol === 'https:' && to.protocol !== 'https:';
    const upgrade = from.protocol === 'http:' && to.protocol === 'https:' && to.hostname === from.hostname && to.port === '';
    if (downgrade || (to.host !== from.host && !upgrade))
      throw new StrataError(
        'NotAGitRepository',
        `${originalAddress(seen[0]!)} redirects to ${originalAddress(next)}, ${downgrade ? 'an unencrypted (http) address' : 'another server'}; Strata does not follow that on its own. If you trust it, use that address instead.`,
      );
    seen.push(next);
  }
}

/** httpExchange's response alone. */
export async function httpRequest(url: string, options: HttpRequestOptions): Promise<http.IncomingMessage> {
  return (await httpExchange(url, options)).res;
}

function request(url: string, options: HttpRequestOptions): Promise<http.IncomingMessage> {
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
      resolve,
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function redirectTarget(from: string, location: string): string {
  try {
    return new URL(serverText(location), from).toString();
  } catch {
    throw new StrataError(
      'NotAGitRepository',
      `${new URL(from).host} redirected to an address that is not one ("${serverText(location)}").`,
    );
  }
}

/** A git address as the user knows it: without the info/refs query Strata added. */
const originalAddress = (url: string) => url.replace(/\/info\/refs\?service=git-upload-pack$/, '');

const shortAddress = (url: string) => {
  const u = new URL(originalAddress(url));
  return `${u.host}${u.pathname}`;
};

export async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
