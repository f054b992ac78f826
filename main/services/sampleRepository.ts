import fs from 'node:fs';
import path from 'node:path';
import { sampleArchiveMbox } from '../sample/sampleArchive';

export const SAMPLE_PATH = 'mm/hmm.c';

/** The sample lives in Strata's home; it is written once, on first use. */
export async function ensureSampleRepository(home: string): Promise<string> {
  const dir = path.join(home, 'sample', 'hmm-sample.git');
  if (fs.existsSync(path.join(dir, 'HEAD'))) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // loaded on first use: isomorphic-git, which writes it, is not loaded by whoever only names the sample
  const { writeSampleRepository } = await import('../git/writeSampleRepository');
  await writeSampleRepository({ dir });
  return dir;
}

/** The sample's mailing-list archive (an mbox written for the sample), beside it in Strata's home; written once. */
export async function ensureSampleArchive(home: string): Promise<string> {
  const file = path.join(home, 'sample', 'hmm-sample-linux-mm.mbox');
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  fs.writeFileSync(partial, await sampleArchiveMbox());
  fs.renameSync(partial, file);
  return file;
}
