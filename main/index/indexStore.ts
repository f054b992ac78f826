import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TimelineEntry } from '../../shared/model';
import { readFileIfExists, storageFailure, sweepOrphanTemps, writeFileAtomic } from './atomicWrite';

export const INDEX_FORMAT = 1;

export interface StoredTimeline {
  readonly format: number;
  readonly path: string;
  readonly follow: boolean;
  readonly head: string;
  /** The shallow boundary the walk saw: deepening changes history without moving HEAD. */
  readonly shallow: string;
  readonly entries: readonly TimelineEntry[];
  /** The repository's diff.algorithm the counts were made with; absent: myers. */
  readonly algorithm?: string;
}

export interface StoredReleases {
  /** HEAD and tags the answer was computed for. */
  readonly key: string;
  readonly releases: Readonly<Record<string, string>>;
}

/**
 * The on-disk index of one repository, and the one place its file names are
 * spelled: the commit index and change sets shared by every path, and per
 * (path, follow) the timeline, its releases and changed functions, and the
 * path's entry by commit position.
 * A file that does not parse is treated as absent and rebuilt, never trusted.
 */
export class IndexStore {
  readonly dir: string;
  corruptionNoticed = false;
  private swept = false;

  constructor(
    home: string,
    readonly repoId: string,
  ) {
    this.dir = path.join(home, 'repos', repoId);
  }

  /**
   * Runs one save of the index. Where the disk is full or the folder cannot be written, the answer
   * computed is still good: the reason is returned in words (for the user) instead of failing the
   * command, and the work is done again next time. Any other error is raised.
   */
  async trySave(save: () => Promise<unknown>): Promise<string | null> {
    try {
      await save();
      return null;
    } catch (err) {
      const why = storageFailure(err);
      if (!why) throw err;
      return `The index could not be saved in ${this.dir}: ${why}. What is shown is complete; it will be computed again next time.`;
    }
  }

  /** Once per run: removes the temporary files a killed run left in this repository's index (never a live one's). */
  async sweepOrphans(): Promise<void> {
    if (this.swept) return;
    this.swept = true;
    for (const d of [this.dir, path.join(this.dir, 'files'), path.join(this.dir, 'functions')]) await sweepOrphanTemps(d);
  }

  /** Strata's commit index of the repository (see StrataCommitIndex). */
  get commitIndexFile(): string {
    return path.join(this.dir, 'commit-index.v1');
  }

  /** What each commit of the commit index changed at the top two levels (see TopLevelChanges). */
  get topLevelFile(): string {
    return path.join(this.dir, 'top-level.v1');
  }

  /** The C functions each commit of a timeline changed, for the HEAD they were found at. */
  async loadFunctions(filePath: string, follow: boolean, head: string): Promise<Record<string, string[]> | null> {
    const text = await readFileIfExists(this.functionsFile(filePath, follow));
    if (text === null) return null;
    try {
      const data = JSON.parse(text) as { head: string; functions: Record<string, string[]> };
      return data.head === head && data.functions && typeof data.functions === 'object' ? data.functions : null;
    } catch {
      return null;
    }
  }

  async saveFunctions(filePath: string, follow: boolean, head: string, functions: Record<string, string[]>): Promise<void> {
    await writeFileAtomic(this.functionsFile(filePath, follow), JSON.stringify({ head, functions }));
  }

  private functionsFile(filePath: string, follow: boolean): string {
    return path.join(this.dir, 'functions', `${Buffer.from(`${follow}:${filePath}`).toString('base64url')}.json`);
  }

  private fileBase(filePath: string, follow: boolean): string {
    const key = crypto
      .createHash('sha1')
      .update(`${follow ? 'follow' : 'plain'}\0${filePath}`)
      .digest('hex')
      .slice(0, 20);
    return path.join(this.dir, 'files', key);
  }

  async loadTimeline(filePath: string, follow: boolean): Promise<StoredTimeline | null> {
    const text = await readFileIfExists(`${this.fileBase(filePath, follow)}.json`);
    if (text === null) return null;
    try {
      const data = JSON.parse(text) as StoredTimeline;
      if (
        data.format !== INDEX_FORMAT ||
        data.path !== filePath ||
        data.follow !== follow ||
        !Array.isArray(data.entries) ||
        typeof data.head !== 'string' ||
        typeof data.shallow !== 'string'
      ) {
        this.corruptionNoticed = data.format === INDEX_FORMAT;
        return null;
      }
      return data;
    } catch {
      this.corruptionNoticed = true;
      return null;
    }
  }

  async saveTimeline(t: StoredTimeline): Promise<void> {
    await writeFileAtomic(`${this.fileBase(t.path, t.follow)}.json`, JSON.stringify(t));
  }

  async loadReleases(filePath: string, follow: boolean): Promise<StoredReleases | null> {
    const text = await readFileIfExists(`${this.fileBase(filePath, follow)}.releases.json`);
    if (text === null) return null;
    try {
      const data = JSON.parse(text) as StoredReleases;
      return typeof data.key === 'string' && data.releases && typeof data.releases === 'object' ? data : null;
    } catch {
      return null;
    }
  }

  async saveReleases(filePath: string, follow: boolean, data: StoredReleases): Promise<void> {
    await writeFileAtomic(`${this.fileBase(filePath, follow)}.releases.json`, JSON.stringify(data));
  }

  /**
   * Removes what older versions kept and nothing reads any more: the commit
   * links as text (commits.v1: Strata's commit index has the same facts) and
   * this path's entries by commit id (now kept by position).
   */
  async removeRetired(filePath: string, follow: boolean): Promise<void> {
    await fs.promises.rm(path.join(this.dir, 'commits.v1'), { force: true });
    await fs.promises.rm(`${this.fileBase(filePath, follow)}.entries`, { force: true });
  }

  /** The path's entries by position in Strata's commit index (binary; see PositionEntries). */
  positionEntriesFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.positions`;
  }
}
