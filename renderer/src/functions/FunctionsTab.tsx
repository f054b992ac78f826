import { DIFF_TAB, type TimelineTab } from '../tabs/timelineTab';
import { WorkStatus, workPercent } from '../tabs/workStatus';
import { FunctionsView } from './FunctionsView';

export const tab: TimelineTab = {
  id: 'functions',
  order: 40,
  title: ({ facts }) => {
    const names = facts.functions ? String(facts.functionNames.length) : '';
    const counts = [names, workPercent(facts.functionsWork)].filter(Boolean).join(' · ');
    return `Functions${counts ? ` (${counts})` : ''}`;
  },
  Panel: ({ ctx }) => (
    <div className="work-tab">
      <WorkStatus work={ctx.facts.functionsWork} what="Finding the functions each commit changed" />
      <FunctionsView
        entries={ctx.timeline.entries}
        functions={ctx.facts.functions ?? ctx.facts.functionsWork.soFar}
        history={ctx.selection.functionHistory}
        onPick={(fn) => {
          ctx.selection.showFunction(fn);
          ctx.show(DIFF_TAB);
        }}
      />
    </div>
  ),
};
