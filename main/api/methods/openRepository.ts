import { openRepository } from '../../git/openRepository';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'openRepository'> = {
  async run({ dir }) {
    return (await openRepository({ dir })).info;
  },
};
