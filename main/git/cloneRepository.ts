import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { streamingClone, streamingDeepen, type TransferLimits } from '../transport/streamingClone';
import { ServerWatch, type TransferTimeouts } from '../transport/serverWatch';
import { RefStore } from '../objects/refStore';
import { locateRepository } from './locateGitdir';
import { readOriginUrl } from './gitConfig';

export interface CloneOptions {
  readonly url: string;
  readonly dir: string;
  readonly depth?: number;
  /** Only history since this date (ISO-8601). */
  readonly since?: string;
  readonly singleBranch?: boolean;
  readonly ref?: string;
  /**
   * Fetch the history in steps (a shallow clone, then deepenings doubling in
   * size), each kept as it lands: a connection lost mid-clone loses only the
   * step under way, and cloning again to the same folder resumes. On by
   * default for full clones; off, the history comes as one pack (faster).
   */
  readonly resumable?: boolean;
  /** Commits in the first step of a resumable clone (FIRST_STEP unless given). */
  readonly firstStep?: number;
  /** How long to wait for the server, how long a list of refs may be (defaults suit real servers; tests shorten them). */
  readonly limits?: TransferLimits;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Commits in the first step of a resumable clone; each later step asks for STEP_GROWTH times the one before. */
export const FIRST_STEP = 1000;
export const STEP_GROWTH = 2;
const STATE_FILE = 'strata-clone.json';

export function validateCloneUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const hint = /^[\w.-]+@[\w.-]+:/.test(url) ? ' SSH addresses are not supported; use the https:// address of the repository.' : '';
    throw new StrataError(
      'InvalidUrl',
      `"${url}" is not a valid repository address.${hint} Example: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StrataError('InvalidUrl', `${parsed.protocol} addresses are not supported; use the https:// address of the repository.`);
  }
  return parsed;
}

/** An HTTP client that counts the bytes it receives and stops when the signal fires. */
/**
 * isomorphic-git's HTTP client with Strata's byte count, cancel and server timeouts (a silent server fails the
 * transfer after `limits.idleMs`, and progress says "waiting for the server" meanwhile), as Strata's own transport has.
 */
function meteredHttp(
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
  limits?: TransferTimeouts,
  onWaiting?: (message: string) => void,
) {
  return {
    async request(req: Parameters<typeof nodeHttp.request>[0]) {
      const watch = new ServerWatch(hostOf(req.url), limits, onWaiting ?? (() => undefined), signal);
      const res = await watch.wait(nodeHttp.request({ ...req, signal: watch.signal }), 'answer');
      const body = res.body;
      if (!body) {
        watch.close();
        return res;
      }
      const it = body[Symbol.asyncIterator]();
      const counted: AsyncIterableIterator<Uint8Array> = {
        async next() {
          if (signal?.aborted) throw new StrataError('Cancelled', 'Cancelled.');
          const r = await watch.wait(it.next(), 'send the rest of its answer');
          if (r.done) watch.close();
          else if (r.value) {
            watch.endDeadline(); // bytes are flowing: from now on only silence counts
            onBytes(r.value.byteLength);
          }
          return r;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      return { ...res, body: counted };
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function describeNetworkError(err: unknown, url: string, signal?: AbortSignal): StrataError {
  if (signal?.aborted) return new StrataError('Cancelled', 'The transfer was cancelled; nothing was kept.');
  if (err instanceof StrataError) return err;
  const e = err as { code?: string; message?: string; data?: { statusCode?: number } };
  const msg = e?.message ?? String(err);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (
    e?.code === 'ENOTFOUND' ||
    e?.code === 'ECONNREFUSED' ||
    e?.code === 'EHOSTUNREACH' ||
    e?.code === 'ETIMEDOUT' ||
    /ENOTFOUND|ECONNREFUSED|EHOSTUNREACH/.test(msg)
  ) {
    return new StrataError('HostUnreachable', `Cannot reach ${host}. Check the address and your network connection, then try again.`);
  }
  const status = /HTTP Error: (\d{3})/.exec(msg)?.[1];
  if (status && status >= '500')
    return new StrataError('NotAGitRepository', `${host}: the server answered ${status} (server error). Try again later.`);
  if (e?.code === 'HttpError' || /HTTP Error: (401|403|404)/.test(msg)) {
    return new StrataError(
      'NotAGitRepository',
      `${url} did not answer as a git repository (${msg.replace(/^HttpError: /, '')}). Check the address.`,
    );
  }
  if (/ECONNRESET|socket hang up|aborted|premature|ended|EPIPE|unexpected end|terminated|closed/i.test(msg) || e?.code === 'ECONNRESET') {
    return new StrataError('NetworkLost', `The connection to ${host} was lost during the transfer. Nothing partial was kept; try again.`);
  }
  return new StrataError('NetworkLost', `The transfer from ${host} failed: ${msg}. Nothing partial was kept; try again.`);
}

function progressReporter(onProgress: ((p: Progress) => void) | undefined) {
  let bytes = 0;
  let last: { phase: string; loaded: number; total?: number } = { phase: 'Connecting', loaded: 0 };
  const emit = (message?: string) => onProgress?.({ ...last, bytes, ...(message ? { message } : {}) });
  return {
    onBytes: (n: number) => {
      bytes += n;
      emit();
    },
    /** "waiting for the server (N s)" while it is silent. */
    onWaiting: (message: string) => emit(message),
    onGitProgress(e: { phase: string; loaded: number; total?: number }) {
      last = e.total ? { phase: e.phase, loaded: e.loaded, total: e.total } : { phase: e.phase, loaded: e.loaded };
      emit();
    },
  };
}

/**
 * Clones into a hidden sibling folder and moves it into place only when complete:
 * a cancelled or failed clone leaves nothing behind to break the next try —
 * except the finished steps of a resumable clone cut by the network, which the
 * next clone of the same address into the same folder continues from.
 */
/** The file standing at `dir` or at the nearest of its folders that exists, if it is not a folder; null where none is. */
function fileInTheWay(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(d);
    } catch {
      // not there (or under a file): look further up
    }
    if (st) return st.isDirectory() ? null : d;
    if (path.dirname(d) === d) return null;
  }
}

export async function cloneRepository(o: CloneOptions): Promise<{ dir: string; resumedFrom?: number }> {
  validateCloneUrl(o.url);
  const dir = path.resolve(o.dir);
  const inTheWay = fileInTheWay(dir);
  if (inTheWay)
    throw new StrataError(
      'DestinationExists',
      `${inTheWay} is a file, so ${dir} cannot be made there; choose a destination folder that is not in or under a file.`,
    );
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new StrataError(
      'DestinationExists',
      `${dir} already exists and is not empty; choose another folder, or open it as a local repository.`,
    );
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const stepped = process.env.STRATA_CLONE !== 'isogit' && (o.resumable ?? true) && !o.depth && !o.since;
  const partial = path.join(
    path.dirname(dir),
    `.${path.basename(dir)}.partial${stepped ? '' : `-${crypto.randomBytes(4).toString('hex')}`}`,
  );
  let keep = false;
  let resumedFrom: number | undefined;
  try {
    if (stepped) {
      const steps = await clonedSteps(partial, o.url);
      if (steps > 0) {
        resumedFrom = steps;
        removeUnfinishedPacks(path.join(partial, '.git'));
      } else fs.rmSync(partial, { recursive: true, force: true });
      keep = true;
      await cloneInSteps(o, partial, steps);
    } else if (process.env.STRATA_CLONE !== 'isogit') {
      await streamingClone({
        url: o.url,
        dir: partial,
        ...(o.depth ? { depth: o.depth } : {}),
        ...(o.since ? { since: o.since } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        ...(o.limits ? { limits: o.limits } : {}),
      });
    } else await isogitClone(o, partial);
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The clone was cancelled; nothing was kept.');
    fs.rmSync(path.join(partial, '.git', STATE_FILE), { force: true });
    if (fs.existsSync(dir)) fs.rmdirSync(dir);
    fs.renameSync(partial, dir);
    return { dir, ...(resumedFrom ? { resumedFrom } : {}) };
  } catch (err) {
    const e = describeNetworkError(err, o.url, o.signal);
    const steps = keep && (e.code === 'NetworkLost' || e.code === 'HostUnreachable') ? await clonedSteps(partial, o.url) : 0;
    if (steps === 0) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw e;
    }
    throw new StrataError(
      e.code,
      `${cutShort(e, o.url)} during step ${steps + 1} of the clone. The ${steps} step${steps > 1 ? 's' : ''} of history already received ${steps > 1 ? 'are' : 'is'} kept: clone the same address into the same folder again to resume.`,
      { resumable: { stepsKept: steps } },
    );
  }
}

/**
 * The temporary pack and index of a step that a killed process left behind (a step cut any other way
 * removes its own): they are no part of the clone, and git would count them as garbage.
 */
function removeUnfinishedPacks(gitdir: string): void {
  const packDir = path.join(gitdir, 'objects', 'pack');
  let names: string[];
  try {
    names = fs.readdirSync(packDir);
  } catch {
    return;
  }
  for (const n of names) if (/^tmp-[0-9a-f]+\.(pack|idx)$/.test(n)) fs.rmSync(path.join(packDir, n), { force: true });
}

/** Why a step was cut short, as the start of a sentence: a server that stopped answering says for how long. */
function cutShort(e: StrataError, url: string): string {
  const host = new URL(url).host;
  if (e.code !== 'NetworkLost') return `${host} could not be reached`;
  const timeout = /^(.* (?:sent nothing for|did not .* within) .*?); the transfer was given up\./.exec(e.message);
  return timeout ? `${timeout[1]},` : `The connection to ${host} was lost`;
}

/** Steps of a resumable clone of `url` already in `partial` (0: none, or of another address). */
async function clonedSteps(partial: string, url: string): Promise<number> {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(partial, '.git', STATE_FILE), 'utf8')) as { url?: unknown; steps?: unknown };
    return state.url === url && typeof state.steps === 'number' ? state.steps : 0;
  } catch {
    return 0;
  }
}

async function cloneInSteps(o: CloneOptions, partial: string, done: number): Promise<void> {
  const gitdir = path.join(partial, '.git');
  const mark = (steps: number) => fs.writeFileSync(path.join(gitdir, STATE_FILE), `${JSON.stringify({ url: o.url, steps })}\n`);
  const report = (step: number) => (p: Progress) =>
    o.onProgress?.({ ...p, message: `step ${step + 1}${done ? `, resumed after ${done}` : ''}${p.message ? ` · ${p.message}` : ''}` });
  let steps = done;
  if (steps === 0) {
    await streamingClone({
      url: o.url,
      dir: partial,
      depth: o.firstStep ?? FIRST_STEP,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      onProgress: report(0),
    });
    mark((steps = 1));
  }
  for (;;) {
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The clone was cancelled; nothing was kept.');
    if (!fs.existsSync(path.join(gitdir, 'shallow'))) return;
    const deepened = await streamingDeepen({
      gitdir,
      url: o.url,
      by: (o.firstStep ?? FIRST_STEP) * STEP_GROWTH ** steps,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      onProgress: report(steps),
    });
    if (deepened === null)
      throw new StrataError('NetworkLost', `${o.url} cannot deepen a shallow clone step by step; clone it as one pack (not resumable).`);
    mark(++steps);
  }
}

async function isogitClone(o: CloneOptions, partial: string): Promise<void> {
  const progress = progressReporter(o.onProgress);
  await git.clone({
    fs,
    dir: partial,
    url: o.url,
    http: meteredHttp(o.signal, progress.onBytes, o.limits, progress.onWaiting),
    noCheckout: true,
    singleBranch: o.singleBranch ?? true,
    ...(o.ref ? { ref: o.ref } : {}),
    ...(o.depth ? { depth: o.depth } : {}),
    ...(o.since ? { since: new Date(o.since) } : {}),
    onProgress: (e) => {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'The clone was cancelled; nothing was kept.');
      progress.onGitProgress(e);
    },
  });
}

/**
 * Deepens by `by` commits in steps (1,000, then doubling), each kept as it
 * lands; false where the server cannot (isomorphic-git's fetch does it then).
 */
async function deepenInSteps(
  gitdir: string,
  url: string,
  by: number,
  firstStep: number,
  signal?: AbortSignal,
  onProgress?: (p: Progress) => void,
  limits?: TransferLimits,
): Promise<boolean> {
  let done = 0;
  for (let step = firstStep; done < by; step *= STEP_GROWTH) {
    const n = Math.min(step, by - done);
    try {
      const r = await streamingDeepen({
        gitdir,
        url,
        by: n,
        ...(signal ? { signal } : {}),
        ...(limits ? { limits } : {}),
        ...(onProgress
          ? {
              onProgress: (p: Progress) =>
                onProgress({ ...p, message: `${done} of ${by} commits deeper${p.message ? ` · ${p.message}` : ''}` }),
            }
          : {}),
      });
      if (r === null) return false;
      done += n;
      if (r.shallow.length === 0) break; // the whole history is here
    } catch (err) {
      const e = describeNetworkError(err, url, signal);
      if (done === 0 || e.code === 'Cancelled') throw e;
      throw new StrataError(
        e.code,
        `The connection to ${new URL(url).host} was lost while fetching more history. What arrived before is kept: the history is already ${done} commits deeper; fetch more to continue.`,
      );
    }
  }
  return true;
}

export interface FetchOptions {
  readonly dir: string;
  /** Deepen a shallow clone by this many commits ("fetch more history"). */
  readonly deepen?: number;
  /** Commits in the first step of a deepening (FIRST_STEP unless given); each later step doubles. */
  readonly firstStep?: number;
  readonly since?: string;
  /** As a clone's (the deepening's waits for the server). */
  readonly limits?: TransferLimits;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Fetches new commits (or deepens a shallow clone) in place and moves the current branch to what was fetched. */
export async function fetchRepository(o: FetchOptions): Promise<{ head: string | null; updated: boolean }> {
  const dir = path.resolve(o.dir);
  const where = locateRepository(dir);
  const gitdir = where.gitdir;
  const url = await readOriginUrl(gitdir);
  if (!url) throw new StrataError('InvalidRequest', `${dir} has no "origin" remote to fetch from.`);
  const refs = new RefStore(gitdir, where.worktreeGitdir);
  const branch = refs.currentBranch() ?? undefined;
  const before = refs.head();
  const progress = progressReporter(o.onProgress);
  if (o.deepen && process.env.STRATA_CLONE !== 'isogit') {
    const deepened = await deepenInSteps(gitdir, url, o.deepen, o.firstStep ?? FIRST_STEP, o.signal, o.onProgress, o.limits);
    if (deepened) return { head: before, updated: true };
  }
  try {
    const result = await git.fetch({
      fs,
      gitdir,
      http: meteredHttp(o.signal, progress.onBytes, o.limits, progress.onWaiting),
      singleBranch: true,
      ...(branch ? { ref: branch } : {}),
      ...(o.deepen ? { depth: o.deepen, relative: true } : {}),
      ...(o.since ? { since: new Date(o.since) } : {}),
      tags: true,
      onProgress: (e) => {
        if (o.signal?.aborted) throw new StrataError('Cancelled', 'The fetch was cancelled; the repository is unchanged.');
        progress.onGitProgress(e);
      },
    });
    if (branch && result.fetchHead && !o.deepen) {
      await git.writeRef({ fs, gitdir, ref: `refs/heads/${branch}`, value: result.fetchHead, force: true });
    }
    refs.refresh();
    const head = refs.head();
    return { head, updated: head !== before || Boolean(o.deepen) };
  } catch (err) {
    throw describeNetworkError(err, url, o.signal);
  }
}
