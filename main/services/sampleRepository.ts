import fs from 'node:fs';
import path from 'node:path';
import { writeSampleRepository } from '../git/writeSampleRepository';

export const SAMPLE_PATH = 'mm/hmm.c';

/** The sample lives in Strata's home; it is written once, on first use. */
export async function ensureSampleRepository(home: string): Promise<string> {
  const dir = path.join(home, 'sample', 'hmm-sample.git');
  if (fs.existsSync(path.join(dir, 'HEAD'))) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await writeSampleRepository({ dir });
  return dir;
}
