import { indexFileHistory } from '../../services/indexFileHistory';
import { rememberRecent } from '../../services/recentRepositories';
import type { ServiceHandler } from '../handler';
import { recentTarget } from '../../../shared/menu';

export const handler: ServiceHandler<'indexFile'> = {
  async run({ dir, ...key }, ctx) {
    return indexFileHistory({
      repo: await ctx.repositories.open(dir),
      ...key,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onPartial: ctx.onPartial,
    });
  },
  /**
   * The file goes to the top of the recent list; then what each commit changed near the top of the tree
   * is learned on the other core, so the next file of this repository opens faster. One learning job per
   * repository at a time, and none again until its head moves.
   */
  async after(key, timeline, ctx) {
    await rememberRecent(
      ctx.home,
      recentTarget({ dir: timeline.repo.dir, path: timeline.path, follow: key.follow, rev: key.rev, firstParent: key.firstParent }),
    );
    ctx.hooks.recentChanged?.();
    ctx.background('learnChanges', { dir: timeline.repo.dir }, { key: timeline.repo.dir, version: String(timeline.head) });
  },
};
