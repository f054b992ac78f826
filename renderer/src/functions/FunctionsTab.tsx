import { DIFF_TAB, type TimelineTab } from '../tabs/timelineTab';
import { FunctionsView } from './FunctionsView';

export const tab: TimelineTab = {
  id: 'functions',
  order: 40,
  title: ({ facts }) => `Functions${facts.functions ? ` (${facts.functionNames.length})` : ''}`,
  Panel: ({ ctx }) => (
    <FunctionsView
      entries={ctx.timeline.entries}
      functions={ctx.facts.functions}
      history={ctx.selection.functionHistory}
      onPick={(fn) => {
        ctx.selection.showFunction(fn);
        ctx.show(DIFF_TAB);
      }}
    />
  ),
};
