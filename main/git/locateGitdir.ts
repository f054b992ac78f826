import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../../shared/errors';
import { checkRepositoryFormat } from './repositoryFormat';

/**
 * Finds the git directory of a working copy or a bare repository, without copying anything; one in a format
 * Strata cannot read is refused with what to do (checkRepositoryFormat).
 */
export function locateGitdir(dir: string): string {
  const gitdir = findGitdir(dir);
  checkRepositoryFormat(gitdir, path.resolve(dir));
  return gitdir;
}

function findGitdir(dir: string): string {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs)) throw new StrataError('NotAGitRepository', `${abs} does not exist.`);
  if (!fs.statSync(abs).isDirectory())
    throw new StrataError('NotAGitRepository', `${abs} is a file; choose the folder of a git repository.`);
  const dotgit = path.join(abs, '.git');
  if (fs.existsSync(dotgit)) {
    const st = fs.statSync(dotgit);
    if (st.isDirectory()) return dotgit;
    const m = /^gitdir:\s*(.+)\s*$/m.exec(fs.readFileSync(dotgit, 'utf8'));
    if (m) {
      const target = path.resolve(abs, m[1]!.trim());
      const common = path.join(target, 'commondir');
      return fs.existsSync(common) ? path.resolve(target, fs.readFileSync(common, 'utf8').trim()) : target;
    }
  }
  if (isGitdir(abs)) return abs;
  throw new StrataError(
    'NotAGitRepository',
    `${abs} is not a git repository (no .git folder, and not a bare repository). Choose the top folder of a clone.`,
  );
}

function isGitdir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')) && fs.existsSync(path.join(dir, 'refs'));
}
