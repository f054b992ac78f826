import { committerShown } from '../../shared/committer';
import { ledgerAbsentNote, type ExportLedger } from '../../shared/ledger';
import type { RepositoryInfo, TagRef, TimelineEntry } from '../../shared/model';
import type { ReportFormat, ReportResult } from '../../shared/reports';
import type { MessageFacts } from '../../shared/trailers';
import type { Discussion, DiscussionThread } from '../../shared/discussion';
import { mailSegments } from '../../shared/mailSegments';
import { describeFilter, describeSearch, type TimelineFilter } from '../../shared/timelineFilter';

export interface ReportData {
  readonly repo: RepositoryInfo;
  readonly path: string;
  readonly follow: boolean;
  /** The timeline as git log --first-parent lists it. */
  readonly firstParent?: true;
  readonly head: string | null;
  /** The revision or range (A..B) the timeline was read at; absent: HEAD. */
  readonly rev?: string;
  readonly generatedAt: string;
  /** The timeline screen's filter, applied as the screen applies it. */
  readonly filter: TimelineFilter;
  /** Commits in the whole timeline, before filtering. */
  readonly total: number;
  /** What the timeline says about itself (shared/timelineNotes.ts): versions this copy lacks, a rename it ends at… */
  readonly notes: readonly string[];
  /** With the search marking instead of filtering (filter.mark): the listed commits it matches, in their order. */
  readonly marked: readonly string[] | null;
  readonly commits: readonly {
    entry: TimelineEntry;
    facts: MessageFacts;
    functions: readonly string[];
    diff: string;
    /** The review thread that carried the patch, from the attached archives (null: none found, or no archive). */
    discussion: Discussion | null;
  }[];
  readonly ledger: ExportLedger;
  readonly tags: readonly TagRef[];
  /** The threads' messages by thread root, for the HTML report's conversation (empty in the other formats). */
  readonly threads: Readonly<Record<string, DiscussionThread>>;
}

/**
 * Mail text as printable data: control characters (escape sequences, NUL, bell…) shown as their Unicode
 * control pictures (␛, ␀, ␇), line breaks and tabs kept. Each format then escapes what is markup to it.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (ch) =>
    String.fromCharCode(ch === '\u007f' ? 0x2421 : 0x2400 + ch.charCodeAt(0)),
  );
}

/** Printable and on one line (a header field in a list item or a table cell). */
function oneLine(s: string): string {
  return printable(s).replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A commit's thread in one line per fact, as every format prints it (mail text in it is data: each format escapes it). */
export function discussionSummary(d: Discussion): {
  subject: string;
  link: string;
  participants: string;
  replies: string;
  tags: string;
  versions: string;
} {
  return {
    subject: oneLine(d.subject),
    link: `${LORE}${encodeURIComponent(d.messageId)}/ (by ${d.how}, confidence ${d.confidence.toFixed(2)})`,
    participants: oneLine(d.participants.map((p) => `${p.name || p.email} <${p.email}> (${p.messages})`).join(', ')),
    replies: `${d.replies} repl${d.replies === 1 ? 'y' : 'ies'} in a thread of ${d.thread.messages} messages`,
    tags: oneLine(d.tags.map((t) => `${t.tag}: ${t.who}${t.inCommit ? '' : ' (not in the commit)'}`).join('; ')),
    versions: d.series ? d.series.versions.map((v) => `v${v.version} ${v.date.slice(0, 10)}`).join(', ') : '',
  };
}

const LORE = 'https://lore.kernel.org/r/';

export const REPORT_SCHEMA_ID = 'https://strata.example.org/schema/report-1.json';

export function renderReport(data: ReportData, format: Exclude<ReportFormat, 'pdf'>): ReportResult {
  const base = data.path.replace(/[^\w.-]+/g, '_');
  switch (format) {
    case 'json':
      return {
        format,
        fileName: `${base}-timeline.json`,
        mime: 'application/json',
        content: `${JSON.stringify(reportJson(data), null, 2)}\n`,
        commits: data.commits.length,
      };
    case 'csv':
      return { format, fileName: `${base}-timeline.csv`, mime: 'text/csv', content: reportCsv(data), commits: data.commits.length };
    case 'md':
      return {
        format,
        fileName: `${base}-timeline.md`,
        mime: 'text/markdown',
        content: reportMarkdown(data),
        commits: data.commits.length,
      };
    case 'html':
      return { format, fileName: `${base}-timeline.html`, mime: 'text/html', content: reportHtml(data), commits: data.commits.length };
  }
}

export function reportJson(d: ReportData) {
  return {
    $schema: REPORT_SCHEMA_ID,
    repository: { dir: d.repo.dir, origin: d.repo.origin, head: d.head, ...(d.rev ? { rev: d.rev } : {}) },
    path: d.path,
    follow: d.follow,
    ...(d.firstParent ? { firstParent: true } : {}),
    generatedAt: d.generatedAt,
    filter: setFields(d.filter),
    total: d.total,
    ...(d.notes.length ? { notes: d.notes } : {}),
    ...(d.marked ? { marked: d.marked } : {}),
    commits: d.commits.map((c) => ({
      ...c.entry,
      trailers: c.facts.trailers,
      fixes: c.facts.fixes,
      ...(c.facts.fixesNamed.length ? { fixesNamed: c.facts.fixesNamed } : {}),
      links: c.facts.links,
      upstream: c.facts.upstream,
      stable: c.facts.stable,
      functions: c.functions,
      diff: c.diff,
      discussion: c.discussion,
    })),
    exports: d.ledger.symbols,
    ...(d.ledger.absent ? { exportsAbsent: d.ledger.absent } : {}),
  };
}

/** Only the fields that filter something, as the JSON report lists them. */
function setFields(f: TimelineFilter): Partial<TimelineFilter> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
}

const CSV_COLUMNS = [
  'oid',
  'date',
  'author',
  'email',
  // the committer (the maintainer who applied the patch) and when: git log's %cn, %ce, %cI
  'committer',
  'committer_email',
  'commit_date',
  'status',
  'path',
  'old_path',
  'additions',
  'deletions',
  'subject',
  'functions',
  'fixes',
  'upstream',
  'links',
  'thread',
  'replies',
  'participants',
  'review_tags',
  'versions',
  // what the screen's filter bar kept (the same on every row; empty when nothing is filtered), and whether the
  // search marked the row (where it marks, not filters)
  'filter',
  'marked',
] as const;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  // never a formula in a spreadsheet, where it begins the cell or only white space comes before it (a subject is
  // git's %s, indentation kept; an importer that trims the cell would read the formula)
  if (typeof value === 'string' && /^\s*[=+\-@]|^[\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportCsv(d: ReportData): string {
  const rows = [CSV_COLUMNS.join(',')];
  const filter = describeFilter(d.filter).join('; ');
  const marked = d.marked ? new Set(d.marked) : null;
  for (const c of d.commits) {
    const e = c.entry;
    rows.push(
      [
        e.oid,
        e.author.date,
        e.author.name,
        e.author.email,
        e.committer.name,
        e.committer.email,
        e.committer.date,
        e.status,
        e.path,
        e.oldPath ?? null,
        e.additions,
        e.deletions,
        e.subject,
        c.functions.join(' '),
        [...c.facts.fixes.map((f) => f.oid), ...c.facts.fixesNamed.map((f) => f.rev)].join(' '),
        c.facts.upstream,
        c.facts.links.join(' '),
        c.discussion ? discussionSummary(c.discussion).link : null,
        c.discussion ? c.discussion.replies : null,
        c.discussion ? discussionSummary(c.discussion).participants : null,
        c.discussion ? discussionSummary(c.discussion).tags : null,
        c.discussion ? discussionSummary(c.discussion).versions : null,
        filter,
        marked ? (marked.has(e.oid) ? 'yes' : 'no') : null,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>&|~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/** Text with its email addresses (`<a@b>`) as code spans: escaped, they printed as `&lt;a@b&gt;` in viewers that show entities raw. */
function mdWithAddresses(s: string): string {
  return s
    .split(/(<[^<>\s@`]+@[^<>\s`]+>)/)
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : mdText(part)))
    .join('');
}

function fence(code: string, lang = ''): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${code.replace(/\n$/, '')}\n${f}`;
}

function ledgerRows(d: ReportData): { symbol: string; path: string; story: string; now: string }[] {
  return d.ledger.symbols.map((s) => {
    const last = s.events[s.events.length - 1];
    const story = s.events
      .map(
        (e) =>
          `${e.kind === 'added' ? `added as ${e.to}` : e.kind === 'removed' ? `removed (was ${e.from})` : `${e.from} → ${e.to}`} in ${e.oid.slice(0, 12)} (${(e.date ?? '').slice(0, 10)})`,
      )
      .join('; ');
    return { symbol: s.symbol, path: s.path, story, now: last && last.kind !== 'removed' ? String(last.to) : 'gone' };
  });
}

function summaryLines(d: ReportData): string[] {
  const dates = d.commits.map((c) => c.entry.author.date.slice(0, 10)).sort();
  const authors = new Set(d.commits.map((c) => c.entry.author.email));
  return [
    `Repository: ${d.repo.origin ?? d.repo.dir}`,
    `File: ${d.path}${d.follow ? ' (following renames)' : ''}${d.firstParent ? ' (the first-parent line, as git log --first-parent)' : ''}`,
    d.rev ? `Read at: ${d.rev} (${d.head ?? 'none'})` : `HEAD: ${d.head ?? 'none'}`,
    `Commits: ${d.commits.length}${d.commits.length !== d.total ? ` of ${d.total} (filtered)` : ''}`,
    ...(dates.length ? [`From ${dates[0]} to ${dates[dates.length - 1]}, ${authors.size} authors`] : []),
    ...(describeFilter(d.filter).length ? [`Filter (the timeline screen's): ${describeFilter(d.filter).join('; ')}`] : []),
    ...(d.marked
      ? [
          `Marked by the search (not a filter): ${describeSearch(d.filter).join('; ')}: ${d.marked.length} commits (${d.marked.map((o) => o.slice(0, 12)).join(', ') || 'none'})`,
        ]
      : []),
    ...d.notes.map((n) => `Note: ${n}`),
    `Generated: ${d.generatedAt}`,
  ];
}

export function reportMarkdown(d: ReportData): string {
  const out: string[] = [`# History of ${mdText(d.path)}`, '', ...summaryLines(d).map((l) => `- ${mdText(l)}`), ''];
  out.push('## Exported symbols', '');
  const absent = ledgerAbsentNote(d.ledger);
  if (absent) out.push(mdText(absent), '');
  if (d.ledger.symbols.length === 0) out.push('No EXPORT_SYMBOL in this history.', '');
  else {
    out.push('| Symbol | File | Now | History |', '|---|---|---|---|');
    for (const r of ledgerRows(d)) out.push(`| ${mdText(r.symbol)} | ${mdText(r.path)} | ${mdText(r.now)} | ${mdText(r.story)} |`);
    out.push('');
  }
  out.push('## Timeline', '');
  for (const c of d.commits) {
    const e = c.entry;
    out.push(`### ${mdText(e.subject || '(no subject)')}`, '');
    out.push(`- Commit: \`${e.oid}\``, `- Author: ${mdWithAddresses(`${e.author.name} <${e.author.email}>`)}, ${mdText(e.author.date)}`);
    if (committerShown(e))
      out.push(`- Committer: ${mdWithAddresses(`${e.committer.name} <${e.committer.email}>`)}, ${mdText(e.committer.date)}`);
    out.push(
      `- Change: ${e.status}${e.oldPath ? ` from ${mdText(e.oldPath)}` : ''}, ${e.additions === null ? (e.absent ? 'not known (a version is not in this clone)' : 'binary') : `+${e.additions} −${e.deletions}`}`,
    );
    if (c.functions.length) out.push(`- Functions: ${c.functions.map(mdText).join(', ')}`);
    for (const t of c.facts.trailers) out.push(`- ${mdText(t.key)}: ${mdWithAddresses(t.value)}`);
    if (c.facts.upstream) out.push(`- Backport of upstream \`${c.facts.upstream}\``);
    if (c.discussion) {
      const s = discussionSummary(c.discussion);
      out.push(`- Review thread: ${mdText(s.subject)} — ${mdText(s.link)}`, `- Replies: ${mdText(s.replies)}`);
      if (s.participants) out.push(`- Participants: ${mdWithAddresses(s.participants)}`);
      if (s.tags) out.push(`- Tags given: ${mdWithAddresses(s.tags)}`);
      if (s.versions) out.push(`- Versions: ${mdText(s.versions)}`);
    }
    out.push('');
    if (e.body) out.push(fence(e.body), '');
    if (c.diff) out.push(fence(c.diff, 'diff'), '');
  }
  return `${out.join('\n')}\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const SAFE_LINK = /^https:\/\/(lore|git|lkml|patchwork|bugzilla)\.kernel\.org\//;

function diffHtml(diff: string): string {
  return diff
    .split('\n')
    .map((l) => {
      const cls =
        l.startsWith('+++') || l.startsWith('---')
          ? 'h'
          : l.startsWith('+')
            ? 'a'
            : l.startsWith('-')
              ? 'd'
              : l.startsWith('@@')
                ? 'u'
                : '';
      return cls ? `<span class="${cls}">${escapeHtml(l)}</span>` : escapeHtml(l);
    })
    .join('\n');
}

export function reportHtml(d: ReportData): string {
  const css = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1d1f23;background:#fff}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccd;margin-top:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccd;padding:4px 6px;text-align:left;vertical-align:top}
.commit{border:1px solid #ccd;border-radius:6px;padding:.6em 1em;margin:1em 0}.meta{color:#555}.oid{font-family:monospace}.nowrap,.oid{white-space:nowrap}
pre{background:#f6f7f9;padding:.6em;overflow-x:auto;white-space:pre-wrap;font:12px/1.35 ui-monospace,monospace}.a{color:#116329;background:#e6ffec}.d{color:#82071e;background:#ffebe9}.u{color:#0550ae}.h{font-weight:bold}
.thread{border-left:3px solid #ccd;padding-left:.8em}.mail{margin:.8em 0}.mail-this{background:#f3f6ff}.quote{color:#667}.nak{background:#ffd7d5;font-weight:bold}.tag{background:#dff5e1}
.badge{display:inline-block;border-radius:3px;padding:0 5px;margin-right:4px;font-size:11px;background:#eef}.gpl{background:#fde2c3}
@media print{@page{margin:12mm}body{margin:0;max-width:none;font-size:11px}.commit{margin:.5em 0;padding:.3em .7em}.commit h3{margin:.2em 0;break-after:avoid}.meta{break-after:avoid}pre{font-size:8.5px;line-height:1.25;padding:.3em}h2{margin-top:1em}}
@media (prefers-color-scheme: dark){body{background:#16181c;color:#e3e5e8}pre{background:#22252b}.commit,td,th{border-color:#3a3f47}.a{background:#12361f;color:#7ee2a0}.d{background:#3d1518;color:#ff9da4}.meta{color:#aab}}`;
  const tagOf = new Map(d.tags.map((t) => [t.commit, t.name]));
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>History of ${escapeHtml(d.path)}</title><style>${css}</style></head><body>`,
    `<h1>History of <code>${escapeHtml(d.path)}</code></h1>`,
    `<ul>${summaryLines(d)
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join('')}</ul>`,
    '<h2>Exported symbols</h2>',
    ...[ledgerAbsentNote(d.ledger)].filter((n) => n !== null).map((n) => `<p class="note">${escapeHtml(n)}</p>`),
  ];
  const rows = ledgerRows(d);
  parts.push(
    rows.length === 0
      ? '<p>No EXPORT_SYMBOL in this history.</p>'
      : `<table><thead><tr><th>Symbol</th><th>File</th><th>Now</th><th>History</th></tr></thead><tbody>${rows.map((r) => `<tr><td><code>${escapeHtml(r.symbol)}</code></td><td>${escapeHtml(r.path)}</td><td>${escapeHtml(r.now)}</td><td>${escapeHtml(r.story)}</td></tr>`).join('')}</tbody></table>`,
  );
  parts.push('<h2>Timeline</h2>');
  parts.push(
    `<table><thead><tr><th>Date</th><th>Commit</th><th>Author</th><th>±</th><th>Subject</th></tr></thead><tbody>${d.commits.map((c) => `<tr><td class="nowrap">${escapeHtml(c.entry.author.date.slice(0, 10))}</td><td class="oid"><a href="#c${c.entry.oid}">${c.entry.oid.slice(0, 12)}</a></td><td>${escapeHtml(c.entry.author.name)}</td><td class="nowrap">${c.entry.additions === null ? (c.entry.absent ? '?' : 'bin') : `+${c.entry.additions} −${c.entry.deletions}`}</td><td>${escapeHtml(c.entry.subject)}</td></tr>`).join('')}</tbody></table>`,
  );
  for (const c of d.commits) {
    const e = c.entry;
    const badges = [
      e.parents.length > 1 ? 'merge' : '',
      c.facts.fixes.length || c.facts.fixesNamed.length ? 'Fixes' : '',
      c.facts.upstream ? 'stable backport' : '',
      c.facts.stable ? 'Cc stable' : '',
      tagOf.get(e.oid) ?? '',
    ].filter(Boolean);
    parts.push(`<section class="commit" id="c${e.oid}"><h3>${escapeHtml(e.subject || '(no subject)')}</h3>`);
    parts.push(
      `<p class="meta"><span class="oid">${e.oid}</span> · ${escapeHtml(e.author.name)} &lt;${escapeHtml(e.author.email)}&gt; · ${escapeHtml(e.author.date)}${committerShown(e) ? ` · committed by ${escapeHtml(e.committer.name)} &lt;${escapeHtml(e.committer.email)}&gt; · ${escapeHtml(e.committer.date)}` : ''} · ${e.status}${e.oldPath ? ` from ${escapeHtml(e.oldPath)}` : ''}</p>`,
    );
    if (badges.length) parts.push(`<p>${badges.map((b) => `<span class="badge">${escapeHtml(b)}</span>`).join('')}</p>`);
    if (c.functions.length) parts.push(`<p>Functions changed: ${c.functions.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}</p>`);
    if (e.body) parts.push(`<pre>${escapeHtml(e.body)}</pre>`);
    if (c.facts.links.length)
      parts.push(
        `<p>${c.facts.links.map((l) => (SAFE_LINK.test(l) ? `<a href="${escapeHtml(l)}" rel="noreferrer">${escapeHtml(l)}</a>` : escapeHtml(l))).join('<br>')}</p>`,
      );
    if (c.diff) parts.push(`<pre>${diffHtml(c.diff)}</pre>`);
    if (c.discussion) parts.push(discussionHtml(c.discussion, d.threads[c.discussion.thread.root]));
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}

/** One message's text as HTML: every character escaped; quoted text and the patch folded, review tags and NAKs marked. */
function mailTextHtml(text: string): string {
  return mailSegments(text)
    .map((seg) => {
      const body = seg.lines.join('\n');
      switch (seg.kind) {
        case 'quote':
          return `<details class="quote"><summary>quoted text (${seg.lines.length} lines)</summary><pre>${escapeHtml(body)}</pre></details>`;
        case 'patch':
          return `<details><summary>the patch (${seg.lines.length} lines)</summary><pre>${diffHtml(body)}</pre></details>`;
        case 'tag':
          return `<pre class="${/na(c)?k/i.test(body) ? 'nak' : 'tag'}">${escapeHtml(body)}</pre>`;
        case 'text':
          return `<pre>${escapeHtml(body)}</pre>`;
      }
    })
    .join('');
}

function discussionHtml(d: Discussion, thread: DiscussionThread | undefined): string {
  const s = discussionSummary(d);
  const out = [
    `<h4>Review thread: ${escapeHtml(s.subject)}</h4>`,
    '<ul>',
    `<li>Link: <a href="${escapeHtml(`${LORE}${encodeURIComponent(d.messageId)}/`)}" rel="noreferrer">${escapeHtml(s.link)}</a></li>`,
    `<li>${escapeHtml(s.replies)}</li>`,
    ...(s.participants ? [`<li>Participants: ${escapeHtml(s.participants)}</li>`] : []),
    ...(s.tags ? [`<li>Tags given: ${escapeHtml(s.tags)}</li>`] : []),
    ...(s.versions ? [`<li>Versions: ${escapeHtml(s.versions)}</li>`] : []),
    '</ul>',
  ];
  if (thread) {
    out.push('<div class="thread">');
    for (const m of thread.messages) {
      out.push(
        `<div class="mail${m.messageId === d.messageId ? ' mail-this' : ''}"><p class="meta">${escapeHtml(oneLine(m.from.name || m.from.email))} &lt;${escapeHtml(oneLine(m.from.email))}&gt; · ${escapeHtml(m.date)}${m.parent ? ` · in reply to ${escapeHtml(oneLine(m.parent))}` : ''}</p><p><b>${escapeHtml(oneLine(m.subject))}</b></p>${mailTextHtml(printable(m.text))}</div>`,
      );
    }
    out.push('</div>');
  }
  return out.join('\n');
}
