import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TimelineEntry } from '../../shared/model';
import type { ExportLedger } from '../../shared/ledger';
import { readBytesIfExists, storageFailure, sweepOrphanTemps, writeFileAtomic } from './atomicWrite';
import { hasTrailer, sealed, unsealed } from './checksum';

/**
 * A stored timeline's shape and rules; another number: computed again. 2: renames whose file shrank to half its
 * size are followed (git's size check); 3: --follow takes the source git takes among identical or alike files;
 * 4: an author's name ends before the white space before its `<`, as git's does; 5: a file that became a folder, or
 * came where a folder was, is deleted, or added (or renamed from one of the folder's files) there (was M with no counts);
 * 6: a subject is git's `%s`, its lines' indentation kept (each line was trimmed); 7: tree entries' modes read as
 * git's canon_mode (a merge whose file differed from a parent's only by a mode such as 100744 was listed).
 */
export const INDEX_FORMAT = 7;
/**
 * The stored export ledger's shape: a ledger read differently (a new event kind, a merge rule) takes a new number.
 * 2: a range's (A..B) or the first-parent line's ledger is no longer kept (kept by HEAD, it stood for the whole history's).
 * 3: of a timeline whose tree modes are read as git's (INDEX_FORMAT 7).
 */
const LEDGER_FORMAT = 3;
/**
 * 2: found by the file's diff driver where it is not C's (the files found before were read by the C rule alone).
 * 3: every builtin driver of git's known, Go methods and document sections named (they had other names, or none).
 * 4: a range's (A..B) sets are no longer kept (kept by HEAD, they stood for the whole history's).
 * 5: of a timeline whose tree modes are read as git's (INDEX_FORMAT 7).
 */
const FUNCTIONS_FORMAT = 5;

export interface StoredTimeline {
  readonly format: number;
  readonly path: string;
  readonly follow: boolean;
  readonly head: string;
  /** The revision it was asked at; absent: HEAD. */
  readonly rev?: string;
  /** For a range (A..B), the commit A named when it was walked: what it reaches is left out. */
  readonly bottom?: string;
  /** The shallow boundary the walk saw: deepening changes history without moving HEAD. */
  readonly shallow: string;
  readonly entries: readonly TimelineEntry[];
  /** The repository's diff.algorithm the counts were made with; absent: myers. */
  readonly algorithm?: string;
  /**
   * What the walk was computed from: the generations (anchoredFile.ts) of the change sets and the
   * path's entries it used. Where either file was rebuilt since, the timeline is computed again.
   */
  readonly basis?: { readonly topLevel?: string; readonly positions?: string };
  /** See TimelineStats.renamedFrom. */
  readonly renamedFrom?: string;
}

/** Writes JSON sealed with a checksum (checksum.ts). */
function writeSealedJson(file: string, data: unknown): Promise<void> {
  return writeFileAtomic(file, sealed([Buffer.from(JSON.stringify(data), 'utf8')]));
}

/**
 * Sealed JSON: undefined where there is no file (or it is an older Strata's plain JSON, rebuilt unremarked), null
 * where its checksum does not match or it does not parse.
 */
export function readSealedJson(file: string): unknown {
  const raw = readBytesIfExists(file);
  if (!raw) return undefined;
  const body = unsealed(raw);
  // plain JSON has no trailer; a sealed file's ends in a CRC, whose last byte is "}" once in 256 files
  if (!body) return !hasTrailer(raw) && raw[0] === 0x7b && raw[raw.length - 1] === 0x7d ? undefined : null;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
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
    for (const d of [this.dir, path.join(this.dir, 'files'), path.join(this.dir, 'functions'), path.join(this.dir, 'ledgers')])
      await sweepOrphanTemps(d);
  }

  /** Strata's commit index of the repository (see StrataCommitIndex). */
  get commitIndexFile(): string {
    return path.join(this.dir, 'commit-index.v1');
  }

  /** What each commit of the commit index changed at the top two levels (see TopLevelChanges). */
  get topLevelFile(): string {
    return path.join(this.dir, 'top-level.v1');
  }

  /** The functions each commit of a timeline changed, for the HEAD they were found at. */
  async loadFunctions(filePath: string, follow: boolean, head: string): Promise<Record<string, string[]> | null> {
    const data = readSealedJson(this.functionsFile(filePath, follow)) as
      { format?: number; head: string; functions: Record<string, string[]> } | null | undefined;
    return data && data.format === FUNCTIONS_FORMAT && data.head === head && data.functions && typeof data.functions === 'object'
      ? data.functions
      : null;
  }

  async saveFunctions(filePath: string, follow: boolean, head: string, functions: Record<string, string[]>): Promise<void> {
    await writeSealedJson(this.functionsFile(filePath, follow), { format: FUNCTIONS_FORMAT, head, functions });
  }

  /** The export ledger of a timeline, for the HEAD it was read at (null: none, another HEAD, or damaged). */
  async loadLedger(filePath: string, follow: boolean, head: string): Promise<ExportLedger | null> {
    const data = readSealedJson(this.ledgerFile(filePath, follow)) as
      { format: number; head: string; ledger: ExportLedger } | null | undefined;
    return data && data.format === LEDGER_FORMAT && data.head === head && Array.isArray(data.ledger?.symbols) ? data.ledger : null;
  }

  async saveLedger(filePath: string, follow: boolean, head: string, ledger: ExportLedger): Promise<void> {
    await writeSealedJson(this.ledgerFile(filePath, follow), { format: LEDGER_FORMAT, head, ledger });
  }

  private ledgerFile(filePath: string, follow: boolean): string {
    return path.join(this.dir, 'ledgers', `${Buffer.from(`${follow}:${filePath}`).toString('base64url')}.json`);
  }

  private functionsFile(filePath: string, follow: boolean): string {
    return path.join(this.dir, 'functions', `${Buffer.from(`${follow}:${filePath}`).toString('base64url')}.json`);
  }

  /** Where a path's timeline is kept; one per revision it was asked at (HEAD's has no `rev`). */
  private fileBase(filePath: string, follow: boolean, rev?: string): string {
    const key = crypto
      .createHash('sha1')
      .update(`${follow ? 'follow' : 'plain'}\0${filePath}${rev === undefined ? '' : `\0rev\0${rev}`}`)
      .digest('hex')
      .slice(0, 20);
    return path.join(this.dir, 'files', key);
  }

  /** The stored timeline; null where there is none or it cannot be trusted (`onDamaged` hears of a damaged one). */
  async loadTimeline(filePath: string, follow: boolean, onDamaged?: () => void, rev?: string): Promise<StoredTimeline | null> {
    const data = readSealedJson(`${this.fileBase(filePath, follow, rev)}.json`) as StoredTimeline | null | undefined;
    if (data === undefined) return null;
    // a timeline an older Strata stored (sealed and whole, another format): computed again, not damaged
    if (data !== null && typeof data.format === 'number' && data.format !== INDEX_FORMAT) return null;
    if (
      data === null ||
      data.path !== filePath ||
      data.follow !== follow ||
      (data.rev ?? undefined) !== rev ||
      !Array.isArray(data.entries) ||
      typeof data.head !== 'string' ||
      typeof data.shallow !== 'string'
    ) {
      this.corruptionNoticed = true;
      onDamaged?.();
      return null;
    }
    return data;
  }

  async saveTimeline(t: StoredTimeline): Promise<void> {
    await writeSealedJson(`${this.fileBase(t.path, t.follow, t.rev)}.json`, t);
  }

  async loadReleases(filePath: string, follow: boolean): Promise<StoredReleases | null> {
    const data = readSealedJson(`${this.fileBase(filePath, follow)}.releases.json`) as StoredReleases | null | undefined;
    return data && typeof data.key === 'string' && data.releases && typeof data.releases === 'object' ? data : null;
  }

  async saveReleases(filePath: string, follow: boolean, data: StoredReleases): Promise<void> {
    await writeSealedJson(`${this.fileBase(filePath, follow)}.releases.json`, data);
  }

  /**
   * Forgets what the index holds for the repository and this path, when the index named an object
   * the repository lacks: the index is distrusted (and rebuilt) before the repository is blamed.
   */
  async distrust(filePath: string, follow: boolean, rev?: string): Promise<void> {
    for (const f of [
      this.commitIndexFile,
      this.topLevelFile,
      this.positionEntriesFile(filePath),
      `${this.fileBase(filePath, follow, rev)}.json`,
    ])
      await fs.promises.rm(f, { force: true });
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

  /** Tag object → the commit it peels to, as peeled before (ids name the same thing forever; a damaged file is empty). */
  loadPeeledTags(): Map<string, string> {
    const data = readSealedJson(path.join(this.dir, 'peeled-tags.json'));
    const out = new Map<string, string>();
    if (data && typeof data === 'object')
      for (const [tag, commit] of Object.entries(data as Record<string, unknown>))
        if (/^[0-9a-f]{40}$/.test(tag) && typeof commit === 'string' && /^[0-9a-f]{40}$/.test(commit)) out.set(tag, commit);
    return out;
  }

  async savePeeledTags(peeled: ReadonlyMap<string, string>): Promise<void> {
    await writeSealedJson(path.join(this.dir, 'peeled-tags.json'), Object.fromEntries(peeled));
  }

  /** Blame's diffs of the path's versions made ahead (binary; see storedLineMaps). */
  blameMapsFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.linemaps`;
  }

  /** A blame of the path kept on disk (binary; see storedAnswers). */
  blameAnswersFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.blame`;
  }

  /** The blame of the path's version before the newest, kept the same way ("blame before"'s first step). */
  blameBeforeFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.blame-before`;
  }

  /** The path's entries by position in Strata's commit index (binary; see PositionEntries). */
  positionEntriesFile(filePath: string): string {
    return `${this.fileBase(filePath, false)}.positions`;
  }
}
