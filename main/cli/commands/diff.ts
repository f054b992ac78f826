import { Command } from 'commander';
import type { CliEnv } from '../cliEnv';

export function diffCommand(env: CliEnv): Command {
  return new Command('diff')
    .description('a unified diff of the file between two revisions')
    .requiredOption('--repo <dir>', 'the repository')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .requiredOption('--from <rev>', 'the older revision')
    .requiredOption('--to <rev>', 'the newer revision')
    .action(async (o: { repo: string; path: string; from: string; to: string }) => {
      const d = await env.call('diffVersions', { dir: o.repo, path: o.path, from: o.from, to: o.to }, { quiet: true });
      env.io.out(d.unified);
    });
}
