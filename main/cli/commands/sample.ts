import { Command } from 'commander';
import type { CliEnv } from '../cliEnv';

export function sampleCommand(env: CliEnv): Command {
  return new Command('sample')
    .description('write the embedded sample repository (deterministic) to a folder')
    .argument('<dir>', 'the folder to write to')
    .action(async (dir: string) => {
      // loaded here: isomorphic-git, which writes it, is not loaded for every command
      const { writeSampleRepository } = await import('../../git/writeSampleRepository');
      const r = await writeSampleRepository({ dir });
      env.io.out(
        `Wrote the sample repository (${r.commits} commits, HEAD ${r.head}) to ${r.dir}\nTry: strata log --repo ${r.dir} --path mm/hmm.c\n`,
      );
    });
}
