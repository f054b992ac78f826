import type { ExportLedger } from '../../../shared/ledger';
import type { Backports } from '../../../shared/model';
import type { MessageFacts } from '../../../shared/trailers';

/** Which commits get which badge in the list; `macroChanges` also marks the time axis. */
export interface CommitBadges {
  /** Added, removed or changed an export macro. */
  readonly macro: ReadonlySet<string>;
  /** Changed one symbol's export macro (EXPORT_SYMBOL → EXPORT_SYMBOL_GPL and back). */
  readonly macroChanges: ReadonlySet<string>;
  /** Carries a Fixes: trailer. */
  readonly fixes: ReadonlySet<string>;
  /** A stable backport (names its upstream commit). */
  readonly backport: ReadonlySet<string>;
  /** Backported to stable branches: per upstream commit, the branches (and their commits) carrying it. */
  readonly backported: ReadonlyMap<string, Backports['backported'][string]>;
}

export function commitBadges(
  ledger: ExportLedger | null,
  messages: ReadonlyMap<string, MessageFacts>,
  backports: Backports | null = null,
): CommitBadges {
  const events = (ledger?.symbols ?? []).flatMap((s) => s.events);
  return {
    macro: new Set(events.map((e) => e.oid)),
    macroChanges: new Set(events.filter((e) => e.kind === 'changed').map((e) => e.oid)),
    fixes: new Set([...messages].filter(([, f]) => f.fixes.length > 0 || f.fixesNamed.length > 0).map(([oid]) => oid)),
    backport: new Set([...messages].filter(([, f]) => f.upstream !== null).map(([oid]) => oid)),
    backported: new Map(Object.entries(backports?.backported ?? {})),
  };
}

export { shortBranchName } from '../../../shared/stableBranchNames';
