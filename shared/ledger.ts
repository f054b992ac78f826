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
}
