import { readFileAt } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'readFile'> = {
  run(params) {
    return readFileAt(params);
  },
};
