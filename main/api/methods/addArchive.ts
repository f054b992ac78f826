import { attachArchive } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'addArchive'> = {
  run(params, ctx) {
    return attachArchive({ ...params, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
