import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { StrataError } from '../../../shared/errors';
import { ensureSampleRepository, SAMPLE_PATH } from '../../services/sampleRepository';
import { positiveInteger, type CliEnv } from '../cliEnv';

export function serveCommand(env: CliEnv): Command {
  return new Command('serve')
    .description('the same UI in a browser, on 127.0.0.1 only, with a token (for a remote box: ssh -L PORT:127.0.0.1:PORT)')
    .option('--repo <dir>', 'open this repository at once (else the start screen)')
    .option('--path <path>', `the file to open in it (default ${SAMPLE_PATH})`)
    .option('--port <n>', 'the port (default: any free one)', positiveInteger)
    .option('--jobs <n>', 'at most this many long jobs at once; the rest wait in line (default: the number of cores)', positiveInteger)
    .action(async (o: { repo?: string; path?: string; port?: number; jobs?: number }) => {
      // With a repository the UI opens it at once; without, it starts on the start screen (sample first).
      const initial = o.repo ? { dir: path.resolve(o.repo), path: o.path ?? SAMPLE_PATH } : undefined;
      if (!initial) await ensureSampleRepository(env.home);
      const staticDir = path.join(__dirname, '..', '..', '..', 'renderer');
      if (!fs.existsSync(path.join(staticDir, 'index.html')))
        throw new StrataError('Internal', `The UI is not built (${staticDir}); run "npm run build".`);
      // the web host (and its WebSocket library) is loaded by this command only
      const { startWebHost } = await import('../../webhost/webHost');
      const host = await startWebHost({
        home: env.home,
        staticDir,
        ...(initial ? { initial } : {}),
        ...(o.port ? { port: o.port } : {}),
        ...(o.jobs ? { maxJobs: o.jobs } : {}),
      });
      env.io.err(
        `Strata is serving ${initial ? `${initial.path} of ${initial.dir}` : 'the start screen'} on 127.0.0.1 only. Open (or tunnel with ssh -L ${host.port}:127.0.0.1:${host.port}):\n`,
      );
      env.io.out(`${host.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await host.close();
    });
}
