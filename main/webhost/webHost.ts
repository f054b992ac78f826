import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { printHtmlToPdfBytes } from '../reports/printHtmlToPdf';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ApiDispatcher } from '../api/apiDispatcher';
import { encodeFrames } from '../api/wireJson';
import type { JobRunner } from '../api/jobRunner';
import { contentSecurityPolicy } from './contentSecurityPolicy';

export interface WebHostOptions {
  readonly home: string;
  readonly port?: number;
  /** Built renderer files (dist/renderer). */
  readonly staticDir: string;
  /** Opened first in the UI (repository folder and path). */
  readonly initial?: { dir: string; path: string };
  readonly token?: string;
  /** At most this many jobs at once (default: the machine's cores); see JobRunner. */
  readonly maxJobs?: number;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The host's one job runner (its counts: jobs started, shared, cancelled). */
  readonly jobs: JobRunner;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The same renderer and API as the desktop app over HTTP and a WebSocket,
 * bound to 127.0.0.1 only. Every request needs the token printed at start
 * (kept in a same-site cookie after the first page); other origins are refused.
 */
export async function startWebHost(o: WebHostOptions): Promise<WebHost> {
  const token = o.token ?? crypto.randomBytes(24).toString('hex');
  const dispatcher = new ApiDispatcher(
    o.home,
    {
      openExternal: async () => false, // the browser opens allowed links itself
      pickDirectory: async () => null,
      printPdf: printHtmlToPdfBytes,
    },
    o.maxJobs ? { maxJobs: o.maxJobs } : {},
  );
  // the file the host was started with is what the first page asks for: its history is read while the page loads
  if (o.initial) dispatcher.prefetch('indexFile', { dir: o.initial.dir, path: o.initial.path, follow: false });
  let port = 0;
  const hostOk = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originOk = (origin: string | undefined) => origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  const tokenOf = (req: http.IncomingMessage): string | null => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams.get('token');
    if (q) return q;
    const m = /(?:^|;\s*)strata_token=([0-9a-f]+)/.exec(req.headers.cookie ?? '');
    return m ? m[1]! : null;
  };
  const authorized = (req: http.IncomingMessage) => {
    const t = tokenOf(req);
    return t !== null && t.length === token.length && crypto.timingSafeEqual(Buffer.from(t), Buffer.from(token));
  };

  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch (e) {
      // A malformed address (`/%ZZ`) answers 400 for this request; the host serves on.
      if (e instanceof URIError || e instanceof TypeError) {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('Bad address.\n');
      } else throw e;
    }
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const deny = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
    };
    if (!hostOk(req.headers.host)) return deny(421, 'Strata answers only on 127.0.0.1.\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'Only GET.\n');
    if (req.headers.origin && !originOk(req.headers.origin)) return deny(403, 'Requests from other origins are refused.\n');
    if (!authorized(req)) return deny(401, 'Open the address strata serve printed, with its token.\n');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/initial.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify(o.initial ?? null));
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(o.staticDir, rel);
    if (!file.startsWith(path.resolve(o.staticDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return deny(404, 'Not found.\n');
    const headers: http.OutgoingHttpHeaders = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Vite names every asset by its content: a reload (or a second window) reads them from the cache.
      'cache-control': /^assets\/[^/]+-[\w-]{8}\.\w+$/.test(rel) ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    if (file.endsWith('.html')) {
      headers['content-security-policy'] = contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`);
      headers['x-frame-options'] = 'DENY';
      if (url.searchParams.get('token')) headers['set-cookie'] = `strata_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy()); // a reset during the handshake ends that connection only
    let allowed: boolean;
    try {
      allowed = hostOk(req.headers.host) && originOk(req.headers.origin) && authorized(req);
    } catch {
      allowed = false; // an address `new URL` cannot read
    }
    if (!allowed) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // each connection is one client: its job ids are its own, and its jobs end when it closes
      const client = crypto.randomUUID();
      ws.on('close', () => {
        dispatcher.disconnect(client);
        if (wss.clients.size === 0) dispatcher.runner.releaseCaches(); // nobody left: the repositories kept open are closed
      });
      // A bad frame (over maxPayload, invalid UTF-8, unmasked, unknown opcode) is an 'error' on this socket;
      // ws has already sent the close code (1009, 1007, 1002) and closes it. Without a listener it would end the process.
      ws.on('error', () => undefined);
      ws.on('message', (data) => {
        let msg: unknown;
        try {
          msg = JSON.parse((data as Buffer).toString()); // ws hands over each message as one Buffer (binaryType 'nodebuffer')
        } catch {
          return;
        }
        void dispatcher.handle(
          msg,
          (m) => {
            if (ws.readyState !== ws.OPEN) return;
            const frames = encodeFrames(m);
            frames.forEach((f, i) => ws.send(f, { binary: false, fin: i === frames.length - 1 }));
          },
          client,
        );
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    jobs: dispatcher.runner,
    close: async () => {
      const jobsEnded = dispatcher.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobsEnded; // nothing is written into the home after this
    },
  };
}
