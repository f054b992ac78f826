import { fetchArchives } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'fetchArchives'> = {
  run(params, ctx) {
    return fetchArchives({ ...params, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
