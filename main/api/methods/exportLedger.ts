import { buildExportLedger } from '../../services/exportLedger';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'exportLedger'> = {
  run(key, ctx) {
    return buildExportLedger({ ...key, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
