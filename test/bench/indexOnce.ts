/** One indexing run in its own process, so time and peak memory belong to it alone. */
import { peakRssMiB } from './peakRss';
import { indexFileHistory } from '../fixtures/openAndRun';

async function main(): Promise<void> {
  const [dir, filePath, home, follow] = process.argv.slice(2);
  const t = process.hrtime.bigint();
  const timeline = await indexFileHistory({ dir: dir!, path: filePath!, home: home!, follow: follow === 'follow' });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      rssMiB: peakRssMiB(),
      oids: timeline.entries.map((e) => e.oid),
      counts: timeline.entries.map((e) => [e.additions, e.deletions]),
      stats: timeline.stats,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
