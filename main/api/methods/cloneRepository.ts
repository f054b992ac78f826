import path from 'node:path';
import { cloneRepository, validateCloneUrl } from '../../git/cloneRepository';
import type { ServiceHandler } from '../handler';

/**
 * Where a clone goes when no folder is given: under Strata's home, by host and repository name
 * (https://git.kernel.org/…/torvalds/linux.git → HOME/clones/git.kernel.org/linux). The app, the web
 * host and `strata export --repo URL` all clone there, so each finds the others' clones.
 */
export function defaultCloneDir(home: string, url: string): string {
  const u = validateCloneUrl(url);
  return path.join(home, 'clones', u.hostname, path.basename(u.pathname).replace(/\.git$/, '') || 'repository');
}

export const handler: ServiceHandler<'cloneRepository'> = {
  async run({ url, dir, depth, since, resumable }, ctx) {
    validateCloneUrl(url);
    const target = dir ?? defaultCloneDir(ctx.home, url);
    await cloneRepository({ url, dir: target, depth, since, resumable, signal: ctx.signal, onProgress: ctx.onProgress });
    return (await ctx.repositories.open(target)).info;
  },
};
