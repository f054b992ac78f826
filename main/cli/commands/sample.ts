import { Command } from 'commander';
import { writeSampleRepository } from '../../git/writeSampleRepository';
import type { CliEnv } from '../cliEnv';

export function sampleCommand(env: CliEnv): Command {
  return new Command('sample')
    .description('write the embedded sample repository (deterministic) to a folder')
    .argument('<dir>', 'the folder to write to')
    .action(async (dir: string) => {
      const r = await writeSampleRepository({ dir });
      env.io.out(
        `Wrote the sample repository (${r.commits} commits, HEAD ${r.head}) to ${r.dir}\nTry: strata log --repo ${r.dir} --path mm/hmm.c\n`,
      );
    });
}
