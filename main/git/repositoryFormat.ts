import { StrataError } from '../../shared/errors';
import { readConfigFile } from '../objects/configFile';

/** The `[extensions]` of a repository's config, keys and values in lower case. */
export function repositoryExtensions(gitdir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of readConfigFile(gitdir)) if (key.startsWith('extensions.')) out.set(key.slice(11), value.toLowerCase());
  return out;
}

/**
 * Refuses, with what to do, a repository whose objects or refs Strata cannot read: SHA-256 object names
 * (`extensions.objectFormat`) and refs kept in a reftable (`extensions.refStorage`). Without this the first is
 * "empty" and the second has no branches, which sends the user looking for the wrong problem.
 */
export function checkRepositoryFormat(gitdir: string, shownAs: string): void {
  const ext = repositoryExtensions(gitdir);
  const objectFormat = ext.get('objectformat') ?? 'sha1';
  if (objectFormat !== 'sha1') {
    throw new StrataError(
      'UnsupportedRepository',
      `${shownAs} names its objects with ${objectFormat === 'sha256' ? 'SHA-256' : objectFormat} (extensions.objectFormat = ${objectFormat}); Strata reads repositories with SHA-1 object names, as the kernel's and most others are. Open a SHA-1 clone of it.`,
    );
  }
  const refStorage = ext.get('refstorage') ?? 'files';
  if (refStorage !== 'files') {
    throw new StrataError(
      'UnsupportedRepository',
      `${shownAs} keeps its branches and tags in a ${refStorage} (extensions.refStorage = ${refStorage}); Strata reads refs kept as files. Convert it with \`git refs migrate --ref-format=files\` (git 2.46 or later), or open another clone.`,
    );
  }
}
