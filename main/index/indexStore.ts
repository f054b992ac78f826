import crypto from 'node:crypto';
import path from 'node:path';
import type { TimelineEntry } from '../../shared/model';
import type { CommitLinks } from '../history/commitLinks';
import type { EntryKey } from '../history/pathEntries';
import { readFileIfExists, writeFileAtomic } from './atomicWrite';

export const INDEX_FORMAT = 1;

export interface StoredTimeline {
  readonly format: number;
  readonly path: string;
  readonly follow: boolean;
  readonly head: string;
  /** The shallow boundary the walk saw: deepening changes history without moving HEAD. */
  readonly shallow: string;
  readonly entries: readonly TimelineEntry[];
}

export interface StoredReleases {
  /** HEAD and tags the answer was computed for. */
  readonly key: string;
  readonly releases: Readonly<Record<string, string>>;
}

/**
 * The on-disk index of one repository: the commit links shared by every path,
 * and per (path, follow) the timeline plus the path's entry at each walked commit.
 * A file that does not parse is treated as absent and rebuilt, never trusted.
 */
export class IndexStore {
  readonly dir: string;
  corruptionNoticed = false;

  constructor(home: string, readonly repoId: string) {
    this.dir = path.join(home, 'repos', repoId);
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
    const key = crypto.createHash('sha1').update(`${follow ? 'follow' : 'plain'}\0${filePath}`).digest('hex').slice(0, 20);
    return path.join(this.dir, 'files', key);
  }

  async loadTimeline(filePath: string, follow: boolean): Promise<StoredTimeline | null> {
    const text = await readFileIfExists(`${this.fileBase(filePath, follow)}.json`);
    if (text === null) return null;
    try {
      const data = JSON.parse(text) as StoredTimeline;
      if (data.format !== INDEX_FORMAT || data.path !== filePath || data.follow !== follow || !Array.isArray(data.entries) || typeof data.head !== 'string' || typeof data.shallow !== 'string') {
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

  async loadCommitLinks(): Promise<Map<string, CommitLinks>> {
    const links = new Map<string, CommitLinks>();
    const text = await readFileIfExists(path.join(this.dir, 'commits.v1'));
    if (text === null) return links;
    for (const line of text.split('\n')) {
      if (!line) continue;
      const f = line.split(' ');
      if (f.length < 3 || f[0]!.length !== 40 || f[2]!.length !== 40) {
        this.corruptionNoticed = true;
        return new Map();
      }
      links.set(f[0]!, { time: Number(f[1]), tree: f[2]!, parents: f.slice(3) });
    }
    return links;
  }

  async saveCommitLinks(links: ReadonlyMap<string, CommitLinks>): Promise<void> {
    const lines: string[] = [];
    for (const [oid, l] of links) lines.push(`${oid} ${l.time} ${l.tree}${l.parents.length ? ` ${l.parents.join(' ')}` : ''}`);
    await writeFileAtomic(path.join(this.dir, 'commits.v1'), `${lines.join('\n')}\n`);
  }

  async loadPathEntries(filePath: string, follow: boolean): Promise<Map<string, EntryKey>> {
    const map = new Map<string, EntryKey>();
    const text = await readFileIfExists(`${this.fileBase(filePath, follow)}.entries`);
    if (text === null) return map;
    for (const line of text.split('\n')) {
      if (!line) continue;
      const sp = line.indexOf(' ');
      if (sp !== 40) {
        this.corruptionNoticed = true;
        return new Map();
      }
      const rest = line.slice(41);
      map.set(line.slice(0, 40), rest === '-' ? null : rest);
    }
    return map;
  }

  /** The path's entries by position in Strata's commit index (binary; see PositionEntries). */
  positionEntriesFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.positions`;
  }

  async savePathEntries(filePath: string, follow: boolean, entries: ReadonlyMap<string, EntryKey>): Promise<void> {
    const lines: string[] = [];
    for (const [oid, e] of entries) lines.push(`${oid} ${e ?? '-'}`);
    await writeFileAtomic(`${this.fileBase(filePath, follow)}.entries`, `${lines.join('\n')}\n`);
  }
}
