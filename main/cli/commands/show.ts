import { Command } from 'commander';
import { StrataError } from '../../../shared/errors';
import type { CliEnv } from '../cliEnv';

export function showCommand(env: CliEnv): Command {
  return new Command('show')
    .description('the file as it was at a revision, as `git show REV:PATH`')
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--rev <rev>', 'branch, tag or commit')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .action(async (o: { repo: string; rev: string; path: string }) => {
      const version = await env.call('readFile', { dir: o.repo, rev: o.rev, path: o.path, whole: true }, { quiet: true });
      if (version.oid === null) throw new StrataError('PathNotInRepository', `${o.path} does not exist at ${o.rev}.`);
      if (version.directory)
        throw new StrataError(
          'InvalidRequest',
          `${o.path} is a directory at ${o.rev}, not a file; strata log --path ${o.path} lists the commits that changed it.`,
        );
      // git writes a binary file's bytes wherever its output goes; to a terminal they would only garble it
      if (version.binary && process.stdout.isTTY)
        throw new StrataError(
          'InvalidRequest',
          `${o.path} is a binary file (${version.size} bytes); its bytes are written where the output is redirected (> file).`,
        );
      env.io.out(Buffer.from(version.base64 ?? '', 'base64')); // the blob's bytes, whatever their encoding
    });
}
