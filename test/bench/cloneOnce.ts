/** One clone in its own process, so its time and peak memory are its own. */
import { peakRssMiB } from './peakRss';
import { cloneRepository } from '../../main/git/cloneRepository';

async function main(): Promise<void> {
  const [url, dir, mode] = process.argv.slice(2);
  const t = process.hrtime.bigint();
  await cloneRepository({ url: url!, dir: dir!, resumable: mode === 'resumable' });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(`${JSON.stringify({ seconds, rssMiB: peakRssMiB() })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
