import type { ReactNode } from 'react';
import type { CommitDetails, Person, TimelineEntry } from '../../../shared/model';
import { isAllowedExternalLink } from '../../../shared/api';
import {
  issueRefOf,
  isPersonTrailer,
  isStructuredTrailer,
  NOTE_LINE,
  parseMessageFacts,
  syzbotReportUrl,
  trailerOfLine,
} from '../../../shared/trailers';
import { issueWebUrl } from '../../../shared/repoWebView';
import { isBoolean, usePersistentState } from '../layout/usePersistentState';
import { reflowMessage } from './reflowMessage';
import { committerShown, samePerson } from '../../../shared/committer';

/** Message, trailers as people, Links and Fixes as actions, and the other files the commit touched. */
export function CommitDetailsPane(p: {
  entry: TimelineEntry;
  details: CommitDetails | null;
  release: string | undefined;
  findInTimeline: (oidPrefix: string) => TimelineEntry | undefined;
  backportsOf: readonly TimelineEntry[];
  /** Backports of this commit on the repository's stable branches. */
  backportedTo: readonly { branch: string; oid: string }[];
  /** Opens the timeline at a branch (null: HEAD). */
  onOpenRev: (rev: string | null) => void;
  /** The timeline is read at a branch or tag, not HEAD. */
  atRev: boolean;
  onJump: (oid: string) => void;
  onOpenLink: (url: string) => void;
  /** Open another file's timeline in the same repository. */
  onOpenFile: (path: string) => void;
  /** A Fixes trailer's fixed commit named as git describe --contains names it (`v5.4~106`), resolved by the repository. */
  namedFix: (rev: string) => ReactNode;
  /** The repository's origin remote: an issue a trailer names by number (`Fixes: #123`) is a link on GitHub and GitLab. */
  origin: string | null;
}) {
  const message = p.details?.message ?? `${p.entry.subject}\n\n${p.entry.body}`;
  const facts = parseMessageFacts(message);
  const people = facts.trailers.filter((t) => isPersonTrailer(t.key));
  const issueUrl = (ref: { repo?: string; number: number }) => issueWebUrl(p.origin, ref);
  const issues = facts.issueRefs.flatMap((r) => {
    const url = issueUrl(r);
    return url ? [{ ...r, url }] : [];
  });
  // trailers shown below the message (people, fixes, links, issues the origin's tracker holds) and maintainer notes
  // are left out of it, each shown once; the others (`Fixes: see above`) stay in it
  const body = message
    .split('\n')
    .filter((l) => {
      const t = trailerOfLine(l);
      if (NOTE_LINE.test(l.trim()) || (t && isStructuredTrailer(t))) return false;
      const ref = t && issueRefOf(t);
      return !(ref && issueUrl(ref));
    })
    .join('\n')
    .trim();
  const upstream = facts.upstream ? p.findInTimeline(facts.upstream) : undefined;
  const [asWritten, setAsWritten] = usePersistentState('messageAsWritten', () => false, isBoolean);
  return (
    <aside className="details" aria-label="Commit details">
      <h2 className="details-subject">{p.entry.subject || '(no subject)'}</h2>
      <p className="meta">
        <code>{p.entry.oid}</code>
        {p.release ? (
          <>
            {' '}
            · first in <strong>{p.release}</strong>
          </>
        ) : null}
      </p>
      <PersonLine person={p.entry.author} />
      {committerShown(p.entry) && (
        <PersonLine person={p.entry.committer} role="committed" again={samePerson(p.entry.author, p.entry.committer)} />
      )}
      <div className="message-head">
        <button
          type="button"
          className="link"
          aria-pressed={asWritten}
          title={
            asWritten
              ? 'The message is shown with its line breaks as written; rewrap its paragraphs to the pane'
              : "The message's paragraphs are rewrapped to the pane (indented text, lists and trailers as written); show its line breaks as written"
          }
          onClick={() => setAsWritten(!asWritten)}
        >
          {asWritten ? 'Rewrap' : 'As written'}
        </button>
      </div>
      <pre className="message" data-wrapped={asWritten ? 'as-written' : 'rewrapped'}>
        {asWritten ? body : reflowMessage(body)}
      </pre>
      {facts.notes.length > 0 && (
        <ul className="notes">
          {facts.notes.map((n) => (
            <li key={n}>[{n}]</li>
          ))}
        </ul>
      )}
      {facts.fixes.map((f) => {
        const target = p.findInTimeline(f.oid);
        return (
          <div key={f.oid} className="action-row">
            <span className="badge fixes">Fixes</span> <code>{f.oid.slice(0, 12)}</code> {f.subject && <span>“{f.subject}”</span>}{' '}
            {target ? (
              <button type="button" className="link" onClick={() => p.onJump(target.oid)}>
                Go to the fixed commit
              </button>
            ) : (
              <span className="muted">(not in this timeline)</span>
            )}
          </div>
        );
      })}
      {facts.fixesNamed.map((f) => (
        <div key={f.rev} className="action-row">
          <span className="badge fixes">Fixes</span> <code>{f.rev}</code> {f.subject && <span>“{f.subject}”</span>} {p.namedFix(f.rev)}
        </div>
      ))}
      {facts.fixedIssues.map((url) => (
        <div key={url} className="action-row">
          <span className="badge fixes">Fixes</span> <ExternalLink url={url} onOpen={p.onOpenLink} />
        </div>
      ))}
      {facts.upstream && (
        <div className="action-row">
          <span className="badge stable">stable backport</span> of <code>{facts.upstream.slice(0, 12)}</code>{' '}
          {upstream ? (
            <button type="button" className="link" onClick={() => p.onJump(upstream.oid)}>
              Go to upstream commit
            </button>
          ) : (
            <>
              <span className="muted">(upstream commit not in this timeline)</span>{' '}
              {p.atRev && (
                <button type="button" className="link" onClick={() => p.onOpenRev(null)}>
                  Open HEAD
                </button>
              )}
            </>
          )}
        </div>
      )}
      {p.backportsOf.length > 0 && (
        <div className="action-row">
          <span className="badge stable">backported</span> as{' '}
          {p.backportsOf.map((b) => (
            <button type="button" key={b.oid} className="link" onClick={() => p.onJump(b.oid)}>
              {b.oid.slice(0, 12)}
            </button>
          ))}
        </div>
      )}
      {p.backportedTo.map((b) => (
        <div key={`${b.branch} ${b.oid}`} className="action-row" data-testid="backported-to">
          <span className="badge stable">backported</span> to {b.branch} as <code>{b.oid.slice(0, 12)}</code>{' '}
          <button type="button" className="link" onClick={() => p.onOpenRev(b.branch)}>
            Open {b.branch}
          </button>
        </div>
      ))}
      {facts.linkTrailers.map((l, i) => (
        <div key={`${l.url} ${i}`} className="action-row">
          <span className="badge">{l.key}</span> <ExternalLink url={l.url} onOpen={p.onOpenLink} />
        </div>
      ))}
      {issues.map((r, i) => (
        <div key={`${r.url} ${i}`} className="action-row" data-testid="issue-ref">
          <span className={r.key === 'Fixes' ? 'badge fixes' : 'badge'}>{r.key}</span>{' '}
          <button type="button" className="link" title={r.url} onClick={() => p.onOpenLink(r.url)}>
            {r.repo ?? ''}#{r.number}
          </button>
          {r.value.replace(/^\S+/, '').trim() && <span className="muted"> {r.value.replace(/^\S+/, '').trim()}</span>}
        </div>
      ))}
      {people.length > 0 && (
        <table className="people">
          <tbody>
            {people.map((t, i) => (
              <tr key={`${t.key}${i}`}>
                <th>{t.key}</th>
                <td>
                  {t.name ?? ''} {t.email ? <span className="muted">&lt;{t.email}&gt;</span> : t.value}
                  {syzbotReportUrl(t.email) && (
                    <>
                      {' '}
                      <ExternalLink url={syzbotReportUrl(t.email)!} onOpen={p.onOpenLink} label="syzbot's report" />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.details && (
        <details className="files" open={p.details.files.length <= 12}>
          <summary>
            {p.details.files.length} file{p.details.files.length === 1 ? '' : 's'} changed
          </summary>
          <ul>
            {p.details.files.map((f) => (
              <li key={f.path}>
                <span className={`st st-${f.status}`}>{f.status}</span>{' '}
                {f.path === p.entry.path || f.status === 'D' ? (
                  <span title={f.status === 'D' ? 'deleted by this commit' : 'this timeline'}>{f.path}</span>
                ) : (
                  <button type="button" className="link" title={`Open the timeline of ${f.path}`} onClick={() => p.onOpenFile(f.path)}>
                    {f.path}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </aside>
  );
}

/** An address from a message: a button that opens it where the allow-list lets it out, else its text. */
function ExternalLink(p: { url: string; onOpen: (url: string) => void; label?: string }) {
  return isAllowedExternalLink(p.url) ? (
    <button type="button" className="link" title={p.label ? p.url : undefined} onClick={() => p.onOpen(p.url)}>
      {p.label ?? p.url}
    </button>
  ) : (
    <span className="muted">{p.url}</span>
  );
}

/**
 * A person and a date as `git log --format=fuller` shows them (the date as --date=iso writes it, in the person's own
 * offset); `role` says what they did where it is not authoring (the author's line has no label, as the list);
 * `again`: the author, named on the line above, committed it later (only the date then).
 */
function PersonLine({ person, role, again }: { person: Person; role?: 'committed'; again?: boolean }) {
  if (again)
    return (
      <p className="meta person-line" data-role={role}>
        Committed <span className="unit">{isoDate(person.date)}</span>
      </p>
    );
  return (
    <p className="meta person-line" data-role={role ?? 'authored'}>
      {role ? 'Committed by ' : ''}
      {person.name} <span className="unit">&lt;{person.email}&gt;</span> · <span className="unit">{isoDate(person.date)}</span>
      {person.as && (
        <span className="mailmapped" title="The repository's .mailmap names this person; git log shows the same">
          {' '}
          · the commit says {person.as.name} &lt;{person.as.email}&gt;
        </span>
      )}
    </p>
  );
}

/** `2025-05-11T15:55:00+09:30` as git's --date=iso writes it: `2025-05-11 15:55:00 +0930`. */
function isoDate(date: string): string {
  const m = /^(\d{4,}-\d\d-\d\d)T(\d\d:\d\d:\d\d)([+-])(\d\d):(\d\d)$/.exec(date);
  return m ? `${m[1]} ${m[2]} ${m[3]}${m[4]}${m[5]}` : date;
}
