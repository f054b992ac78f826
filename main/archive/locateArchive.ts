import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../../shared/errors';

/** v2: an inbox folder with epochs git/0.git, git/1.git…; epoch: one of those git dirs; v1: one bare repository, a file per message; mbox: a file. */
export type ArchiveKind = 'v2' | 'epoch' | 'v1' | 'mbox';

export interface ArchiveEpoch {
  /** Stable name the index keys the epoch by: `git/3.git` in a v2 inbox, `.` for a lone git dir. */
  readonly name: string;
  readonly gitdir: string;
}

export interface ArchiveLocation {
  readonly kind: ArchiveKind;
  /** The absolute source path (folder or file). */
  readonly path: string;
  readonly epochs: readonly ArchiveEpoch[];
}

function isBareGitdir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')) && fs.existsSync(path.join(dir, 'refs'));
}

/** The epochs of a v2 inbox, in number order (git/10.git after git/9.git). */
export function listEpochs(inbox: string): ArchiveEpoch[] {
  const gitDir = path.join(inbox, 'git');
  return fs
    .readdirSync(gitDir)
    .map((n) => /^(\d+)\.git$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && isBareGitdir(path.join(gitDir, m[0])))
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => ({ name: `git/${m[0]}`, gitdir: path.join(gitDir, m[0]) }));
}

/**
 * What kind of archive a path is. A git dir is an epoch when its commits carry the message in a blob
 * named `m`, a v1 inbox when they carry a file per message in two-level folders (`ab/cdef…`).
 * `kindOfGitdir` is given by the caller that can read the repository (it knows the first tree).
 */
export async function locateArchive(source: string, kindOfGitdir: (gitdir: string) => Promise<'epoch' | 'v1'>): Promise<ArchiveLocation> {
  const abs = path.resolve(source);
  if (!fs.existsSync(abs))
    throw new StrataError(
      'InvalidRequest',
      `${abs} does not exist: give a public-inbox folder, one of its git/N.git epochs, a v1 inbox or an mbox file.`,
    );
  if (fs.statSync(abs).isFile()) return { kind: 'mbox', path: abs, epochs: [] };
  if (fs.existsSync(path.join(abs, 'git')) && fs.statSync(path.join(abs, 'git')).isDirectory()) {
    const epochs = listEpochs(abs);
    if (!epochs.length) throw new StrataError('InvalidRequest', `${abs}/git holds no epoch (0.git, 1.git…): is the inbox initialised?`);
    return { kind: 'v2', path: abs, epochs };
  }
  const gitdir = isBareGitdir(abs) ? abs : isBareGitdir(path.join(abs, '.git')) ? path.join(abs, '.git') : null;
  if (!gitdir)
    throw new StrataError(
      'InvalidRequest',
      `${abs} is neither a public-inbox archive (no git/N.git epochs, not a git repository) nor an mbox file.`,
    );
  return { kind: await kindOfGitdir(gitdir), path: abs, epochs: [{ name: '.', gitdir }] };
}
