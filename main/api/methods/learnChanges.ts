import { learnChanges } from '../../services/learnChanges';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'learnChanges'> = {
  run({ dir }, ctx) {
    return learnChanges({ dir, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
