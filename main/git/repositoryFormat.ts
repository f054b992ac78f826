import fs from 'node:fs';
import path from 'node:path';
import { StrataError } from '../../shared/errors';

/**
 * The `[extensions]` of a repository's config, keys in lower case (git's are case-insensitive). Read without a
 * config library: only this one section matters, and opening a repository must not wait on anything.
 */
export function repositoryExtensions(gitdir: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(gitdir, 'config'), 'utf8');
  } catch {
    return new Map();
  }
  const out = new Map<string, string>();
  let inExtensions = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[;#].*$/, '').trim();
    const section = /^\[\s*([^\]\s"]+)\s*(?:"[^"]*")?\s*\]/.exec(line);
    if (section) {
      inExtensions = section[1]!.toLowerCase() === 'extensions';
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (inExtensions && kv)
      out.set(
        kv[1]!.toLowerCase(),
        (kv[2] ?? 'true')
          .replace(/^"(.*)"$/, '$1')
          .trim()
          .toLowerCase(),
      );
  }
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
