/** One indexing run in its own process, so time and peak memory belong to it alone. */
import { peakRssMiB } from './peakRss';
import { indexFileHistory } from '../fixtures/openAndRun';

async function main(): Promise<void> {
  const [dir, filePath, home, follow] = process.argv.slice(2);
  const t = process.hrtime.bigint();
  // a long walk's first commits, shown before the walk ends (the 'walking' partial answer): when, and how many
  let firstRows: { seconds: number; count: number } | null = null;
  const timeline = await indexFileHistory({
    dir: dir!,
    path: filePath!,
    home: home!,
    follow: follow === 'follow',
    onPartial: (p) => {
      if (p.kind === 'walking' && !firstRows)
        firstRows = { seconds: Number(process.hrtime.bigint() - t) / 1e9, count: p.timeline.entries.length };
    },
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      firstRows,
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
