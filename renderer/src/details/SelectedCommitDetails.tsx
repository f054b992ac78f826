import { useMemo } from 'react';
import { useApiQuery } from '../client/useApiQuery';
import type { TimelineTabContext } from '../tabs/timelineTab';
import { CommitDetailsPane } from './CommitDetailsPane';

/** The selected commit's message, people, links and files, read for it; any tab can show it beside its own view. */
export function SelectedCommitDetails({ ctx }: { ctx: TimelineTabContext }) {
  const { client, timeline, facts } = ctx;
  const { current } = ctx.selection;
  // a failure leaves the message from the timeline entry: nothing to report
  const details = useApiQuery(client, 'commitDetails', current ? { dir: timeline.repo.dir, oid: current.oid } : null).value;
  const backportsOf = useMemo(
    () => (current ? timeline.entries.filter((e) => facts.messages.get(e.oid)?.upstream === current.oid) : []),
    [timeline.entries, facts.messages, current],
  );
  if (!current) return null;
  return (
    <CommitDetailsPane
      entry={current}
      details={details}
      release={facts.releases[current.oid]}
      findInTimeline={(prefix) => timeline.entries.find((e) => e.oid.startsWith(prefix.toLowerCase()))}
      backportsOf={backportsOf}
      backportedTo={facts.backports?.backported[current.oid] ?? []}
      onOpenRev={ctx.openRev}
      atRev={timeline.rev !== undefined}
      onJump={ctx.jump}
      onOpenLink={ctx.openLink}
      onOpenFile={ctx.openFile}
    />
  );
}
