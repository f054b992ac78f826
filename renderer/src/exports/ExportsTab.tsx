import type { TimelineTab } from '../tabs/timelineTab';
import { WorkStatus, workPercent } from '../tabs/workStatus';
import { LedgerView } from './LedgerView';

export const tab: TimelineTab = {
  id: 'exports',
  order: 30,
  title: ({ facts }) => {
    const ledger = facts.ledger ?? facts.ledgerWork.soFar;
    const counts = [ledger ? String(ledger.symbols.length) : '', workPercent(facts.ledgerWork)].filter(Boolean).join(' · ');
    return `Exports${counts ? ` (${counts})` : ''}`;
  },
  Panel: ({ ctx }) => (
    <div className="work-tab">
      <WorkStatus work={ctx.facts.ledgerWork} what="Reading exports across history" />
      <LedgerView ledger={ctx.facts.ledger ?? ctx.facts.ledgerWork.soFar} loading={ctx.facts.ledgerLoading} onJump={ctx.jump} />
    </div>
  ),
};
