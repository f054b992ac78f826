/**
 * Blame in its own process: the first blame of a file at HEAD (nothing cached), then, with what that run
 * kept, the blame of the version before (the previous commit that changed the file). `--after-timeline`: the
 * file's timeline is opened first, untimed, as the app does before its Blame tab can be asked; `--prepared`:
 * then blame's diffs are prepared (timed on their own), as the app does next, in the background; `--walk=A,B,…`:
 * then those versions are blamed one after another (the Blame tab's "blame before", again and again);
 * `--moves`, `--copies`: the first blame is git blame -M's, -C's.
 */
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { openRepository } from '../../main/repository/repository';
import { openCommitTable } from '../../main/history/openCommitTable';
import { peakRssMiB } from './peakRss';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { prepareLineMaps } from '../../main/blame/prepareLineMaps';
import { DEFAULT_COPY_SCORE, DEFAULT_MOVE_SCORE } from '../../shared/blame';

async function main(): Promise<void> {
  const [dir, filePath, home, previous] = process.argv.slice(2);
  const repo = await openRepository({ dir: dir!, home: home! });
  if (process.argv.includes('--commit-index-only')) {
    // what opening the repository in the app does once: its commit index, not the file's timeline
    const head = repo.info.head!;
    await openCommitTable({ store: repo.store, index: repo.index, heads: [head], shallow: await repo.store.shallowCommits() });
    repo.close();
    return;
  }
  // as in the app: the file's timeline is open (its index built, its counts computed) before the first blame
  let prepareSeconds = 0;
  if (process.argv.includes('--after-timeline')) {
    const timeline = await indexFileHistory({ repo, path: filePath! });
    // `--prepared`: and blame's diffs made ahead, as the app does after the counts (in another worker: a fresh cache reads them from disk)
    if (process.argv.includes('--prepared')) {
      const t0 = process.hrtime.bigint();
      await prepareLineMaps({ repo, timeline, cache: new BlameCache() });
      prepareSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    }
  }
  const cache = new BlameCache();
  let t = process.hrtime.bigint();
  // `--moves`, `--copies`: blame -M, blame -C (git's default scores)
  const flags = {
    ...(process.argv.includes('--moves') ? { moveScore: DEFAULT_MOVE_SCORE } : {}),
    ...(process.argv.includes('--copies') ? { copies: { level: 1 as const, score: DEFAULT_COPY_SCORE } } : {}),
  };
  const lines = await blameFile({ repo, path: filePath!, cache, ...flags });
  const first = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  const before = previous ? await blameFile({ repo, path: filePath!, rev: previous, cache }) : [];
  const second = Number(process.hrtime.bigint() - t) / 1e9;
  // `--walk=A,B,…`: then "blame before" again and again, each version after the last, with the same cache
  const walk = (process.argv.find((a) => a.startsWith('--walk='))?.slice(7) ?? '').split(',').filter(Boolean);
  const walked: number[] = [];
  for (const rev of walk) {
    t = process.hrtime.bigint();
    await blameFile({ repo, path: filePath!, rev, cache });
    walked.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  process.stdout.write(
    `${JSON.stringify({ first, second, walked, prepareSeconds, rssMiB: peakRssMiB(), oids: lines.map((l) => l.oid), previousOids: before.map((l) => l.oid) })}\n`,
  );
  repo.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
