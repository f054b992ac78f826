import { Command } from 'commander';
import { positiveInteger, withInterrupt, type CliEnv } from '../cliEnv';

export function cloneCommand(env: CliEnv): Command {
  return new Command('clone')
    .description('clone over smart HTTP; resumable by default (cloning into the same folder again resumes)')
    .argument('<url>', 'the repository address (https)')
    .argument('[dir]', "the folder to clone into (default: under Strata's home, named after the address)")
    .option('--depth <n>', 'only the newest N commits', positiveInteger)
    .option('--since <date>', 'only commits since this date (YYYY-MM-DD)')
    .option('--one-pack', 'the whole history as one pack: faster, but lost whole if the connection is cut', false)
    .action(async (url: string, dir: string | undefined, o: { depth?: number; since?: string; onePack: boolean }) => {
      const repo = await withInterrupt((signal) =>
        env.call(
          'cloneRepository',
          {
            url,
            ...(dir ? { dir } : {}),
            ...(o.depth ? { depth: o.depth } : {}),
            ...(o.since ? { since: o.since } : {}),
            ...(o.onePack ? { resumable: false } : {}),
          },
          { signal },
        ),
      );
      env.io.out(`Cloned ${url} into ${dir ?? repo.dir}\n`);
    });
}
