import { commitDetails } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'commitDetails'> = {
  async run({ dir, ...params }, ctx) {
    return commitDetails({ repo: await ctx.repositories.open(dir), ...params });
  },
};
