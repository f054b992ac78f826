import { diffVersions } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'diffVersions'> = {
  async run({ dir, ...params }, ctx) {
    return diffVersions({ repo: await ctx.repositories.open(dir), ...params });
  },
};
