import { Command } from 'commander';
import { StrataError } from '../../../shared/errors';
import type { CliEnv } from '../cliEnv';
import type { VersionDiff } from '../../../shared/model';
import { repositoryConfig } from '../repositoryConfig';
import { configBoolean } from '../../objects/configFile';

export function diffCommand(env: CliEnv): Command {
  return new Command('diff')
    .description('the diff of the file between two revisions, as `git diff FROM TO -- PATH` writes it')
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .option('--from <rev>', 'the older revision')
    .requiredOption('--to <rev>', 'the newer revision (with --cc: the merge)')
    .option('--cc', "the merge's combined diff against all its parents, as the hunks of `git show --cc TO -- PATH`")
    .action(async (o: { repo: string; path: string; from?: string; to: string; cc?: boolean }) => {
      if (!o.cc && o.from === undefined) throw new StrataError('InvalidRequest', 'strata diff needs --from <rev> (or --cc for a merge).');
      const params = { dir: o.repo, path: o.path, from: o.from ?? null, to: o.to, ...(o.cc ? { combined: true } : {}) };
      const d = await env.call('diffVersions', params, { quiet: true });
      const suppress = configBoolean(await repositoryConfig(env, o.repo, 'diff.suppressBlankEmpty')) ?? false;
      env.io.out(diffBytes(suppress ? withBlankContextEmpty(d) : d, o.cc === true));
    });
}

/** What git writes for the diff: its header and labels as UTF-8, its hunks as the file's own bytes (see VersionDiff.latin1). */
export function diffBytes(d: VersionDiff, combined: boolean): Buffer {
  if (!d.latin1) return Buffer.from(d.header + d.unified, 'utf8');
  // a two-way diff's text starts with its --- and +++ lines
  const labels = combined ? 0 : d.unified.indexOf('\n', d.unified.indexOf('\n') + 1) + 1;
  return Buffer.concat([Buffer.from(d.header + d.unified.slice(0, labels), 'utf8'), Buffer.from(d.unified.slice(labels), 'latin1')]);
}

/** `diff.suppressBlankEmpty`: an empty line of context is written as an empty line, with no space before it, as git does. */
function withBlankContextEmpty(d: VersionDiff): VersionDiff {
  return { ...d, unified: d.unified.replace(/^ $/gm, '') };
}
