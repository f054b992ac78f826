import { Command } from 'commander';
import { StrataError } from '../../../shared/errors';
import { positiveInteger, withInterrupt, type CliEnv } from '../cliEnv';

export function fetchCommand(env: CliEnv): Command {
  return new Command('fetch')
    .description(
      'fetch new commits (or, with --deepen, more history of a shallow clone; with --versions-of, the versions of a file a partial clone lacks)',
    )
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .option('--deepen <n>', 'fetch N more commits of history', positiveInteger)
    .option('--versions-of <path>', "fetch the file's versions that a partial clone (git clone --filter) left on its remote")
    .option('--follow', 'with --versions-of: the versions of its history across renames, as git log --follow', false)
    .action(async (o: { repo: string; deepen?: number; versionsOf?: string; follow: boolean }) => {
      if (o.versionsOf !== undefined) {
        if (o.deepen) throw new StrataError('InvalidRequest', '--versions-of and --deepen are two fetches: give one.');
        const path = o.versionsOf;
        const r = await withInterrupt((signal) => env.call('fetchMissingVersions', { dir: o.repo, path, follow: o.follow }, { signal }));
        env.io.out(
          r.fetched
            ? `Fetched ${r.fetched} version${r.fetched === 1 ? '' : 's'} of ${path} from ${r.remote}.\n`
            : `Every version of ${path} is here already.\n`,
        );
        return;
      }
      const r = await withInterrupt((signal) =>
        env.call('fetchUpdates', { dir: o.repo, ...(o.deepen ? { deepen: o.deepen } : {}) }, { signal }),
      );
      env.io.out(r.updated ? `Updated; HEAD is ${r.head}\n` : 'Already up to date.\n');
    });
}
