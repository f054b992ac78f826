/** One archive index update in its own process, so time and peak memory belong to it alone. */
import { peakRssMiB } from './peakRss';
import { ArchiveIndex } from '../../main/archive/archiveIndex';
import { locateArchive } from '../../main/archive/locateArchive';
import { kindOfGitdir } from '../../main/archive/readArchiveMessages';

async function main(): Promise<void> {
  const [source, home] = process.argv.slice(2);
  const t = process.hrtime.bigint();
  const index = new ArchiveIndex(home!, await locateArchive(source!, kindOfGitdir));
  const r = await index.update();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...r, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMiB: peakRssMiB() })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
