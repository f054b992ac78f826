import { Command } from 'commander';
import { positiveInteger, withInterrupt, type CliEnv } from '../cliEnv';

export function fetchCommand(env: CliEnv): Command {
  return new Command('fetch')
    .description('fetch new commits (or, with --deepen, more history of a shallow clone)')
    .requiredOption('--repo <dir>', 'the repository')
    .option('--deepen <n>', 'fetch N more commits of history', positiveInteger)
    .action(async (o: { repo: string; deepen?: number }) => {
      const r = await withInterrupt((signal) =>
        env.call('fetchUpdates', { dir: o.repo, ...(o.deepen ? { deepen: o.deepen } : {}) }, { signal }),
      );
      env.io.out(r.updated ? `Updated; HEAD is ${r.head}\n` : 'Already up to date.\n');
    });
}
