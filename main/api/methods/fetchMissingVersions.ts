import { fetchMissingVersions } from '../../services/fetchMissingVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'fetchMissingVersions'> = {
  async run({ dir, ...key }, ctx) {
    return fetchMissingVersions({ repo: await ctx.repositories.open(dir), ...key, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
