import fs from 'node:fs';
import nodePath from 'node:path';
import { InvalidArgumentError } from 'commander';
import { StrataError } from '../../shared/errors';
import type { ApiMethod, ApiParams, ApiPartial, ApiResult } from '../../shared/api';
import { callMethod, NO_HOST } from '../api/callMethod';
import type { HostHooks } from '../api/handler';
import { printHtmlToPdfBytes } from '../reports/printHtmlToPdf';
import { progressPrinter } from './progressPrinter';
import { RepositoryPool } from '../repository/repositoryPool';

export interface Io {
  /** Text, or bytes written exactly as they are (a file's content). */
  out(s: string | Uint8Array): void;
  err(s: string): void;
}

/** What every command is given: where to write, Strata's home, and the API methods, run in this process. */
export interface CliEnv {
  readonly io: Io;
  readonly home: string;
  /** Runs an API method here (parameters checked against the contract), with a progress bar on stderr unless `quiet`. */
  call<M extends ApiMethod>(
    method: M,
    params: ApiParams<M>,
    o?: { quiet?: boolean; signal?: AbortSignal; onPartial?: (part: ApiPartial<M>) => void },
  ): Promise<ApiResult<M>>;
  /** Closes the repositories the run opened. */
  close(): void;
}

/** The command line as a host: no browser or dialog of its own; PDF through headless Chromium where one is installed. */
const CLI_HOST: HostHooks = { ...NO_HOST, printPdf: printHtmlToPdfBytes };

export function createCliEnv(io: Io, home: string): CliEnv {
  // one pool per run: a command that reads a repository several times (export: timeline, releases, diffs) opens it once
  const repositories = new RepositoryPool({ home });
  const bars = new Set<ReturnType<typeof progressPrinter>>();
  const clearBars = () => {
    for (const b of bars) b.clear();
  };
  return {
    // what a command writes while a call runs (a log printed as it comes) goes above the progress bar
    io: {
      out: (s) => {
        clearBars();
        io.out(s);
      },
      err: (s) => {
        clearBars();
        io.err(s);
      },
    },
    home,
    async call(method, params, o = {}) {
      const bar = o.quiet ? null : progressPrinter();
      if (bar) bars.add(bar);
      try {
        return await callMethod(
          method,
          withPathInRepo(params),
          {
            home,
            repositories,
            signal: o.signal,
            onProgress: bar?.update,
            ...(o.onPartial ? { onPartial: (part: unknown) => o.onPartial!(part as never) } : {}),
          },
          CLI_HOST,
        );
      } finally {
        bar?.done();
        if (bar) bars.delete(bar);
      }
    },
    close: () => repositories.closeAll(),
  };
}

/**
 * A `--path` given as an absolute path inside `--repo` (what a shell's tab completion or `$PWD/file` gives), made
 * relative to it, as git takes such a path (one outside it is refused, saying so); a relative path as it is.
 */
function withPathInRepo<P>(params: P): P {
  const p = params as { dir?: unknown; path?: unknown };
  if (typeof p.dir !== 'string' || typeof p.path !== 'string' || !nodePath.isAbsolute(p.path)) return params;
  const real = (f: string) => {
    try {
      return fs.realpathSync(f);
    } catch {
      return nodePath.resolve(f);
    }
  };
  const top = real(p.dir);
  // the file may not exist any more (a deleted file's history): its folder is resolved instead
  const file = nodePath.join(real(nodePath.dirname(p.path)), nodePath.basename(p.path));
  const relative = nodePath.relative(top, file);
  if (relative === '') throw new StrataError('PathNotInRepository', `${p.path} is the repository's top; give a file or folder inside it.`);
  if (relative.startsWith('..') || nodePath.isAbsolute(relative))
    throw new StrataError(
      'PathNotInRepository',
      `${p.path} is not inside the repository ${top}; give a path inside it, or one relative to its top.`,
    );
  return { ...params, path: relative.split(nodePath.sep).join('/') };
}

/** Parses an option's value as a positive whole number (commander reports the error as a usage error). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number is needed.');
  return n;
}

/** Parses an option's value as a whole number, 0 included (git's -U0). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number is needed.');
  return n;
}

/** Runs `work` with an AbortSignal that Ctrl-C fires (what was stored before is kept). */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
