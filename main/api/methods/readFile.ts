import { readFileAt } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'readFile'> = {
  async run({ dir, ...params }, ctx) {
    return readFileAt({ repo: await ctx.repositories.open(dir), ...params });
  },
};
