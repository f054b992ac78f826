import { fetchRepository } from '../../git/cloneRepository';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'fetchUpdates'> = {
  run({ dir, deepen }, ctx) {
    return fetchRepository({ dir, deepen, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
