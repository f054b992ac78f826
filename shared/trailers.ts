import { isValidRevision } from './refName';

/** Kernel commit trailers and the facts read from a message: pure text in, data out. */
export interface Trailer {
  readonly key: string;
  readonly value: string;
  readonly name?: string;
  readonly email?: string;
}

export interface FixesRef {
  readonly oid: string;
  readonly subject?: string;
}

export interface MessageFacts {
  readonly trailers: readonly Trailer[];
  readonly fixes: readonly FixesRef[];
  /** Fixes trailers that name an issue by its address rather than a commit (`Fixes: https://github.com/…/issues/1`). */
  readonly fixedIssues: readonly string[];
  /**
   * Fixes trailers that name the commit by where it stands from a tag, as `git describe --contains` writes it
   * (strace's `Fixes: v5.4~106 "subject"`): the repository resolves the name.
   */
  readonly fixesNamed: readonly { readonly rev: string; readonly subject?: string }[];
  /** The addresses of Link-like trailers (LINK_KEYS) and of Message-ID (as its lore address). */
  readonly links: readonly string[];
  /** The same, each with its trailer's key (`Bug`, `Closes`; `Link` for a Message-ID), as the details list them. */
  readonly linkTrailers: readonly { readonly key: string; readonly url: string }[];
  /**
   * Trailers that name an issue of the repository's own tracker by number (`Fixes: #123`, `Closes: owner/repo#7`,
   * as GitHub and GitLab projects write them): where the origin is known, an address (shared/repoWebView.ts).
   */
  readonly issueRefs: readonly IssueRef[];
  /** The upstream commit a stable backport names ("commit X upstream", "[ Upstream commit X ]"). */
  readonly upstream: string | null;
  readonly cc: readonly Trailer[];
  readonly stable: boolean;
  /** Maintainer notes in brackets, e.g. "[akpm: fix typo]". */
  readonly notes: readonly string[];
}

export interface IssueRef {
  readonly key: string;
  /** `owner/repo` where the trailer names another repository's issue. */
  readonly repo?: string;
  readonly number: number;
  /** The trailer's value, as written. */
  readonly value: string;
}

/**
 * Trailers whose value is an address: the kernel's (Link, Closes, BugLink) and what other projects write for the same
 * (curl's `Bug:` and `Ref:`, strace's `Resolves:`, util-linux's and OpenZFS's `References:`).
 */
export const LINK_KEYS = ['Link', 'Closes', 'BugLink', 'Bug', 'Ref', 'References', 'Resolves'];
/** Trailers that can name an issue by number: those, Fixes, and btrfs-progs' `Issue: #154`. */
const ISSUE_KEYS = new Set(['Fixes', 'Closes', 'Bug', 'Ref', 'References', 'Resolves', 'Issue']);
const ISSUE_REF = /^(?:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+))?#(\d{1,9})\b/;

export const PERSON_TRAILERS = [
  'Signed-off-by',
  'Reviewed-by',
  'Acked-by',
  'Tested-by',
  'Reported-by',
  'Suggested-by',
  'Co-developed-by',
  'Cc',
  'Reported-and-tested-by',
  'Requested-by',
];
const KNOWN = new Map([...PERSON_TRAILERS, ...LINK_KEYS, 'Fixes', 'Issue', 'Message-ID', 'Message-Id'].map((k) => [k.toLowerCase(), k]));

/** A maintainer's note on a line of its own: "[akpm: fix typo]". */
export const NOTE_LINE = /^\[\s*([\w.@-]+)\s*:\s*(.+)\]$/;

function canonicalKey(raw: string): string {
  return KNOWN.get(raw.toLowerCase()) ?? raw;
}

/**
 * `Name <email>`, `"Name" <email>` at the start of a value (text after the `>` aside): what
 * `/^\s*"?([^"<]*?)"?\s*<([^>]+)>/` matches, read in one pass — that expression, whose parts each take white space,
 * ran for minutes on a value of 10,000 spaces. The name as the expression's group has it (untrimmed); null where it
 * does not match.
 */
export function bracketedPerson(value: string): { name: string; email: string } | null {
  const lt = value.indexOf('<');
  const gt = lt < 0 ? -1 : value.indexOf('>', lt + 1);
  if (gt <= lt + 1) return null;
  let name = value.slice(0, lt).trimStart();
  if (name.startsWith('"')) name = name.slice(1);
  name = name.trimEnd();
  if (name.endsWith('"')) name = name.slice(0, -1);
  return name.includes('"') ? null : { name, email: value.slice(lt + 1, gt) };
}

export function parsePerson(value: string): { name?: string; email?: string } {
  const m = bracketedPerson(value);
  if (m) return { ...(m.name ? { name: m.name.trim() } : {}), email: m.email.trim() };
  const e = /^\s*([^\s@]+@[^\s@#]+)/.exec(value);
  return e ? { email: e[1]! } : {};
}

/**
 * The subject in a Fixes trailer after its id: `("mm/hmm: replace hmm_vma_fault()") trailing`. Kernel subjects hold
 * parentheses, balanced or not, and quotes, so a quoted subject runs to the last `")`; an unquoted one to its matching
 * `)`; a missing closing takes the rest of the line.
 */
function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

export function fixesSubject(rest: string): string | undefined {
  const text = rest.trim();
  // only quoted (`Fixes: v6.11-46-g0e0d8682c "strace: …"`): to the last quote
  if (/^["\u201c]/.test(text)) {
    const last = Math.max(text.lastIndexOf('"'), text.lastIndexOf('\u201d'));
    return text.slice(1, last > 0 ? last : undefined).trim() || undefined;
  }
  if (!text.startsWith('(')) return undefined;
  let inner: string;
  // a typographic quote opens or closes it now and then (iproute2 fd4ca03935: `("ipaddress: … setting”)`)
  if (/^\(\s*["\u201c]/.test(text)) {
    const open = /["\u201c]/.exec(text)!.index + 1;
    const closes = [...text.slice(open).matchAll(/["\u201d]\s*\)/g)];
    const close = closes.length > 0 ? open + closes[closes.length - 1]!.index : -1;
    // No closing quote: a last `)` closes the trailer only when it leaves the subject's parentheses balanced.
    inner = close >= open ? text.slice(open, close) : text.slice(open).replace(/["\u201d]?\s*$/, '');
    if (close < open && inner.endsWith(')') && count(inner, ')') > count(inner, '('))
      inner = inner.slice(0, -1).replace(/["\u201d]?\s*$/, '');
  } else {
    let depth = 0;
    let end = text.length;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    inner = text.slice(1, end);
  }
  const subject = inner.trim();
  return subject === '' ? undefined : subject;
}

/**
 * A line as a trailer (`Key: value`), where its key is one Strata reads (a known one, or any `…-by`); else null.
 * From the line's first column, as trailers are written: an indented one is another commit's, quoted (`git show`
 * pasted into the message), not this one's.
 */
export function trailerOfLine(raw: string): Trailer | null {
  // git takes `Key:value` too (LTP writes `Signed-off-by:jian yang <…>`, `Link:https://…`); an unknown key (`https:`) is no trailer
  const m = /^([A-Za-z][A-Za-z0-9-]*[A-Za-z0-9])\s*:\s*(\S.*)$/.exec(raw.trimEnd());
  if (!m) return null;
  const key = canonicalKey(m[1]!);
  if (!KNOWN.has(key.toLowerCase()) && !/-by$/i.test(key)) return null;
  const value = m[2]!.trim();
  return { key, value, ...(isPersonTrailer(key) ? parsePerson(value) : {}) };
}

/** A trailer that names a person: the kernel's (Signed-off-by, Cc, …) and any other `…-by` (Bisected-by). */
export function isPersonTrailer(key: string): boolean {
  return PERSON_TRAILERS.includes(key) || /-by$/i.test(key);
}

/**
 * The syzbot dashboard's page of the bug a syzbot address reported (`Reported-by: syzbot+<extid>@syzkaller.appspotmail.com`,
 * as syzbot asks kernel fixes to carry); null for any other address.
 */
export function syzbotReportUrl(email: string | undefined): string | null {
  const m = /^syzbot\+([0-9a-f]{8,64})@syzkaller\.appspotmail\.com$/i.exec(email?.trim() ?? '');
  return m ? `https://syzkaller.appspot.com/bug?extid=${m[1]!.toLowerCase()}` : null;
}

/** The address a trailer's value starts with, in angle brackets or not (`Link: <https://lore.kernel.org/…>`). */
export function trailerUrl(value: string): string | null {
  return /^<?(https?:\/\/[^\s<>]+)>?/.exec(value.trim())?.[1] ?? null;
}

/** A name `git describe --contains` gives: a tag, then steps back from it (`v5.4~106`, `v5.4~106^2~3`). */
const CONTAINS_NAME = /^(\S+?(?:[~^]\d*)+)(?=\s|$)/;

/** The revision a Fixes trailer names as git describe --contains does; null where it names none so. */
function containsName(value: string): RegExpExecArray | null {
  const m = CONTAINS_NAME.exec(value.trim());
  return m && isValidRevision(m[1]!) ? m : null;
}

/**
 * A commit's id, or `git describe`'s name for it (`v6.11-46-g0e0d8682c`, as strace writes Fixes): its id is after the
 * `g`. Written as prose too: `Fixes: commit 9516823051ce ("…")`, and with the id inside the parentheses, `Fixes:
 * ("f888f4e20534 tc: flower: …")` (both in iproute2), `Fixes: "dd6fb0053 rebase -p: …"` (git.git).
 */
const COMMIT_ID = /^(?:commit\s+)?(?:\S+-\d+-g)?([0-9a-f]{7,40})\b/i;
const ID_IN_PARENS = /^(\(\s*["\u201c]?|["\u201c])([0-9a-f]{7,40})\s+(?=\S)/i;

/** The commit a Fixes trailer names by id, and the rest of its value (the subject's part); null where it names none so. */
function fixesId(value: string): { oid: string; rest: string } | null {
  const v = value.trim();
  const m = COMMIT_ID.exec(v);
  if (m) return { oid: m[1]!.toLowerCase(), rest: v.slice(m[0].length) };
  const inside = ID_IN_PARENS.exec(v);
  return inside ? { oid: inside[2]!.toLowerCase(), rest: `${inside[1]!.startsWith('(') ? '(' : ''}"${v.slice(inside[0].length)}` } : null;
}

/**
 * Whether MessageFacts carries what the trailer says in a field of its own (a person, a fixed commit or issue, a
 * link), so a view that shows those fields need not show the trailer's line too; the others (`Fixes: #123`,
 * `Closes: see above`) are only in the message.
 */
export function isStructuredTrailer(t: Trailer): boolean {
  if (isPersonTrailer(t.key) || t.key.toLowerCase() === 'message-id') return true;
  if (t.key === 'Fixes') return fixesId(t.value) !== null || trailerUrl(t.value) !== null || containsName(t.value) !== null;
  return LINK_KEYS.includes(t.key) && trailerUrl(t.value) !== null;
}

/** The issue a trailer names by number (`#123`, `owner/repo#123`), where its key is one that names issues; else null. */
export function issueRefOf(t: Trailer): IssueRef | null {
  if (!ISSUE_KEYS.has(t.key)) return null;
  const m = ISSUE_REF.exec(t.value);
  return m ? { key: t.key, ...(m[1] ? { repo: m[1] } : {}), number: Number(m[2]), value: t.value } : null;
}

export function parseMessageFacts(message: string): MessageFacts {
  const text = message.replace(/\r\n?/g, '\n');
  const trailers: Trailer[] = [];
  const notes: string[] = [];
  for (const raw of text.split('\n')) {
    const note = NOTE_LINE.exec(raw.trim());
    if (note) {
      notes.push(`${note[1]}: ${note[2]!.trim()}`);
      continue;
    }
    const trailer = trailerOfLine(raw);
    if (trailer) trailers.push(trailer);
  }
  const fixes: FixesRef[] = [];
  const fixedIssues: string[] = [];
  const fixesNamed: { rev: string; subject?: string }[] = [];
  for (const t of trailers) {
    if (t.key !== 'Fixes') continue;
    const id = fixesId(t.value);
    if (!id) {
      const url = trailerUrl(t.value);
      const named = url ? null : containsName(t.value);
      if (url) fixedIssues.push(url);
      else if (named) {
        const subject = fixesSubject(t.value.trim().slice(named[0].length));
        fixesNamed.push({ rev: named[1]!, ...(subject ? { subject } : {}) });
      }
      continue;
    }
    const subject = fixesSubject(id.rest);
    fixes.push({ oid: id.oid, ...(subject ? { subject } : {}) });
  }
  const linkTrailers: { key: string; url: string }[] = [];
  for (const t of trailers) {
    const url = LINK_KEYS.includes(t.key) ? trailerUrl(t.value) : null;
    if (url !== null) linkTrailers.push({ key: t.key, url });
  }
  for (const t of trailers) {
    if (t.key.toLowerCase() === 'message-id')
      linkTrailers.push({ key: 'Link', url: `https://lore.kernel.org/r/${t.value.replace(/^<|>$/g, '')}` });
  }
  const issueRefs = trailers.map(issueRefOf).filter((r): r is IssueRef => r !== null);
  const up =
    /^[^\S\n]*commit ([0-9a-f]{40}) upstream\.?[^\S\n]*$/im.exec(text) ??
    /^[^\S\n]*\[[^\S\n]*Upstream commit ([0-9a-f]{40})[^\S\n]*\][^\S\n]*$/im.exec(text) ??
    /^[^\S\n]*\(cherry picked from commit ([0-9a-f]{40})\)[^\S\n]*$/im.exec(text);
  const cc = trailers.filter((t) => t.key === 'Cc');
  return {
    trailers,
    fixes,
    fixedIssues,
    fixesNamed,
    links: linkTrailers.map((l) => l.url),
    linkTrailers,
    issueRefs,
    notes,
    cc,
    upstream: up ? up[1]!.toLowerCase() : null,
    stable: cc.some((t) => /stable@vger\.kernel\.org/i.test(t.value)),
  };
}
