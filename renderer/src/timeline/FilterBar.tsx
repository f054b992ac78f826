import type { RefObject } from 'react';
import { EMPTY_FILTER, isFilterActive, parseLineRange, reversedTagRange, type TimelineFilter } from '../../../shared/timelineFilter';
import type { WalkingState } from '../app/useOpener';

export function FilterBar(p: {
  filter: TimelineFilter;
  onChange: (f: TimelineFilter) => void;
  tags: readonly string[];
  functions: readonly string[];
  searchRef: RefObject<HTMLInputElement | null>;
  shown: number;
  total: number;
  /** Commits whose +/- counts are still being computed (the list came first). */
  counting?: number;
  /** The walk is still going: the list is what it has found so far. */
  walking?: WalkingState;
  /** The "discussion mentions" search is still reading threads. */
  searchingThreads: boolean;
  searchingPickaxe: boolean;
  /** With the search marking its matches: how many of the shown commits it marks (null when it does not mark). */
  marked: number | null;
}) {
  const range = parseLineRange(p.filter.lines);
  const set = (k: keyof TimelineFilter) => (e: { target: { value: string } }) => p.onChange({ ...p.filter, [k]: e.target.value });
  return (
    <div className="filter-bar" role="search">
      <input
        ref={p.searchRef}
        type="search"
        placeholder="Search ( / ): words, author: committer: message: path: fixes: trailer:"
        title={
          'Words and "phrases" in the id, subject and body; author:, committer:, message:, path:, fixes: and trailer:Name=value narrow it; ' +
          '-S"text": the commits that change how often the text occurs (git log -S); -G"regex": those whose diff adds or removes a matching line (git log -G)'
        }
        value={p.filter.text}
        onChange={set('text')}
        aria-label="Search commit messages"
      />
      <button
        type="button"
        className="mark-toggle"
        aria-pressed={p.filter.mark === 'yes'}
        onClick={() => p.onChange({ ...p.filter, mark: p.filter.mark === 'yes' ? '' : 'yes' })}
        title="Mark the commits the search matches instead of hiding the others; n / N step from one to the next"
      >
        Mark
      </button>
      <input type="search" placeholder="Author" value={p.filter.author} onChange={set('author')} aria-label="Author" />
      <label>
        From <input type="date" value={p.filter.from} onChange={set('from')} />
      </label>
      <label>
        To <input type="date" value={p.filter.to} onChange={set('to')} />
      </label>
      <label>
        Tags{' '}
        <select value={p.filter.tagFrom} onChange={set('tagFrom')} aria-label="From release" aria-invalid={reversedTagRange(p.filter)}>
          <option value="">first</option>
          {p.tags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        –{' '}
        <select value={p.filter.tagTo} onChange={set('tagTo')} aria-label="To release">
          <option value="">last</option>
          {p.tags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <input
        type="search"
        list="function-names"
        placeholder="Changed function"
        value={p.filter.fn}
        onChange={set('fn')}
        aria-label="Changed function"
      />
      <datalist id="function-names">
        {p.functions.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <label title="Only commits whose patch has a review thread in the attached archives">
        <input
          type="checkbox"
          checked={p.filter.discussed === 'yes'}
          onChange={(e) => p.onChange({ ...p.filter, discussed: e.target.checked ? 'yes' : '' })}
          aria-label="Commits with discussion"
        />{' '}
        With discussion
      </label>
      <input
        type="search"
        placeholder="Discussion mentions"
        value={p.filter.mentions}
        onChange={set('mentions')}
        aria-label="Discussion mentions"
        title="Only commits whose review thread's messages contain this"
      />
      {range && (
        <span className="filter-chip" title={`The commits git log -L ${range.start},${range.end} lists: those these lines came through`}>
          Lines {range.start}–{range.end}
          <button type="button" aria-label="Stop following these lines" onClick={() => p.onChange({ ...p.filter, lines: '' })}>
            ×
          </button>
        </span>
      )}
      {p.searchingThreads && <span className="muted">searching threads…</span>}
      {p.searchingPickaxe && <span className="muted">reading versions for -S/-G…</span>}
      {isFilterActive(p.filter) && (
        <button type="button" onClick={() => p.onChange(EMPTY_FILTER)}>
          Clear filters
        </button>
      )}
      {p.walking ? (
        <span className="muted counting walking" role="status" title="The commits found so far, newest first; the walk goes on">
          walking history · {p.walking.visited.toLocaleString('en')} of {p.walking.total.toLocaleString('en')} commits
        </span>
      ) : p.counting ? (
        <span className="muted counting" role="status" title="The list came first; each commit's +/- fills in as it is computed">
          counting lines · {p.counting} left
        </span>
      ) : null}
      {p.marked !== null && (
        <span className="marked-count" aria-live="polite" title="n / N: next / previous marked commit">
          {p.marked} marked
        </span>
      )}
      <span className="count" aria-live="polite">
        {p.shown === p.total
          ? `${p.total} commit${p.total === 1 ? '' : 's'}`
          : `${p.shown} of ${p.total} commit${p.total === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}
