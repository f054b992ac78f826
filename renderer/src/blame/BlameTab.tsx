import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { isBoolean, usePersistentState } from '../layout/usePersistentState';
import { DEFAULT_COPY_SCORE, DEFAULT_MOVE_SCORE, type BlameResult } from '../../../shared/blame';
import { formatBytes } from '../../../shared/formatProgress';
import { useApiQuery } from '../client/useApiQuery';
import type { BlameLineAsk, TimelineTab, TimelineTabContext } from '../tabs/timelineTab';
import { useFileEncoding } from '../diff/EncodingPicker';
import { revisionRange } from '../../../shared/timelineKey';
import { DetailsBeside } from '../details/DetailsBeside';

const ROW = 18;

/** Oldest blue to newest orange, by the commit's time within the blamed lines' span. */
function ageColour(time: number, min: number, max: number): string {
  const t = max > min ? (time - min) / (max - min) : 1;
  return `hsl(${Math.round(210 - 180 * t)} 70% 50%)`;
}

function seconds(isoDate: string): number {
  return Date.parse(isoDate) / 1000;
}

function shortDate(s: number): string {
  return new Date(s * 1000).toISOString().slice(0, 10);
}

/**
 * The version at hand with a gutter per line: who last changed it, in which commit, how long ago (colour).
 * A virtualised list (not Monaco): the gutter is interactive per line (hover, click, keys), which Monaco's
 * decorations make awkward, and only the rows on screen are in the DOM, so a 10,000-line file scrolls smoothly.
 * Every string is React text, never markup.
 */
function BlamePanel({ ctx }: { ctx: TimelineTabContext }) {
  const { client, timeline } = ctx;
  const current = ctx.selection.current;
  const dir = timeline.repo.dir;
  // where blame is asked: the selected commit's version, or (after "blame before", or a line of a diff's older side) a
  // parent's, with the line to show; the diff's "blame this line" opens the tab at that line of that version
  const [at, setAt] = useState<BlameLineAsk | null>(ctx.blameAsked);
  useEffect(() => setAt(ctx.blameAsked), [ctx.blameAsked]);
  const [cursor, setCursor] = useState(1);
  // the other end of a range of lines (Shift+arrows, Shift+click); null: the range is the cursor's line
  const [anchor, setAnchor] = useState<number | null>(null);
  // what "blame before" had to say instead of stepping back (a line from the first commit)
  const [notice, setNotice] = useState<string | null>(null);
  // a new selection blames its own version again; asked at a line of that version itself, it is not stepped back
  const asked = at && current && at.from === current.oid ? at : null;
  const stepped = asked && asked.rev !== current?.oid ? asked : null;
  // a commit that deleted the file, or a folder's version, has nothing to blame: the tab says so and offers the version before
  const nothing = !stepped && current ? (current.directory ? 'folder' : current.blob === null ? 'deleted' : null) : null;
  const rev = nothing ? null : (stepped?.rev ?? current?.oid ?? null);
  const path = stepped?.path ?? current?.path ?? timeline.path;
  // "ignore revisions listed in .git-blame-ignore-revs" (offered where the work tree has the file)
  const [ignoreListed, setIgnoreListed] = useState(false);
  // the toolbar's Ignore whitespace is git blame -w here: a line whose whitespace alone changed (re-indented) stays
  // with the commit that wrote it
  const ignoreWhitespace = ctx.diffOptions.ignoreWhitespace;
  // git blame -M: lines moved within the file go on to where they were (git's default score); kept for the next start
  const [detectMoves, setDetectMoves] = usePersistentState('blameMoves', () => false, isBoolean);
  // git blame -C: and lines copied from the files each commit changed (implies -M)
  const [detectCopies, setDetectCopies] = usePersistentState('blameCopies', () => false, isBoolean);
  // git blame --first-parent: a line a merge brought in is blamed on the merge (which pull brought it into the branch)
  const [firstParentAsked, setFirstParent] = usePersistentState('blameFirstParent', () => false, isBoolean);
  // on the timeline's first-parent line, blame is first-parent too: every line's commit is a row of the list
  const firstParent = firstParentAsked || timeline.firstParent === true;
  // a timeline of a range A..B: blame stops at A's history (git blame A..rev), the older lines marked ^
  const since = timeline.rev ? (revisionRange(timeline.rev)?.bottom ?? null) : null;
  const [stopAtRange, setStopAtRange] = usePersistentState('blameStopAtRange', () => true, isBoolean);
  const bottom = since !== null && stopAtRange ? since : null;
  const params = useMemo(
    () =>
      rev
        ? {
            dir,
            path,
            rev: bottom ? `${bottom}..${rev}` : rev,
            ...(ignoreListed ? { ignoreRevsFile: '.git-blame-ignore-revs' } : {}),
            ...(ignoreWhitespace ? { ignoreWhitespace: true } : {}),
            ...(detectMoves || detectCopies ? { moveScore: DEFAULT_MOVE_SCORE } : {}),
            ...(detectCopies ? { copies: { level: 1 as const, score: DEFAULT_COPY_SCORE } } : {}),
            ...(firstParent ? { firstParent: true } : {}),
          }
        : null,
    [dir, path, rev, bottom, ignoreListed, ignoreWhitespace, detectMoves, detectCopies, firstParent],
  );
  const blame = useApiQuery(client, 'blame', params, { delayMs: 60, onError: ctx.onError });
  // the text in the encoding the Diff tab reads this file in
  const [encoding] = useFileEncoding(dir, timeline.path);
  const fileParams = useMemo(
    () => (rev ? { dir, path, rev, ...(encoding !== 'auto' ? { encoding } : {}) } : null),
    [dir, path, rev, encoding],
  );
  const file = useApiQuery(client, 'readFile', fileParams, { delayMs: 60, onError: ctx.onError });
  const result: BlameResult | null = blame.value;
  const lines = useMemo(() => {
    if (!file.value || file.value.binary) return [];
    const all = file.value.text.split('\n');
    if (all[all.length - 1] === '') all.pop(); // the final newline ends the last line, it does not start one
    return all;
  }, [file.value]);
  const span = useMemo(() => {
    let min = Infinity;
    let max = -Infinity;
    for (const c of Object.values(result?.commits ?? {})) {
      min = Math.min(min, seconds(c.author.date));
      max = Math.max(max, seconds(c.author.date));
    }
    return { min, max };
  }, [result]);

  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  const wanted = asked?.line ?? 1;
  useEffect(() => {
    setCursor(wanted);
    setAnchor(null);
  }, [rev, path, wanted]);
  useEffect(() => setNotice(null), [cursor, rev, path]);
  const first = Math.min(anchor ?? cursor, cursor);
  const last = Math.max(anchor ?? cursor, cursor);
  // git log -L first,last of this version: the list keeps the commits those lines came through
  const historyOfLines = () => {
    if (!rev || lines.length === 0) return;
    const at = /^[0-9a-f]{40}$/.test(rev) ? `@${rev}` : '';
    ctx.selection.setFilter({ ...ctx.selection.filter, lines: `${first},${last}${at}` });
  };
  useEffect(() => {
    if (lines.length > 0) v.scrollToIndex(Math.min(cursor, lines.length) - 1, { align: 'auto' });
  }, [cursor, lines.length, v]);

  const lineAt = (n: number) => result?.lines[n - 1];
  // commit ids as wide as the gutter writes them (git blame's width)
  const short = (oid: string) => oid.slice(0, result?.abbrev ?? 8);
  const selectCommit = (n: number) => {
    const l = lineAt(n);
    if (!l) return;
    // a line blame followed out of this list: through a rename the list does not follow, or (-C) from another file
    if (!timeline.entries.some((e) => e.oid === l.oid)) {
      setNotice(
        l.origPath !== timeline.path
          ? `Line ${n} came from ${l.origPath} in ${short(l.oid)}, a commit that is not in ${timeline.path}'s list${timeline.follow ? '' : ' (Follow renames lists the commits of a file renamed to it)'}.`
          : `${short(l.oid)}, where line ${n} came from, is not in this list.`,
      );
      return;
    }
    ctx.jump(l.oid);
  };
  const blameBefore = (n: number) => {
    const l = lineAt(n);
    if (!l || !current) return;
    if (l.boundary && bottom) {
      setNotice(
        `Line ${n} is older than ${bottom}: blame stops at ${short(l.oid)}, where it met ${bottom}'s history (^). Untick "Stop at ${bottom}" to go further back.`,
      );
      return;
    }
    if (!l.previous) {
      // nothing before: say so in the status line (it is an answer, not an error)
      setNotice(
        result?.commits[l.oid]?.boundary
          ? `Line ${n} was added in the first commit (${short(l.oid)}); there is no version before it.`
          : `Line ${n} was added when ${short(l.oid)} created ${l.origPath}; there is no version before it.`,
      );
      return;
    }
    // the parent's line this one replaced (or where it was inserted), as blame's diff of that commit says
    setAt({ rev: l.previous.oid, path: l.previous.path, line: l.previous.line, from: current.oid });
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW * 20) / ROW) - 1);
    const move = (to: number) => {
      e.preventDefault();
      e.stopPropagation();
      setAnchor(e.shiftKey ? (anchor ?? cursor) : null);
      setCursor(Math.max(1, Math.min(lines.length, to)));
    };
    if (e.key === 'ArrowDown') move(cursor + 1);
    else if (e.key === 'ArrowUp') move(cursor - 1);
    else if (e.key === 'PageDown') move(cursor + page);
    else if (e.key === 'PageUp') move(cursor - page);
    else if (e.key === 'Home') move(1);
    else if (e.key === 'End') move(lines.length);
    else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      selectCommit(cursor);
    } else if (e.key === 'h') {
      e.preventDefault();
      e.stopPropagation();
      historyOfLines();
    } else if (e.key === 'b' || e.key === 'Backspace') {
      e.preventDefault();
      e.stopPropagation();
      blameBefore(cursor);
    } else if (e.key === 'm') {
      e.preventDefault();
      e.stopPropagation();
      setDetectMoves((on) => !on);
    } else if (e.key === 'w') {
      e.preventDefault();
      e.stopPropagation();
      ctx.onDiffOptions({ ...ctx.diffOptions, ignoreWhitespace: !ignoreWhitespace });
    }
  };

  const cursorLine = lineAt(cursor);
  const cursorCommit = cursorLine ? result?.commits[cursorLine.oid] : undefined;
  // the details beside the blame are the cursor line's commit's: why the line is as it is
  const entryByOid = useMemo(() => new Map(timeline.entries.map((e) => [e.oid, e])), [timeline.entries]);
  const cursorEntry = cursorLine ? entryByOid.get(cursorLine.oid) : undefined;
  if (file.value && rev && (file.value.binary || file.value.size === 0)) {
    return (
      <div className="blame">
        <div className="empty-state blame-empty" role="status" data-testid="blame-nothing">
          <p>
            {file.value.binary
              ? `${path} is a binary file at ${rev.slice(0, 8)} (${formatBytes(file.value.size)}): it has no lines to blame.`
              : `${path} is empty at ${rev.slice(0, 8)}: it has no lines to blame.`}
          </p>
          {stepped && (
            <button type="button" onClick={() => setAt(null)} title="Blame the selected commit's version again">
              Back to the selected version
            </button>
          )}
        </div>
      </div>
    );
  }
  if (nothing && current) {
    const parent = current.parents[0];
    return (
      <div className="blame">
        <div className="empty-state blame-empty" role="status" data-testid="blame-nothing">
          {nothing === 'folder' ? (
            <p>{current.path} is a folder: blame takes one of its files. Open a file's timeline to blame it.</p>
          ) : (
            <>
              <p>
                {current.oid.slice(0, 8)} deleted {current.path}: this version has no lines to blame.
              </p>
              {parent && (
                <button
                  type="button"
                  onClick={() => setAt({ rev: parent, path: current.oldPath ?? current.path, line: 1, from: current.oid })}
                  title="Blame the file as it was just before this commit deleted it"
                >
                  Blame the version before ({parent.slice(0, 8)})
                </button>
              )}
            </>
          )}
        </div>
      </div>
    );
  }
  return (
    <DetailsBeside ctx={ctx} entry={cursorEntry} oid={cursorLine?.oid} path={cursorLine?.origPath}>
      <div className="blame">
        <div className="blame-tools">
          <span className="blame-label">
            {path} at {rev ? rev.slice(0, 8) : '—'}
            {stepped ? ' (before a change)' : ''}
            {blame.loading || file.loading ? ' · reading…' : ''}
            {file.value?.truncated ? (
              <span className="found-note" role="status" data-testid="truncated-note">
                {' '}
                · the file is {formatBytes(file.value.size)}, over the viewer's limit: only its beginning is shown
              </span>
            ) : null}
          </span>
          {stepped && (
            <button type="button" onClick={() => setAt(null)} title="Blame the selected commit's version again">
              Back to the selected version
            </button>
          )}
          <button
            type="button"
            onClick={historyOfLines}
            disabled={lines.length === 0}
            title="Only the commits these lines came through (git log -L), in the list (h)"
          >
            {first === last ? `History of line ${first}` : `History of lines ${first}–${last}`}
          </button>
          <label
            className="blame-ignore"
            title="git blame -M: lines moved or swapped within the file are blamed on the commit that wrote them, not on the one that moved them (m)"
          >
            <input
              type="checkbox"
              checked={detectMoves || detectCopies}
              disabled={detectCopies}
              onChange={(e) => setDetectMoves(e.target.checked)}
            />
            Follow moved lines
          </label>
          <label
            className="blame-ignore"
            title="git blame -C: and lines moved or copied from the other files each commit changed are blamed on the commit that wrote them there"
          >
            <input type="checkbox" checked={detectCopies} onChange={(e) => setDetectCopies(e.target.checked)} />
            and copied from other files
          </label>
          <label
            className="blame-ignore"
            title={
              timeline.firstParent
                ? "git blame --first-parent, as the timeline is the first-parent line: every line's commit is a row of the list (untick the toolbar's First parent for the whole history)"
                : 'git blame --first-parent: at a merge, lines go to its first parent only, so a line a merge brought in is blamed on the merge (which pull brought it into the branch)'
            }
          >
            <input
              type="checkbox"
              checked={firstParent}
              disabled={timeline.firstParent === true}
              onChange={(e) => setFirstParent(e.target.checked)}
            />
            First parent
          </label>
          {since !== null && (
            <label
              className="blame-ignore"
              title={`git blame ${since}..: the timeline is of ${timeline.rev}, so blame stops at what ${since} reaches; lines older than that stay with the commit where they met its history, marked ^`}
            >
              <input type="checkbox" checked={stopAtRange} onChange={(e) => setStopAtRange(e.target.checked)} />
              Stop at {since}
            </label>
          )}
          {result?.ignoreRevsFileFound && (
            <label className="blame-ignore" title="git blame --ignore-revs-file .git-blame-ignore-revs">
              <input type="checkbox" checked={ignoreListed} onChange={(e) => setIgnoreListed(e.target.checked)} />
              Ignore revisions listed in .git-blame-ignore-revs
            </label>
          )}
          <span className="blame-help" title={BLAME_KEYS}>
            {BLAME_KEYS}
          </span>
        </div>
        <div
          className="blame-lines"
          ref={scroller}
          role="listbox"
          aria-label="Blamed lines"
          aria-activedescendant={lines.length ? `blame-${cursor}` : undefined}
          tabIndex={0}
          data-own-keys
          onKeyDown={onKey}
        >
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {v.getVirtualItems().map((row) => {
              const n = row.index + 1;
              const l = lineAt(n);
              const c = l ? result?.commits[l.oid] : undefined;
              const prev = lineAt(n - 1);
              const runStart = !prev || prev.oid !== l?.oid; // the gutter names a commit where its run of lines starts
              return (
                <div
                  key={n}
                  id={`blame-${n}`}
                  role="option"
                  aria-selected={n >= first && n <= last}
                  className={`blame-row${n === cursor ? ' cursor' : ''}${n >= first && n <= last && first !== last ? ' in-range' : ''}${l?.boundary ? ' boundary' : ''}`}
                  data-line={n}
                  data-oid={l?.oid}
                  style={{ transform: `translateY(${row.start}px)`, height: ROW }}
                  onMouseDown={(e) => {
                    // Shift+click picks lines, not text: the browser's selection would run over the rows
                    if (e.shiftKey) {
                      e.preventDefault();
                      scroller.current?.focus();
                    }
                    setAnchor(e.shiftKey ? (anchor ?? cursor) : null);
                    setCursor(n);
                  }}
                >
                  <span
                    className="blame-gutter"
                    title={
                      c
                        ? `${c.summary}\n${c.author.name} · ${shortDate(seconds(c.author.date))}${
                            l?.unblamable
                              ? '\nAn ignored revision changed this line and no line before it was like it: it stays with that revision.'
                              : l?.ignored
                                ? "\nAn ignored revision changed this line: blamed on the line git's guess matched in its parent."
                                : ''
                          }`
                        : undefined
                    }
                    style={c ? { borderLeftColor: ageColour(seconds(c.author.date), span.min, span.max) } : undefined}
                    onClick={() => selectCommit(n)}
                  >
                    {l && runStart ? (
                      <>
                        <span className="blame-oid" style={{ flexBasis: `${(result?.abbrev ?? 8) + 1}ch` }}>
                          {gutterId(l, c?.boundary ?? false, result?.abbrev ?? 8)}
                        </span>
                        <span className="blame-author">{c?.author.name ?? ''}</span>
                        <span className="blame-date">{c ? shortDate(seconds(c.author.date)) : ''}</span>
                      </>
                    ) : null}
                  </span>
                  <button
                    type="button"
                    className="blame-before"
                    tabIndex={-1}
                    title="Blame before this commit (b)"
                    aria-label={`Blame line ${n} before its commit`}
                    onClick={() => blameBefore(n)}
                  >
                    ⟲
                  </button>
                  <span className="blame-no">{n}</span>
                  <span className="blame-text">{lines[n - 1]}</span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="blame-status" aria-live="polite">
          {notice ??
            (cursorLine && cursorCommit
              ? `Line ${cursor}: ${short(cursorLine.oid)} ${cursorCommit.author.name} — ${cursorCommit.summary}`
              : '')}
        </div>
      </div>
    </DetailsBeside>
  );
}

export const tab: TimelineTab = { id: 'blame', order: 20, title: () => 'Blame', Panel: BlamePanel };

/** A line's commit as `git blame` prints it: its marks (^ boundary, * unblamable, ? ignored), then the id, `width` characters in all. */
function gutterId(l: { oid: string; unblamable?: boolean; ignored?: boolean }, boundary: boolean, width: number): string {
  const mark = (boundary ? '^' : '') + (l.unblamable ? '*' : '') + (l.ignored ? '?' : '');
  return mark + l.oid.slice(0, width - mark.length);
}

/** The Blame tab's keys, as its tool bar lists them (cut with … where the tab is narrow; whole on hover). */
const BLAME_KEYS =
  '↑↓ line · Shift+↑↓ range · h history of the lines · Enter select commit · b blame before · w ignore whitespace · m follow moved lines';
