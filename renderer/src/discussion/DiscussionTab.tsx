import { useMemo, useState } from 'react';
import type { Discussion, DiscussionEntry, ThreadMessage } from '../../../shared/discussion';
import { fileHunks, mailSegments } from '../../../shared/mailSegments';
import { DiffPane } from '../diff/lazyEditors';
import { useApiQuery } from '../client/useApiQuery';
import type { TimelineTab, TimelineTabContext } from '../tabs/timelineTab';
import { howText } from './howFound';
import { replyDepths } from './replyDepths';

function MessageBody({ text }: { text: string }) {
  return (
    <div className="mail-body">
      {mailSegments(text).map((s, i) => {
        const body = s.lines.join('\n');
        if (s.kind === 'quote') {
          return (
            <details key={i} className="mail-quote">
              <summary>
                {s.lines.length} quoted line{s.lines.length === 1 ? '' : 's'}
              </summary>
              <pre>{body}</pre>
            </details>
          );
        }
        if (s.kind === 'patch')
          return (
            <details key={i} className="mail-patch">
              <summary>the patch ({s.lines.length} lines)</summary>
              <pre>{body}</pre>
            </details>
          );
        return (
          <pre key={i} className={s.kind === 'tag' ? (/na(c)?k/i.test(body) ? 'mail-tag mail-nak' : 'mail-tag') : 'mail-text'}>
            {body}
          </pre>
        );
      })}
    </div>
  );
}

function ThreadView({ ctx, messageId, highlight }: { ctx: TimelineTabContext; messageId: string; highlight: string }) {
  const thread = useApiQuery(ctx.client, 'discussionThread', { dir: ctx.timeline.repo.dir, messageId }, { onError: ctx.onError });
  const levels = useMemo(() => replyDepths(thread.value?.messages ?? []), [thread.value]);
  if (!thread.value) return <p className="muted">{thread.loading ? 'Reading the thread…' : ''}</p>;
  return (
    <ol className="thread" aria-busy={thread.loading}>
      {thread.value.messages.map((m) => (
        <li
          key={m.messageId}
          className={m.messageId === highlight ? 'mail mail-this' : 'mail'}
          style={{ marginLeft: `${Math.min(levels.get(m.messageId) ?? 0, 8) * 16}px` }}
        >
          <div className="mail-head">
            <strong>{m.from.name || m.from.email}</strong> <span className="muted">{m.date.slice(0, 16).replace('T', ' ')}</span>
            {m.tags.map((t) => (
              <span key={`${t.tag}${t.who}`} className={/nack/i.test(t.tag) ? 'tag-chip tag-nak' : 'tag-chip'}>
                {t.tag}
              </span>
            ))}
            {m.html ? <span className="muted"> (from HTML)</span> : null}
          </div>
          <div className="mail-subject">{m.subject}</div>
          <MessageBody text={m.text} />
        </li>
      ))}
    </ol>
  );
}

/** This file's hunks in a thread: from the given message when it has them, else from the first patch that does. */
function hunksIn(messages: readonly ThreadMessage[] | undefined, path: string, prefer: string): string | null {
  const own = messages?.find((m) => m.messageId === prefer);
  const fromOwn = own ? fileHunks(own.text, path) : null;
  if (fromOwn !== null) return fromOwn;
  for (const m of messages ?? []) {
    const h = fileHunks(m.text, path);
    if (h !== null) return h;
  }
  return null;
}

/** How the patch changed under review: this file's hunks in another version of the series against the applied one. */
function VersionDiff({ ctx, d, other }: { ctx: TimelineTabContext; d: Discussion; other: { version: number; messageId: string } }) {
  const dir = ctx.timeline.repo.dir;
  const mine = useApiQuery(ctx.client, 'discussionThread', { dir, messageId: d.messageId }, { onError: ctx.onError });
  const theirs = useApiQuery(ctx.client, 'discussionThread', { dir, messageId: other.messageId }, { onError: ctx.onError });
  const path = ctx.timeline.path;
  if (!mine.value || !theirs.value) return <p className="muted">Reading both versions…</p>;
  const a = hunksIn(theirs.value.messages, path, other.messageId);
  const b = hunksIn(mine.value.messages, path, d.messageId);
  if (a === null)
    return (
      <p className="muted">
        v{other.version} does not patch {path}.
      </p>
    );
  return (
    <div className="version-diff">
      <DiffPane
        changes={null}
        original={a}
        modified={b ?? ''}
        originalLabel={`v${other.version}: ${path}`}
        modifiedLabel={`v${d.series?.version ?? '?'} (this commit's patch): ${path}`}
        language="plaintext"
        loading={mine.loading || theirs.loading}
        shownBlobs={null}
        options={ctx.diffOptions}
        dark={ctx.dark}
        handleRef={() => undefined}
      />
    </div>
  );
}

/** Why a commit shows no thread: none of the attached archives carried its patch, or none is attached. */
function NoThread({ ctx }: { ctx: TimelineTabContext }) {
  const archives = useApiQuery(
    ctx.client,
    'listArchives',
    { dir: ctx.timeline.repo.dir },
    { generation: ctx.facts.archivesGeneration, background: true },
  );
  if (archives.value?.length === 0) return <p data-testid="no-thread">No mailing-list archive is attached to this repository yet.</p>;
  return <p data-testid="no-thread">No thread in the attached archives carried this commit&apos;s patch.</p>;
}

function DiscussionPanel({ ctx }: { ctx: TimelineTabContext }) {
  const { selection } = ctx;
  // read once per timeline with the screen's facts (the list's marks and the filter use the same answer)
  const all = { value: ctx.facts.discussions, loading: ctx.facts.discussionsLoading };
  const entry: DiscussionEntry | null = all.value?.find((e) => e.oid === selection.current?.oid) ?? null;
  const d = entry?.discussion ?? null;
  const [version, setVersion] = useState<string | null>(null);
  if (!all.value)
    return (
      <div className="discussion">
        <p className="muted">{all.loading ? 'Reading the archives…' : ''}</p>
      </div>
    );
  if (!selection.current)
    return (
      <div className="discussion">
        <p className="muted">Select a commit to see the thread its patch had.</p>
      </div>
    );
  if (!d) {
    return (
      <div className="discussion">
        <NoThread ctx={ctx} />
        <p className="muted">
          Attach the list&apos;s archive (a public-inbox folder or address, or an mbox) to find the threads behind the commits.
        </p>
        <button type="button" onClick={ctx.showArchives}>
          Attach an archive…
        </button>
      </div>
    );
  }
  const shownVersion = d.series?.versions.find((v) => v.messageId === version) ?? null;
  return (
    <div className="discussion">
      <header>
        <div className="mail-subject">{d.subject}</div>
        <div className="muted">
          {d.from.name} · {d.date.slice(0, 10)} · {howText(entry?.subject ?? '', d)} (confidence {d.confidence.toFixed(2)}) · {d.replies}{' '}
          repl
          {d.replies === 1 ? 'y' : 'ies'} · {d.thread.messages} messages
        </div>
        {d.tags.length ? (
          <ul className="tags">
            {d.tags.map((t) => (
              <li
                key={`${t.tag}${t.who}`}
                className={/nack/i.test(t.tag) ? 'tag-chip tag-nak' : 'tag-chip'}
                title={t.inCommit ? 'the commit carries it' : 'given in the thread, not in the commit'}
              >
                {t.tag}: {t.who}
                {t.inCommit ? ' ✓' : ' (not in the commit)'}
              </li>
            ))}
          </ul>
        ) : null}
        {d.series && d.series.versions.length > 1 ? (
          <nav className="versions" aria-label="versions of the series">
            {d.series.versions.map((v) => (
              <button
                type="button"
                key={v.messageId}
                aria-pressed={(shownVersion?.messageId ?? null) === v.messageId || (!shownVersion && v.version === d.series!.version)}
                onClick={() => setVersion(v.version === d.series!.version ? null : v.messageId)}
              >
                v{v.version} · {v.date.slice(0, 10)}
              </button>
            ))}
          </nav>
        ) : null}
      </header>
      {shownVersion && shownVersion.version !== d.series?.version ? <VersionDiff ctx={ctx} d={d} other={shownVersion} /> : null}
      <ThreadView ctx={ctx} messageId={shownVersion?.messageId ?? d.messageId} highlight={d.messageId} />
    </div>
  );
}

export const tab: TimelineTab = {
  id: 'discussion',
  order: 20,
  title: () => 'Discussion',
  Panel: DiscussionPanel,
};
