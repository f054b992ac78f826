import { listRefs } from '../../services/listRefs';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'listRefs'> = {
  async run({ dir }, ctx) {
    return listRefs(await ctx.repositories.open(dir));
  },
};
