import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { TimelineFilterInput } from '../../../shared/timelineFilter';
import type { CliEnv } from '../cliEnv';

interface ExportOptions {
  repo: string;
  path: string;
  format: 'html' | 'md' | 'json' | 'csv' | 'pdf';
  out: string;
  follow: boolean;
  firstParent?: boolean;
  rev?: string;
  from?: string;
  to?: string;
  author?: string;
  text?: string;
  function?: string;
  lines?: string;
  tagFrom?: string;
  tagTo?: string;
  discussed?: boolean;
  mentions?: string;
  mark?: boolean;
}

export function exportCommand(env: CliEnv): Command {
  return new Command('export')
    .description("a report of the timeline, filtered as the app's filter bar filters it")
    .option(
      '--repo <dir|url>',
      "the repository; an https address is cloned first (under Strata's home, where the app clones it); by default the one the current folder is in",
    )
    .requiredOption('--path <path>', 'the file, relative to the top')
    .addOption(new Option('--format <format>', 'the report format').choices(['html', 'md', 'json', 'csv', 'pdf']).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write it')
    .option('--follow', 'follow renames', false)
    .option('--first-parent', 'the timeline as git log --first-parent lists it: the first-parent line, each merge against its first parent')
    .option('--rev <rev>', 'branch, tag or commit to start from (default HEAD), or a range A..B, as git log A..B')
    .option('--from <date>', 'authored on or after (YYYY-MM-DD)')
    .option('--to <date>', 'authored on or before (YYYY-MM-DD)')
    .option('--author <text>', "in the author's name or email")
    .option('--text <text>', 'in the commit id or message')
    .option('--function <name>', "only commits that changed this C function (git log -L :NAME:path); diffs show the function's lines")
    .option('--lines <a,b>', 'only commits that changed these lines of the file at HEAD (git log -L A,B:path); diffs show those lines')
    .option('--tag-from <tag>', 'first released in this release or later')
    .option('--tag-to <tag>', 'first released in this release or earlier')
    .option('--discussed', 'only commits with a review thread in the attached archives (strata archive add)')
    .option('--mentions <text>', "only commits whose review thread's messages contain this")
    .option('--mark', '--text marks the commits it matches (listed under "marked") instead of leaving out the others')
    .action(async (o: ExportOptions) => {
      let dir = o.repo;
      if (/^https?:\/\//.test(dir)) {
        // loaded here: the clone's modules (isomorphic-git) are not loaded for every command
        const { defaultCloneDir } = await import('../../api/methods/cloneRepository');
        dir = defaultCloneDir(env.home, o.repo);
        if (!fs.existsSync(dir)) await env.call('cloneRepository', { url: o.repo, dir });
      }
      const filter: TimelineFilterInput = {
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.author ? { author: o.author } : {}),
        ...(o.text ? { text: o.text } : {}),
        ...(o.function ? { fn: o.function } : {}),
        ...(o.lines ? { lines: o.lines } : {}),
        ...(o.tagFrom ? { tagFrom: o.tagFrom } : {}),
        ...(o.tagTo ? { tagTo: o.tagTo } : {}),
        ...(o.discussed ? { discussed: 'yes' as const } : {}),
        ...(o.mentions ? { mentions: o.mentions } : {}),
        ...(o.mark ? { mark: 'yes' as const } : {}),
      };
      const report = await env.call('writeReport', {
        dir,
        path: o.path,
        follow: o.follow,
        ...(o.firstParent ? { firstParent: true } : {}),
        ...(o.rev ? { rev: o.rev } : {}),
        format: o.format,
        filter,
      });
      const out = path.resolve(o.out);
      fs.writeFileSync(out, report.encoding === 'base64' ? Buffer.from(report.content, 'base64') : report.content);
      env.io.out(`Wrote ${report.commits} commits to ${out}\n`);
    });
}
