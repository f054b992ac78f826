/**
 * `-L :NAME:PATH` in its own process, twice: the first run walks the file's history too (nothing kept), the
 * second finds it on disk. Prints the seconds of each and the commits listed. `--commit-index-only`: only
 * build the repository's commit index (what opening it in the app does once), for a first run timed after it.
 */
import { openRepository } from '../../main/repository/repository';
import { openCommitTable } from '../../main/history/openCommitTable';
import { lineHistory } from '../../main/services/lineHistory';

async function main(): Promise<void> {
  const [dir, filePath, home, funcname] = process.argv.slice(2);
  const repo = await openRepository({ dir: dir!, home: home! });
  if (process.argv.includes('--commit-index-only')) {
    await openCommitTable({ store: repo.store, index: repo.index, heads: [repo.info.head!], shallow: await repo.store.shallowCommits() });
    repo.close();
    return;
  }
  let t = process.hrtime.bigint();
  const first = await lineHistory({ repo, path: filePath!, funcname: funcname! });
  const firstSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  await lineHistory({ repo, path: filePath!, funcname: funcname! });
  const secondSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(`${JSON.stringify({ first: firstSeconds, second: secondSeconds, oids: first.commits.map((c) => c.oid) })}\n`);
  repo.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
