import { Command } from 'commander';
import type { TimelineEntry } from '../../../shared/model';
import type { CliEnv } from '../cliEnv';

export function logCommand(env: CliEnv): Command {
  return new Command('log')
    .description("the file's timeline, newest first, as `git log -- PATH` lists it")
    .requiredOption('--repo <dir>', 'the repository (working copy or bare)')
    .requiredOption('--path <path>', 'the file (or directory), relative to the top')
    .option('--follow', 'follow renames, as git log --follow', false)
    .option('--rev <rev>', 'branch, tag or commit to start from (default HEAD)')
    .option('--json', 'the entries as JSON', false)
    .action(async (o: { repo: string; path: string; follow: boolean; rev?: string; json: boolean }) => {
      const timeline = await env.call('indexFile', { dir: o.repo, path: o.path, follow: o.follow, ...(o.rev ? { rev: o.rev } : {}) });
      if (o.json) env.io.out(`${JSON.stringify(timeline.entries, null, 2)}\n`);
      else for (const e of timeline.entries) env.io.out(`${formatEntry(e)}\n`);
    });
}

export function formatEntry(e: TimelineEntry): string {
  const counts = e.additions === null ? 'binary' : `+${e.additions} -${e.deletions}`;
  const rename = e.oldPath ? ` (${e.oldPath} → ${e.path})` : '';
  return `${e.oid.slice(0, 12)} ${e.author.date.slice(0, 10)} ${e.status} ${counts.padEnd(10)} ${e.subject}${rename}`;
}
