import type { Timeline, TimelineEntry } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { PathEntryLookup } from '../history/pathEntries';
import { entryMode, entryOid } from '../objects/entryKey';
import { readCommit } from './readVersions';

export interface Version {
  readonly oid: string;
  readonly data: Uint8Array;
}

/**
 * What each commit of a timeline did to its file: the blob before (the first parent's at the old path; null
 * for an addition, a root commit or a directory) and after. Where the next older entry is that parent (most
 * of a history) its blob is the answer and nothing is read; otherwise one tree lookup serves the whole run,
 * rather than resolving both revisions and walking their trees afresh per commit as a single diff does.
 */
export class ParentVersions {
  private readonly lookup: PathEntryLookup;
  private readonly position = new Map<string, number>();
  private readonly recent = new Map<string, Version | null>();

  constructor(
    private readonly repo: Repository,
    private readonly timeline: Timeline,
  ) {
    this.lookup = new PathEntryLookup(repo.store);
    timeline.entries.forEach((e, i) => this.position.set(e.oid, i));
  }

  async beforeOid(e: TimelineEntry): Promise<string | null> {
    const parent = e.parents[0];
    if (e.status === 'A' || parent === undefined || e.directory) return null;
    const path = e.oldPath ?? e.path;
    const i = this.position.get(parent);
    const older = i === undefined ? undefined : this.timeline.entries[i];
    if (older && older.path === path && !older.directory) return older.blob;
    const tree = (await readCommit(this.repo.store, parent).catch(() => null))?.tree;
    if (!tree) return null;
    const entry = await this.lookup.entryAt(tree, path);
    return entryMode(entry)?.startsWith('100') || entryMode(entry) === '120000' ? entryOid(entry) : null;
  }

  afterOid(e: TimelineEntry): string | null {
    return e.directory ? null : e.blob;
  }

  /** A blob; the last few are kept (a commit's "before" is the next one's "after"). */
  async read(oid: string | null): Promise<Version | null> {
    if (oid === null) return null;
    const kept = this.recent.get(oid);
    if (kept !== undefined) return kept;
    const obj = await this.repo.store.readObject(oid).catch(() => null); // a submodule's commit is not here
    const v = obj && obj.type === 'blob' ? { oid, data: obj.data } : null;
    this.recent.set(oid, v);
    if (this.recent.size > 4) this.recent.delete(this.recent.keys().next().value!);
    return v;
  }
}
