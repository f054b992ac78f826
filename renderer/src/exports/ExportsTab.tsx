import type { TimelineTab } from '../tabs/timelineTab';
import { LedgerView } from './LedgerView';

export const tab: TimelineTab = {
  id: 'exports',
  order: 30,
  title: ({ facts }) => `Exports${facts.ledger ? ` (${facts.ledger.symbols.length})` : ''}`,
  Panel: ({ ctx }) => <LedgerView ledger={ctx.facts.ledger} loading={ctx.facts.ledgerLoading} onJump={ctx.jump} />,
};
