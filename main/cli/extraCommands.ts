import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../../shared/errors';
import { strataHome } from '../index/strataHome';
import { buildExportLedger } from '../services/exportLedger';
import { ensureSampleRepository, SAMPLE_PATH } from '../services/sampleRepository';
import { collectReport } from '../services/writeReport';
import { renderReport } from '../reports/renderReport';
import { startWebHost } from '../webhost/webHost';
import { progressPrinter } from './progressPrinter';
import { printHtmlToPdf } from '../reports/printHtmlToPdf';

export const EXTRA_USAGE = `  strata exports --repo DIR --path P [--json]
  strata export --repo DIR|URL --path P --format html|md|json|csv|pdf --out FILE
                [--from DATE] [--to DATE] [--author X] [--function F] [--follow]
  strata serve [--repo DIR --path P] [--port N]
`;

type Values = Record<string, string | boolean | undefined>;
type Io = { out: (s: string) => void; err: (s: string) => void };

const FORMATS = ['html', 'md', 'json', 'csv', 'pdf'] as const;

export async function runExtraCommand(command: string, v: Values, _positionals: string[], io: Io): Promise<number | null> {
  const str = (k: string): string => String(v[k]);
  const need = (...names: string[]) => {
    for (const n of names) if (v[n] === undefined || v[n] === '' || v[n] === true) throw new StrataError('InvalidRequest', `--${n} is required.`);
  };
  switch (command) {
    case 'exports': {
      need('repo', 'path');
      const ledger = await buildExportLedger({ dir: str('repo'), path: str('path'), home: strataHome() });
      if (v.json) {
        io.out(`${JSON.stringify(ledger.symbols.map((s) => ({ symbol: s.symbol, path: s.path, events: s.events.map(({ oid, kind, from, to }) => ({ oid, kind, from, to })) })), null, 2)}\n`);
      } else {
        for (const s of ledger.symbols) {
          io.out(`${s.symbol} (${s.path})\n`);
          for (const e of s.events) io.out(`  ${e.oid.slice(0, 12)} ${(e.date ?? '').slice(0, 10)} ${e.kind.padEnd(7)} ${e.from ?? '-'} → ${e.to ?? '-'}  ${e.subject ?? ''}\n`);
        }
      }
      return 0;
    }
    case 'export': {
      need('repo', 'path', 'format', 'out');
      const format = str('format') as (typeof FORMATS)[number];
      if (!FORMATS.includes(format)) throw new StrataError('InvalidRequest', `--format must be one of ${FORMATS.join(', ')}.`);
      let dir = str('repo');
      if (/^https?:\/\//.test(dir)) {
        const { cloneRepository } = await import('../git/cloneRepository');
        const target = path.join(strataHome(), 'clones', new URL(dir).hostname, path.basename(new URL(dir).pathname).replace(/\.git$/, ''));
        if (!fs.existsSync(target)) await cloneRepository({ url: dir, dir: target, onProgress: progressPrinter().update });
        dir = target;
      }
      const bar = progressPrinter();
      const filter = Object.fromEntries((['from', 'to', 'author', 'function'] as const).filter((k) => typeof v[k] === 'string').map((k) => [k, str(k)]));
      const data = await collectReport({ dir, path: str('path'), follow: Boolean(v.follow), home: strataHome(), filter, onProgress: bar.update });
      bar.done();
      const out = path.resolve(str('out'));
      if (format === 'pdf') {
        printHtmlToPdf(renderReport(data, 'html').content, out);
      } else {
        fs.writeFileSync(out, renderReport(data, format).content);
      }
      io.out(`Wrote ${data.commits.length} commits to ${out}\n`);
      return 0;
    }
    case 'serve': {
      const home = strataHome();
      // With a repository the UI opens it at once; without, it starts on the start screen (sample first).
      const initial = v.repo ? { dir: path.resolve(str('repo')), path: v.path ? str('path') : SAMPLE_PATH } : undefined;
      if (!initial) await ensureSampleRepository(home);
      const staticDir = path.join(__dirname, '..', '..', 'renderer');
      if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new StrataError('Internal', `The UI is not built (${staticDir}); run "npm run build".`);
      const host = await startWebHost({ home, staticDir, ...(initial ? { initial } : {}), ...(v.port ? { port: Number(v.port) } : {}) });
      io.err(`Strata is serving ${initial ? `${initial.path} of ${initial.dir}` : 'the start screen'} on 127.0.0.1 only. Open (or tunnel with ssh -L ${host.port}:127.0.0.1:${host.port}):\n`);
      io.out(`${host.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      return 0;
    }
    default:
      return null;
  }
}
