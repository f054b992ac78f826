import type { DiscussionEntry } from '../../shared/discussion';
import type { Timeline } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { openCatalog, type ArchiveCatalog } from './archiveCatalog';
import type { ArchiveIndex } from './archiveIndex';

/** Timelines whose links are kept per repository handle (the file shown, a report of another, a follow). */
const KEPT_TIMELINES = 8;

export interface OpenedArchives {
  readonly indexes: ArchiveIndex[];
  readonly catalog: ArchiveCatalog;
  /** The archives and how far each index reaches: it changes when an archive is attached or gains messages. */
  readonly generation: string;
}

/**
 * The archives' catalog and each timeline's links, kept on the repository handle between calls: typing in the
 * "discussion mentions" filter, reading a thread or writing a report does not load every indexed message and
 * link every commit again. A kept value is used only while the timeline (its head, path and entries) and the
 * generation of every archive index (what was indexed up to where) are the ones it was made from.
 */
export class LinkedTimelines {
  private catalog: { generation: string; catalog: ArchiveCatalog } | null = null;
  private readonly links = new Map<string, DiscussionEntry[]>();

  static of(repo: Repository): LinkedTimelines {
    return repo.kept.get('linkedTimelines', () => new LinkedTimelines());
  }

  /** The catalog of the indexes, opened again only when one of them changed. */
  async open(indexes: ArchiveIndex[]): Promise<OpenedArchives> {
    const generation = JSON.stringify(await Promise.all(indexes.map(async (i) => [i.location.path, await i.generation()])));
    if (this.catalog?.generation !== generation) {
      this.catalog = { generation, catalog: await openCatalog(indexes) };
      this.links.clear();
    }
    return { indexes, catalog: this.catalog.catalog, generation };
  }

  /** The timeline's links against the opened archives: made by `link` once, then kept. */
  async linked(timeline: Timeline, archives: OpenedArchives, link: () => Promise<DiscussionEntry[]>): Promise<DiscussionEntry[]> {
    const key = `${timelineFingerprint(timeline)}\n${archives.generation}`;
    const kept = this.links.get(key);
    if (kept) {
      this.links.delete(key);
      this.links.set(key, kept);
      return kept;
    }
    const entries = await link();
    this.links.set(key, entries);
    for (const k of this.links.keys()) {
      if (this.links.size <= KEPT_TIMELINES) break;
      this.links.delete(k);
    }
    return entries;
  }
}

/** What a timeline's links depend on: the file, how it was followed, the commit it was read from, its entries. */
export function timelineFingerprint(t: Timeline): string {
  return JSON.stringify([t.path, t.follow, t.head, t.entries.length, t.entries[0]?.oid ?? null, t.entries.at(-1)?.oid ?? null]);
}
