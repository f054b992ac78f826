import { parseArgs } from 'node:util';
import { StrataError, toErrorInfo } from '../../shared/errors';
import type { TimelineEntry } from '../../shared/model';
import { cloneRepository, fetchRepository } from '../git/cloneRepository';
import { writeSampleRepository } from '../git/writeSampleRepository';
import { strataHome } from '../index/strataHome';
import { indexFileHistory } from '../services/indexFileHistory';
import { diffVersions, readFileAt } from '../services/fileVersions';
import { progressPrinter } from './progressPrinter';
import { runExtraCommand, EXTRA_USAGE } from './extraCommands';

const USAGE = `strata — how did this file become what it is

  strata log --repo DIR --path P [--follow] [--rev R] [--json]
  strata show --repo DIR --rev R --path P
  strata diff --repo DIR --path P --from A --to B
  strata clone URL DIR [--depth N] [--since DATE] [--one-pack]
  strata fetch --repo DIR [--deepen N]
  strata sample DIR
${EXTRA_USAGE}
All on-disk state lives in STRATA_HOME (now ${strataHome()}).
`;

type Out = { out: (s: string) => void; err: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function need(values: Record<string, unknown>, ...names: string[]): void {
  for (const n of names) {
    if (values[n] === undefined || values[n] === '') throw new StrataError('InvalidRequest', `--${n} is required.\n\n${USAGE}`);
  }
}

/** Runs one command; returns the exit code. */
export async function main(argv: string[], io: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: {
      repo: { type: 'string' }, path: { type: 'string' }, rev: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
      follow: { type: 'boolean' }, json: { type: 'boolean' }, depth: { type: 'string' }, since: { type: 'string' }, 'one-pack': { type: 'boolean' }, deepen: { type: 'string' },
      port: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, author: { type: 'string' }, function: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const v = values as Record<string, string | boolean | undefined>;
  const str = (k: string): string => String(v[k]);
  try {
    switch (command) {
      case 'log': {
        need(v, 'repo', 'path');
        const bar = progressPrinter();
        const timeline = await indexFileHistory({
          dir: str('repo'), path: str('path'), follow: Boolean(v.follow), home: strataHome(),
          ...(v.rev ? { rev: str('rev') } : {}), onProgress: bar.update,
        });
        bar.done();
        if (v.json) io.out(`${JSON.stringify(timeline.entries, null, 2)}\n`);
        else for (const e of timeline.entries) io.out(`${formatEntry(e)}\n`);
        return 0;
      }
      case 'show': {
        need(v, 'repo', 'rev', 'path');
        const version = await readFileAt({ dir: str('repo'), rev: str('rev'), path: str('path') });
        if (version.oid === null) throw new StrataError('PathNotInRepository', `${str('path')} does not exist at ${str('rev')}.`);
        if (version.binary) throw new StrataError('InvalidRequest', `${str('path')} is a binary file (${version.size} bytes); it has no text to show.`);
        io.out(version.text);
        return 0;
      }
      case 'diff': {
        need(v, 'repo', 'path', 'from', 'to');
        const d = await diffVersions({ dir: str('repo'), path: str('path'), from: str('from'), to: str('to') });
        io.out(d.unified);
        return 0;
      }
      case 'clone': {
        const [url, dir] = positionals;
        if (!url || !dir) throw new StrataError('InvalidRequest', `clone needs a URL and a folder.\n\n${USAGE}`);
        const bar = progressPrinter();
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          await cloneRepository({ url, dir, signal: controller.signal, onProgress: bar.update, ...(v.depth ? { depth: Number(v.depth) } : {}), ...(v.since ? { since: str('since') } : {}), ...(v['one-pack'] ? { resumable: false } : {}) });
        } finally {
          process.off('SIGINT', onSigint);
          bar.done();
        }
        io.out(`Cloned ${url} into ${dir}\n`);
        return 0;
      }
      case 'fetch': {
        need(v, 'repo');
        const bar = progressPrinter();
        const r = await fetchRepository({ dir: str('repo'), onProgress: bar.update, ...(v.deepen ? { deepen: Number(v.deepen) } : {}) });
        bar.done();
        io.out(r.updated ? `Updated; HEAD is ${r.head}\n` : 'Already up to date.\n');
        return 0;
      }
      case 'sample': {
        const [dir] = positionals;
        if (!dir) throw new StrataError('InvalidRequest', `sample needs a folder to write to.\n\n${USAGE}`);
        const r = await writeSampleRepository({ dir });
        io.out(`Wrote the sample repository (${r.commits} commits, HEAD ${r.head}) to ${r.dir}\nTry: strata log --repo ${r.dir} --path mm/hmm.c\n`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return 0;
      default: {
        const code = await runExtraCommand(command, v, positionals, io);
        if (code !== null) return code;
        io.err(`strata: unknown command "${command}"\n\n${USAGE}`);
        return 2;
      }
    }
  } catch (err) {
    const info = toErrorInfo(err);
    io.err(`strata: ${info.message}\n`);
    return info.code === 'InvalidRequest' ? 2 : 1;
  }
}

function formatEntry(e: TimelineEntry): string {
  const counts = e.additions === null ? 'binary' : `+${e.additions} -${e.deletions}`;
  const rename = e.oldPath ? ` (${e.oldPath} → ${e.path})` : '';
  return `${e.oid.slice(0, 12)} ${e.author.date.slice(0, 10)} ${e.status} ${counts.padEnd(10)} ${e.subject}${rename}`;
}
