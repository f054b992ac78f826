import { isObjectMissing, StrataError } from '../../shared/errors';
import { readConfigEntries } from '../objects/configFile';
import { readConfigValue } from '../git/gitConfig';
import path from 'node:path';
import type { Repository } from '../repository/repository';

/**
 * Runs `work`, which reads every version of `file`; where a version is missing from a partial clone (git's
 * `--filter=blob:none`), says so and how git can fetch them (git fetches such objects from the promisor remote
 * when one of its commands needs them; Strata reads only what is on disk). Other failures pass as they are.
 * `follows`: the work follows the file's renames (blame, `-L`), so the versions to fetch are those along them.
 */
export async function readingVersions<T>(repo: Repository, file: string, work: () => Promise<T>, follows = false): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isObjectMissing(err)) throw err;
    const remote = promisorRemote(repo.info.gitdir);
    if (remote === null) throw err;
    const dir = repo.info.dir;
    const trees = await withoutTrees(repo, remote);
    if (trees) throw trees;
    throw new StrataError(
      'ObjectMissing',
      `${dir} is a partial clone: versions of ${file} were left on its remote "${remote}", and Strata reads only what is on disk. ` +
        (await fetchAdvice(repo, remote, file, follows)),
    );
  }
}

/**
 * Runs `work`, which reads commits' trees (a history walk); where the repository is a partial clone made without
 * trees (`--filter=tree:0`), an object it lacks gets a message that says so and how to have git bring them.
 */
export async function readingTrees<T>(repo: Repository, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isObjectMissing(err)) throw err;
    const remote = promisorRemote(repo.info.gitdir);
    const trees = remote === null ? null : await withoutTrees(repo, remote);
    throw trees ?? err;
  }
}

/** The error for an object missing from a partial clone made without trees; null where its filter keeps them. */
async function withoutTrees(repo: Repository, remote: string): Promise<StrataError | null> {
  const filter = (await readConfigValue(repo.info.gitdir, `remote.${remote}.partialclonefilter`))?.trim();
  if (!filter || !/^tree:/.test(filter)) return null;
  const dir = shellQuoted(repo.info.dir);
  return new StrataError(
    'ObjectMissing',
    `${repo.info.dir} is a partial clone made without trees (--filter=${filter}): Strata looks the file up in each ` +
      `commit's tree, and reads only what is on disk. Have git fetch the trees once, leaving the files' versions on ` +
      `"${remote}": git -C ${dir} config remote.${remote}.partialclonefilter blob:none && git -C ${dir} fetch --refetch ${remote}`,
  );
}

/**
 * How to have git bring a partial clone's missing versions of a file: `git fetch` does not (it fetches with the
 * clone's filter again), but a command that reads them does, from the promisor remote.
 */
export function gitFetchAdvice(dir: string, file: string, follow = false): string {
  return `Have git fetch them (one request a version): git -C ${shellQuoted(dir)} log -p${follow ? ' --follow' : ''} --format= -- ${shellQuoted(file)} > /dev/null; or clone the repository in full.`;
}

/** How to bring them: Strata fetches them itself from a remote over HTTP(S) (fetchMissingVersions); git, from any. */
export async function fetchAdvice(repo: Repository, remote: string, file: string, follow = false): Promise<string> {
  const url = await readConfigValue(repo.info.gitdir, `remote.${remote}.url`);
  const dir = repo.info.dir;
  if (!url || !/^https?:\/\//i.test(url)) return gitFetchAdvice(dir, file, follow);
  return (
    `Fetch them: strata fetch --repo ${shellQuoted(dir)} --versions-of ${shellQuoted(file)}${follow ? ' --follow' : ''} (in the app, ${follow ? 'with Follow renames on, ' : ''}"fetch them from ${remote}" beside the file's name). ` +
    gitFetchAdvice(dir, file, follow).replace('Have git', 'Or have git')
  );
}

/** The remote a partial clone fetches missing objects from (`remote.<name>.promisor`, `extensions.partialClone`), or null. */
export function promisorRemote(gitdir: string): string | null {
  const config = readConfigEntries(path.join(gitdir, 'config'));
  const extension = config.filter(([k]) => k === 'extensions.partialclone').at(-1)?.[1];
  if (extension) return extension;
  for (const [k, v] of config) {
    const m = /^remote\.(.+)\.promisor$/.exec(k);
    if (m && /^(true|yes|on|1)$/i.test(v)) return m[1]!;
  }
  return null;
}

/** A path as a shell takes it: quoted where it holds anything but plain characters. */
export function shellQuoted(s: string): string {
  return /^[\w./@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
