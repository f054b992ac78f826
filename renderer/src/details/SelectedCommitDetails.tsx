import { useMemo } from 'react';
import type { CommitDetails, TimelineEntry } from '../../../shared/model';
import { useApiQuery } from '../client/useApiQuery';
import type { TimelineTabContext } from '../tabs/timelineTab';
import { CommitDetailsPane } from './CommitDetailsPane';

/**
 * A commit's message, people, links and files, read for it — the selected commit's, `entry`'s, or the commit `oid`
 * names (the Blame tab's line at the cursor: a commit the list may not have, its file then at `path`); any tab can
 * show it beside its own view.
 */
export function SelectedCommitDetails({
  ctx,
  entry,
  oid,
  path,
}: {
  ctx: TimelineTabContext;
  entry?: TimelineEntry | undefined;
  oid?: string | undefined;
  path?: string | undefined;
}) {
  const { client, timeline, facts } = ctx;
  const listed = entry ?? (oid ? undefined : ctx.selection.current);
  const asked = listed?.oid ?? oid;
  // a failure leaves the message from the timeline entry: nothing to report
  const details = useApiQuery(client, 'commitDetails', asked ? { dir: timeline.repo.dir, oid: asked } : null).value;
  // (made once per answer: a new object each render would make the pane's memos work again at every cursor move)
  const unlisted = useMemo(
    () => (details && details.oid === oid ? entryOf(details, path ?? timeline.path) : null),
    [details, oid, path, timeline.path],
  );
  const current = listed ?? unlisted;
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
      namedFix={(rev) => <NamedFix ctx={ctx} rev={rev} />}
      origin={timeline.repo.origin}
    />
  );
}

/** Where a revision a Fixes trailer names (`v5.4~106`) is: asked of the repository, then looked for in the list. */
function NamedFix({ ctx, rev }: { ctx: TimelineTabContext; rev: string }) {
  const { client, timeline } = ctx;
  // a name this repository does not know fails quietly: said here, not as an error of the screen
  const resolved = useApiQuery(client, 'commitDetails', { dir: timeline.repo.dir, oid: rev }, { onError: () => undefined });
  if (resolved.loading) return <span className="muted">(looking it up)</span>;
  if (!resolved.value) return <span className="muted">(no such commit in this repository)</span>;
  const target = timeline.entries.find((e) => e.oid === resolved.value!.oid);
  return target ? (
    <button type="button" className="link" onClick={() => ctx.jump(target.oid)}>
      Go to the fixed commit
    </button>
  ) : (
    <span className="muted">
      (<code>{resolved.value.oid.slice(0, 12)}</code>, not in this timeline)
    </span>
  );
}

/** A commit the list does not have, as an entry of it: what its details say (no counts: the pane shows none). */
function entryOf(d: CommitDetails, path: string): TimelineEntry {
  const nl = d.message.indexOf('\n');
  return {
    oid: d.oid,
    parents: d.parents,
    author: d.author,
    committer: d.committer,
    subject: nl < 0 ? d.message : d.message.slice(0, nl),
    body: nl < 0 ? '' : d.message.slice(nl + 1).replace(/^\n+/, ''),
    status: 'M',
    path,
    blob: null,
    additions: null,
    deletions: null,
  };
}
