import { Command } from 'commander';
import type { DiscussionEntry } from '../../../shared/discussion';
import { withInterrupt, type CliEnv } from '../cliEnv';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `strata discussion`: per commit of the file's timeline, the review thread its patch had (JSON: docs/discussion-json.md). */
export function discussionCommand(env: CliEnv): Command {
  return new Command('discussion')
    .description("per commit of the file's timeline, the mailing-list thread that carried its patch")
    .option('--repo <dir>', 'the repository (working copy or bare); by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .option('--archive <source>', 'an archive for this run besides the attached ones (repeatable; indexed the first time)', collect, [])
    .option('--follow', 'follow renames, as git log --follow', false)
    .option(
      '--rev <rev>',
      'branch, tag or commit to start from (default HEAD), or a range A..B: what B reaches and A does not, as git log A..B',
    )
    .option('--json', 'the entries as JSON', false)
    .action(async (o: { repo: string; path: string; archive: string[]; follow: boolean; rev?: string; json: boolean }) => {
      const entries = await withInterrupt((signal) =>
        env.call(
          'discussion',
          {
            dir: o.repo,
            path: o.path,
            follow: o.follow,
            ...(o.rev ? { rev: o.rev } : {}),
            ...(o.archive.length ? { archives: o.archive } : {}),
          },
          { signal },
        ),
      );
      if (o.json) env.io.out(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) env.io.out(`${formatDiscussion(e)}\n`);
    });
}

export function formatDiscussion(e: DiscussionEntry): string {
  const d = e.discussion;
  if (!d) return `${e.oid.slice(0, 12)} -                        ${e.subject}`;
  const tags = d.tags.map((t) => `${t.tag}${t.inCommit ? '' : '*'}`).join(',');
  const version = d.series ? ` v${d.series.version}/${d.series.versions.length}` : '';
  return `${e.oid.slice(0, 12)} ${d.how.padEnd(7)} ${d.confidence.toFixed(2)} ${String(d.replies).padStart(3)} replies${version} ${e.subject}  <${d.messageId}>${tags ? `  [${tags}]` : ''}`;
}
