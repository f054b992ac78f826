import path from 'node:path';
import type { Command } from 'commander';
import { StrataError } from '../../shared/errors';
import { enclosingRepository } from '../git/locateGitdir';

/**
 * A command's `--repo` where it was not given: the repository the current folder is in, as git finds it; a relative
 * `--path` is then taken from the current folder in a working copy (`strata blame --path hmm.c` in a kernel's mm/),
 * as git takes paths from where it runs. Run before the command's action (commander's preAction hook). `serve`
 * without `--repo` opens its start screen instead.
 */
export function fillRepository(command: Command, cwd: string): void {
  if (command.name() === 'serve' || !command.options.some((o) => o.long === '--repo')) return;
  const given = command.opts<{ repo?: string; path?: string }>();
  if (given.repo !== undefined) return;
  const found = enclosingRepository(cwd);
  if (found === null)
    throw new StrataError(
      'NotAGitRepository',
      `${path.resolve(cwd)} is not inside a git repository; give one with --repo DIR (its top folder), or run strata inside a clone.`,
    );
  command.setOptionValue('repo', found.dir);
  if (found.workTree && given.path !== undefined && !path.isAbsolute(given.path) && path.resolve(cwd) !== found.dir)
    command.setOptionValue('path', path.resolve(cwd, given.path));
}
