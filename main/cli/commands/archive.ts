import { Command } from 'commander';
import type { ArchiveSummary } from '../../../shared/discussion';
import { withInterrupt, type CliEnv } from '../cliEnv';

function line(a: ArchiveSummary, verb: string): string {
  const parts = [verb ? `${a.added} ${verb}` : '', a.absent ? `${a.absent} not in this copy` : ''].filter(Boolean);
  return `${a.kind.padEnd(5)} ${String(a.messages).padStart(8)} messages${parts.length ? ` (${parts.join('; ')})` : ''}  ${a.source}\n`;
}

/** What to do about messages an archive's copy lacks: said on stderr, once per archive. */
function absentNote(env: CliEnv, list: readonly ArchiveSummary[]): void {
  for (const a of list) {
    if (!a.absent) continue;
    env.io.err(
      `strata: note: ${a.absent} message${a.absent === 1 ? '' : 's'} of ${a.source} ${a.absent === 1 ? 'is' : 'are'} not in this copy of it ` +
        `(a partial clone, \`git clone --filter\`, leaves message blobs out; otherwise the copy is damaged: \`git fsck\` names what is missing): ${a.absent === 1 ? 'it is' : 'they are'} not indexed. ` +
        `Clone the archive whole (or attach its address and let Strata clone it), then \`strata archive fetch\` indexes ${a.absent === 1 ? 'it' : 'them'}.\n`,
    );
  }
}

/** `strata archive add|list|fetch`: the mail archives attached to a repository. */
export function archiveCommand(env: CliEnv): Command {
  const archive = new Command('archive').description(
    'mail archives (public-inbox, mbox) attached to a repository, for `strata discussion`',
  );
  archive.addCommand(
    new Command('add')
      .description(
        'attach an archive and index it: a public-inbox v2 folder, one git/N.git epoch, a v1 inbox, an mbox file, or the http(s) address of an inbox or epoch (cloned into STRATA_HOME)',
      )
      .option('--repo <dir>', 'the repository; by default the one the current folder is in')
      .argument('<source>', 'the archive')
      .action(async (source: string, o: { repo: string }) => {
        const a = await withInterrupt((signal) => env.call('addArchive', { dir: o.repo, source }, { signal }));
        env.io.out(line(a, 'indexed now'));
        absentNote(env, [a]);
      }),
  );
  archive.addCommand(
    new Command('list')
      .description('the archives attached to the repository')
      .option('--repo <dir>', 'the repository; by default the one the current folder is in')
      .option('--json', 'as JSON', false)
      .action(async (o: { repo: string; json: boolean }) => {
        const list = await env.call('listArchives', { dir: o.repo }, { quiet: true });
        if (o.json) env.io.out(`${JSON.stringify(list, null, 2)}\n`);
        else if (!list.length) env.io.out('No archive attached; strata archive add --repo DIR SOURCE attaches one.\n');
        else for (const a of list) env.io.out(line(a, ''));
      }),
  );
  archive.addCommand(
    new Command('fetch')
      .description('index the messages each attached archive gained since the last index (only those; addresses are fetched first)')
      .option('--repo <dir>', 'the repository; by default the one the current folder is in')
      .action(async (o: { repo: string }) => {
        const list = await withInterrupt((signal) => env.call('fetchArchives', { dir: o.repo }, { signal }));
        for (const a of list) env.io.out(line(a, 'new'));
        absentNote(env, list);
      }),
  );
  return archive;
}
