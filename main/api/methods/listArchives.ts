import { listArchives } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'listArchives'> = {
  run(params, ctx) {
    return listArchives({ ...params, home: ctx.home });
  },
};
