import { Command } from 'commander';
import type { CliEnv } from '../cliEnv';
import { ledgerAbsentNote } from '../../../shared/ledger';

export function exportsCommand(env: CliEnv): Command {
  return new Command('exports')
    .description('the export ledger: each EXPORT_SYMBOL of the file (or of every file under a directory) over time')
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file or directory, relative to the top')
    .option('--follow', 'follow renames', false)
    .option(
      '--rev <rev>',
      'branch, tag or commit to start from (default HEAD), or a range A..B: what B reaches and A does not, as git log A..B',
    )
    .option(
      '--first-parent',
      "the first-parent line's ledger: each merge's changes against its first parent are its own (git log --first-parent)",
    )
    .option('--json', 'as JSON', false)
    .action(async (o: { repo: string; path: string; follow: boolean; rev?: string; firstParent?: boolean; json: boolean }) => {
      const ledger = await env.call('exportLedger', {
        dir: o.repo,
        path: o.path,
        follow: o.follow,
        ...(o.rev ? { rev: o.rev } : {}),
        ...(o.firstParent ? { firstParent: true } : {}),
      });
      const note = ledgerAbsentNote(ledger);
      if (note) env.io.err(`strata: note: ${note}\n`);
      if (o.json) {
        const symbols = ledger.symbols.map((s) => ({
          symbol: s.symbol,
          path: s.path,
          events: s.events.map(({ oid, kind, from, to }) => ({ oid, kind, from, to })),
        }));
        env.io.out(`${JSON.stringify(symbols, null, 2)}\n`);
        return;
      }
      for (const s of ledger.symbols) {
        env.io.out(`${s.symbol} (${s.path})\n`);
        for (const e of s.events)
          env.io.out(
            `  ${e.oid.slice(0, 12)} ${(e.date ?? '').slice(0, 10)} ${e.kind.padEnd(7)} ${e.from ?? '-'} → ${e.to ?? '-'}  ${e.subject ?? ''}\n`,
          );
      }
    });
}
