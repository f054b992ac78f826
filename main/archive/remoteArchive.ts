import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { httpExchange } from '../transport/httpRequest';
import { ServerWatch } from '../transport/serverWatch';
import { streamingClone, streamingFetch, type TransferLimits } from '../transport/streamingClone';

/** Bytes of an inbox's manifest.js.gz read at most (lore's largest is well under 1 MiB). */
const MANIFEST_LIMIT = 64 << 20;

/** An archive source given as an http(s) address (a public-inbox inbox or one of its epochs). */
export function isArchiveUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The address without a trailing slash or the `/T/#u` kind of tail a browser's address bar carries. */
export function normalizeArchiveUrl(source: string): string {
  let u: URL;
  try {
    u = new URL(source);
  } catch {
    throw new StrataError('InvalidRequest', `${source} is not a valid address.`);
  }
  u.hash = '';
  u.search = '';
  return u.toString().replace(/\/+$/, '');
}

/**
 * Where the clone of an archive address lives: STRATA_HOME/archives/remote/<host-and-path>-<hash>.
 * An inbox becomes a v2 folder (git/N.git bare epochs); an epoch or a v1 inbox a bare git dir.
 */
export function remoteArchiveDir(home: string, url: string): string {
  const u = new URL(url);
  const readable = `${u.host}${u.pathname}`
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  const hash = crypto.createHash('sha1').update(url).digest('hex').slice(0, 8);
  return path.join(home, 'archives', 'remote', `${readable}-${hash}`);
}

/** The local folder an archive source is read from: a path as given, an address's clone in STRATA_HOME. */
export function localArchivePath(home: string, source: string): string {
  if (!isArchiveUrl(source)) return path.resolve(source);
  const dir = remoteArchiveDir(home, normalizeArchiveUrl(source));
  return fs.existsSync(path.join(dir, 'repo.git')) ? path.join(dir, 'repo.git') : dir;
}

/** One git repository to mirror: its address and where it goes under the archive's folder (`.` for the folder itself). */
interface RemoteEpoch {
  readonly name: string;
  readonly url: string;
}

const httpStatus = (err: unknown): number | null => {
  const m = err instanceof Error ? /HTTP Error: (\d{3})/.exec(err.message) : null;
  return m ? Number(m[1]) : null;
};

/**
 * What an address serves, found as lore's own mirroring does: an inbox answers `<inbox>/manifest.js.gz`
 * (gzipped JSON keyed by each epoch's path, `/<inbox>/git/N.git`, or the v1 inbox's own path); an epoch
 * or a v1 inbox answers git's smart-HTTP `info/refs` directly.
 */
export async function discoverRemoteArchive(
  url: string,
  signal?: AbortSignal,
  limits?: TransferLimits,
  onProgress?: (p: Progress) => void,
): Promise<{ kind: 'inbox' | 'git'; epochs: RemoteEpoch[] }> {
  const host = new URL(url).host;
  const watch = () => new ServerWatch(host, limits, (message) => onProgress?.({ phase: 'Connecting', loaded: 0, message }), signal);
  const unreachable = (err: unknown) =>
    new StrataError(
      'NetworkLost',
      `Could not reach ${host}: ${err instanceof Error ? err.message : String(err)}. Check the address and the network, then try again.`,
    );
  let manifest: Record<string, unknown> | null = null;
  try {
    const w = watch();
    const { res } = await w.wait(
      httpExchange(`${url}/manifest.js.gz`, { method: 'GET', headers: { accept: '*/*' }, signal: w.signal }),
      'answer',
    );
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of w.body(res, 'send manifest.js.gz')) {
      size += c.length;
      if (size > MANIFEST_LIMIT)
        throw new StrataError('InvalidRequest', `${url}/manifest.js.gz is over ${MANIFEST_LIMIT >> 20} MiB: not a public-inbox manifest.`);
      chunks.push(c);
    }
    const gz = Buffer.concat(chunks);
    try {
      const parsed = JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) manifest = parsed as Record<string, unknown>;
    } catch {
      manifest = null; // something else answered that name: not a public-inbox manifest
    }
  } catch (err) {
    if (signal?.aborted) throw new StrataError('Cancelled', 'Cancelled.');
    if (err instanceof StrataError) throw err;
    if (httpStatus(err) === null) throw unreachable(err);
  }
  if (manifest) {
    const keys = Object.keys(manifest);
    const epochs = keys
      .map((k) => /(?:^|\/)git\/(\d+)\.git$/.exec(k))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const inboxNames = new Set(keys.map((k) => k.replace(/\/git\/\d+\.git$/, '')));
    if (inboxNames.size > 1)
      throw new StrataError(
        'InvalidRequest',
        `${url} serves ${inboxNames.size} inboxes, not one: add one of them, e.g. ${new URL(url).origin}${[...inboxNames].sort()[0]}/`,
      );
    if (epochs.length) return { kind: 'inbox', epochs: epochs.map((n) => ({ name: `git/${n}.git`, url: `${url}/git/${n}.git` })) };
    if (keys.length === 1) return { kind: 'git', epochs: [{ name: '.', url }] }; // a v1 inbox lists itself
  }
  try {
    const w = watch();
    const { res } = await w
      .wait(
        httpExchange(`${url}/info/refs?service=git-upload-pack`, { method: 'GET', headers: { accept: '*/*' }, signal: w.signal }),
        'answer',
      )
      .finally(() => w.close());
    const type = String(res.headers['content-type'] ?? '');
    res.destroy();
    if (type.startsWith('application/x-git-upload-pack-advertisement')) return { kind: 'git', epochs: [{ name: '.', url }] };
  } catch (err) {
    if (signal?.aborted) throw new StrataError('Cancelled', 'Cancelled.');
    if (err instanceof StrataError) throw err;
    if (httpStatus(err) === null) throw unreachable(err);
  }
  throw new StrataError(
    'InvalidRequest',
    `${url} is not a public-inbox inbox or epoch: it serves neither manifest.js.gz nor a git repository. ` +
      'Give the inbox address as lore shows it (https://lore.kernel.org/<list>/) or one epoch (…/<list>/git/0.git).',
  );
}

const isCloned = (gitdir: string) => fs.existsSync(path.join(gitdir, 'HEAD')) && fs.existsSync(path.join(gitdir, 'objects'));

/**
 * Mirrors an archive address into STRATA_HOME with Strata's own smart-HTTP transport: epochs not here yet are
 * cloned (each into a temporary folder renamed into place when whole, so a cut connection loses only the epoch
 * under way and the next run resumes there), epochs here are fetched (only the new messages come over).
 * Returns the local folder, ready for locateArchive.
 */
export async function mirrorRemoteArchive(o: {
  home: string;
  source: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** How long to wait for the server (tests shorten it). */
  limits?: TransferLimits;
}): Promise<{ dir: string; changed: number }> {
  const url = normalizeArchiveUrl(o.source);
  const dir = remoteArchiveDir(o.home, url);
  const found = await discoverRemoteArchive(url, o.signal, o.limits, o.onProgress);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'strata-source.txt'), `${url}\n`);
  let changed = 0;
  for (const [i, epoch] of found.epochs.entries()) {
    const gitdir = epoch.name === '.' ? path.join(dir, 'repo.git') : path.join(dir, epoch.name);
    const label = found.epochs.length > 1 ? ` (${epoch.name}, ${i + 1} of ${found.epochs.length})` : '';
    const onProgress = (p: Progress) => o.onProgress?.({ ...p, phase: `${p.phase}${label}` });
    try {
      if (isCloned(gitdir)) {
        const r = await streamingFetch({
          gitdir,
          url: epoch.url,
          onProgress,
          ...(o.signal ? { signal: o.signal } : {}),
          ...(o.limits ? { limits: o.limits } : {}),
        });
        if (r.changed) changed++;
      } else {
        const partial = `${gitdir}.partial`;
        fs.rmSync(partial, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(partial), { recursive: true });
        await streamingClone({
          url: epoch.url,
          dir: partial,
          bare: true,
          onProgress,
          ...(o.signal ? { signal: o.signal } : {}),
          ...(o.limits ? { limits: o.limits } : {}),
        });
        fs.renameSync(partial, gitdir);
        changed++;
      }
    } catch (err) {
      fs.rmSync(`${gitdir}.partial`, { recursive: true, force: true });
      if (err instanceof StrataError && err.code === 'Cancelled') throw err;
      if (o.signal?.aborted) throw new StrataError('Cancelled', `Cancelled; the epochs already mirrored from ${url} are kept.`);
      const kept = found.epochs.slice(0, i).map((e) => e.name);
      const why = err instanceof Error ? err.message : String(err);
      throw new StrataError(
        'NetworkLost',
        `Mirroring ${url}${label} stopped: ${why}` +
          (kept.length ? ` ${kept.join(', ')} ${kept.length > 1 ? 'are' : 'is'} kept;` : '') +
          ' run the same command again to resume where it stopped.',
      );
    }
  }
  return { dir: found.kind === 'git' ? path.join(dir, 'repo.git') : dir, changed };
}
