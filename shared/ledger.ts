export type ExportMacroName =
  'EXPORT_SYMBOL' | 'EXPORT_SYMBOL_GPL' | 'EXPORT_SYMBOL_NS' | 'EXPORT_SYMBOL_NS_GPL' | 'EXPORT_SYMBOL_GPL_FUTURE';

export interface ExportEvent {
  readonly oid: string;
  readonly kind: 'added' | 'changed' | 'removed';
  readonly from: string | null;
  readonly to: string | null;
  readonly date?: string;
  readonly subject?: string;
}

export interface SymbolLedger {
  readonly symbol: string;
  readonly path: string;
  readonly events: readonly ExportEvent[];
}

export interface ExportLedger {
  readonly path: string;
  readonly symbols: readonly SymbolLedger[];
  /**
   * Versions of the file this copy of the repository lacks (a partial clone); absent: none. A change made in one
   * of them shows at the next version that was read.
   */
  readonly absent?: number;
}

/** What a ledger with missing versions says about them, in the app, the CLI and reports. */
export function ledgerAbsentNote(ledger: ExportLedger): string | null {
  if (!ledger.absent) return null;
  const n = ledger.absent;
  return `${n} version${n === 1 ? ' of the file is' : 's of the file are'} not in this clone (a partial clone): a change made in one shows at the next version that is. Fetch them (or clone without --filter) for the whole ledger.`;
}
