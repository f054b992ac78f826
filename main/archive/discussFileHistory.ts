import type { DiscussionEntry } from '../../shared/discussion';
import type { Progress, Timeline } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { PathEntryLookup } from '../history/pathEntries';
import { indexFileHistory } from '../services/indexFileHistory';
import type { ArchiveCatalog } from './archiveCatalog';
import { ArchiveIndex } from './archiveIndex';
import { commitFileChange } from './commitFileChange';
import { describeDiscussion } from './describeDiscussion';
import { linkCommit } from './linkCommit';
import { LinkedTimelines } from './linkedTimelines';
import { archiveSourcePath, locateSource } from './manageArchives';
import { RepositoryArchives } from './repositoryArchives';
import { searchDiscussions } from './searchDiscussions';

export interface DiscussFileHistoryOptions {
  readonly repo: Repository;
  readonly path: string;
  readonly follow?: boolean;
  readonly rev?: string;
  /** Archives for this run besides the attached ones (indexed the first time they are seen). */
  readonly archives?: readonly string[];
  /** The folder of Strata's on-disk state: archive indexes live there. */
  readonly home: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Opens (and brings up to date) the index of each archive source. */
export async function openArchiveIndexes(
  home: string,
  sources: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<ArchiveIndex[]> {
  const out: ArchiveIndex[] = [];
  for (const source of [...new Set(sources.map(archiveSourcePath))]) {
    const index = new ArchiveIndex(home, await locateSource(home, source, { ...options, mirror: 'missing' }));
    await index.update(options);
    out.push(index);
  }
  return out;
}

/** Each commit of a timeline with the discussion its patch had (or null), in the timeline's order. */
export async function linkTimeline(repo: Repository, timeline: Timeline, catalog: ArchiveCatalog): Promise<DiscussionEntry[]> {
  const { store } = repo;
  const lookup = new PathEntryLookup(store);
  const out: DiscussionEntry[] = [];
  for (const e of timeline.entries) {
    const message = e.body ? `${e.subject}\n\n${e.body}` : e.subject;
    const link = linkCommit(catalog, {
      subject: e.subject,
      message,
      // the patch was mailed as the commit says, not as the mailmap names the person now
      authorEmail: (e.author.as ?? e.author).email.toLowerCase(),
      authorName: (e.author.as ?? e.author).name,
      authorTime: Date.parse(e.author.date) / 1000,
      commitTime: Date.parse(e.committer.date) / 1000,
      path: e.path,
      ...(e.oldPath ? { oldPath: e.oldPath } : {}),
      // the lines a commit changed only weigh against messages whose patches touch its file: where none does, no diff
      change:
        e.parents.length > 1 || !(catalog.touching(e.path).length || (e.oldPath && catalog.touching(e.oldPath).length))
          ? null
          : await commitFileChange(store, e, lookup),
    });
    out.push({ oid: e.oid, subject: e.subject, discussion: link ? describeDiscussion(catalog, link, message) : null });
  }
  return out;
}

/**
 * The discussion lens for one file: its timeline (as `strata log`), the repository's attached archives
 * plus those given for this run, each brought up to date, and per commit the thread that carried its patch.
 */
export async function discussFileHistory(options: DiscussFileHistoryOptions): Promise<DiscussionEntry[]> {
  return (await discussTimeline(options)).entries;
}

/** The lens with what it was computed from: the archives' indexes and their catalog, for reading threads after. */
export async function discussTimeline(
  options: DiscussFileHistoryOptions,
): Promise<{ entries: DiscussionEntry[]; indexes: ArchiveIndex[]; catalog: ArchiveCatalog }> {
  const { repo } = options;
  const timeline = await indexFileHistory({
    repo,
    path: options.path,
    follow: options.follow ?? false,
    ...(options.rev ? { rev: options.rev } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const attached = await new RepositoryArchives(options.home, repo.info.id).list();
  const kept = LinkedTimelines.of(repo);
  const archives = await kept.open(
    await openArchiveIndexes(options.home, [...attached, ...(options.archives ?? []).map(archiveSourcePath)], options),
  );
  const entries = await kept.linked(timeline, archives, () => linkTimeline(repo, timeline, archives.catalog));
  return { entries, indexes: archives.indexes, catalog: archives.catalog };
}

/** The commits of the timeline whose review thread mentions `text` (shared/timelineFilter.ts's "discussion mentions"). */
export async function discussionMentions(options: DiscussFileHistoryOptions & { readonly text: string }): Promise<string[]> {
  const { entries, indexes, catalog } = await discussTimeline(options);
  return searchDiscussions({
    catalog,
    indexes,
    entries,
    text: options.text,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
