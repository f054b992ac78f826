import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../../shared/errors';
import { checkRepositoryFormat } from './repositoryFormat';

/** Where a repository's parts are, as git finds them from a folder. */
export interface RepositoryLocation {
  /** The git directory with the objects and the shared refs (a linked worktree's common directory). */
  readonly gitdir: string;
  /**
   * The directory with this checkout's own HEAD and per-worktree refs: a linked worktree's `.git/worktrees/NAME`
   * (`git worktree add`), else the gitdir itself.
   */
  readonly worktreeGitdir: string;
  /** Whether the folder is a linked worktree (then `worktreeGitdir` differs from `gitdir`). */
  readonly linked: boolean;
}

/**
 * Finds the git directory of a working copy or a bare repository, without copying anything; one in a format
 * Strata cannot read is refused with what to do (checkRepositoryFormat).
 */
export function locateGitdir(dir: string): string {
  return locateRepository(dir).gitdir;
}

/** locateGitdir, with the directory of the checkout's own HEAD (a linked worktree's). */
export function locateRepository(dir: string): RepositoryLocation {
  const found = findGitdir(dir);
  checkRepositoryFormat(found.gitdir, path.resolve(dir));
  return found;
}

function findGitdir(dir: string): RepositoryLocation {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs)) throw new StrataError('NotAGitRepository', `${abs} does not exist.`);
  if (!fs.statSync(abs).isDirectory())
    throw new StrataError('NotAGitRepository', `${abs} is a file; choose the folder of a git repository.`);
  const dotgit = path.join(abs, '.git');
  if (fs.existsSync(dotgit)) {
    const st = fs.statSync(dotgit);
    if (st.isDirectory()) return { gitdir: dotgit, worktreeGitdir: dotgit, linked: false };
    const m = /^gitdir:\s*(.+)\s*$/m.exec(fs.readFileSync(dotgit, 'utf8'));
    if (m) {
      // a submodule's .git names its git directory; a linked worktree's names its own, which names the common one
      const target = path.resolve(abs, m[1]!.trim());
      const common = path.join(target, 'commondir');
      if (!fs.existsSync(common)) return { gitdir: target, worktreeGitdir: target, linked: false };
      return { gitdir: path.resolve(target, fs.readFileSync(common, 'utf8').trim()), worktreeGitdir: target, linked: true };
    }
  }
  if (isGitdir(abs)) return { gitdir: abs, worktreeGitdir: abs, linked: false };
  throw new StrataError(
    'NotAGitRepository',
    `${abs} is not a git repository (no .git folder, and not a bare repository). Choose the top folder of a clone.`,
  );
}

function isGitdir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')) && fs.existsSync(path.join(dir, 'refs'));
}

/**
 * The repository a folder is in, as git finds it from where it runs: the nearest folder from `from` up that holds a
 * .git (a working copy's top, a submodule's, a linked worktree's: `workTree`) or is a bare repository; null where
 * there is none.
 */
export function enclosingRepository(from: string): { readonly dir: string; readonly workTree: boolean } | null {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return { dir, workTree: true };
    if (isGitdir(dir)) return { dir, workTree: false };
    if (path.dirname(dir) === dir) return null;
  }
}
