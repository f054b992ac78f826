import { listArchives } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'listArchives'> = {
  async run({ dir, ...params }, ctx) {
    return listArchives({ repo: await ctx.repositories.open(dir), ...params, home: ctx.home });
  },
};
