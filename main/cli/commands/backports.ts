import { Command } from 'commander';
import type { CliEnv } from '../cliEnv';

export function backportsCommand(env: CliEnv): Command {
  return new Command('backports')
    .description(
      "the file's commits backported to the repository's stable branches (linux-X.Y.y, stable/vX.Y, X.Y-stable…; local or remote-tracking)",
    )
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .option('--follow', 'follow renames', false)
    .option('--rev <rev>', 'branch, tag or commit whose history is looked at (default HEAD)')
    .option('--json', 'as JSON: one object per commit of the timeline that has a backport', false)
    .action(async (o: { repo: string; path: string; follow: boolean; rev?: string; json: boolean }) => {
      const key = { dir: o.repo, path: o.path, follow: o.follow, ...(o.rev ? { rev: o.rev } : {}) };
      const timeline = await env.call('indexFile', key);
      const found = await env.call('findBackports', key);
      const rows = timeline.entries
        .filter((e) => found.backported[e.oid])
        .map((e) => ({ oid: e.oid, subject: e.subject, backports: found.backported[e.oid]! }));
      if (o.json) {
        env.io.out(`${JSON.stringify({ branches: found.branches, commits: rows }, null, 2)}\n`);
        return;
      }
      if (found.branches.length === 0) {
        env.io.out('no stable branches (linux-X.Y.y, stable/vX.Y, stable-X.Y, X.Y-stable, REL_N_STABLE) in this repository\n');
        return;
      }
      for (const r of rows) {
        env.io.out(`${r.oid.slice(0, 12)} ${r.subject}\n`);
        for (const b of r.backports) env.io.out(`  ${b.branch} ${b.oid.slice(0, 12)}\n`);
      }
      env.io.out(`${rows.length} of ${timeline.entries.length} commits backported; branches: ${found.branches.join(', ')}\n`);
    });
}
