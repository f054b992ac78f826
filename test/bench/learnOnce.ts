/** Background learning after a first index, in its own process, so its time and peak memory are its own. */
import { peakRssMiB } from './peakRss';
import { learnChanges } from '../fixtures/openAndRun';

async function main(): Promise<void> {
  const [dir, home] = process.argv.slice(2);
  const t = process.hrtime.bigint();
  const r = await learnChanges({ dir: dir!, home: home! });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(`${JSON.stringify({ seconds, rssMiB: peakRssMiB(), ...r })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
