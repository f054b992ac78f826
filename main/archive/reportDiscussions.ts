import type { ReportDiscussionSource } from '../services/writeReport';
import type { RepositoryTimelineKey } from '../services/indexFileHistory';
import type { ArchiveCatalog } from './archiveCatalog';
import type { ArchiveIndex } from './archiveIndex';
import { discussTimeline } from './discussFileHistory';
import { readThreadOf } from './readThread';
import { searchDiscussions } from './searchDiscussions';

/** A report's review threads from the repository's attached archives: linked once, threads read from the same catalog. */
export function reportDiscussions(key: RepositoryTimelineKey & { home: string; signal?: AbortSignal }): ReportDiscussionSource {
  let opened: { indexes: ArchiveIndex[]; catalog: ArchiveCatalog } | null = null;
  return {
    async link(mentions) {
      const { entries, indexes, catalog } = await discussTimeline({
        repo: key.repo,
        path: key.path,
        follow: key.follow,
        ...(key.rev ? { rev: key.rev } : {}),
        home: key.home,
        ...(key.signal ? { signal: key.signal } : {}),
      });
      opened = { indexes, catalog };
      const mentioning = mentions.trim()
        ? await searchDiscussions({ catalog, indexes, entries, text: mentions, ...(key.signal ? { signal: key.signal } : {}) })
        : null;
      return { entries, mentioning };
    },
    async thread(messageId) {
      return opened ? readThreadOf(opened.catalog, opened.indexes, messageId) : null;
    },
  };
}
