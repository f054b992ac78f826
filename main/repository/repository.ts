import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RepositoryInfo } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { RefStore } from '../objects/refStore';
import { PackObjectStore } from '../objects/pack/packObjectStore';
import { IndexStore } from '../index/indexStore';
import { locateRepository, type RepositoryLocation } from '../git/locateGitdir';
import { openIsoObjectStore } from '../git/isoObjectStore';
import { readOriginUrl } from '../git/gitConfig';
import { replacementsStamp } from '../objects/replacements';
import { graftsStamp } from '../objects/grafts';

/**
 * One repository, opened once and handed to every service: what it is (info),
 * its objects, its refs, and Strata's on-disk index of it. Opened per job or
 * taken from a `RepositoryPool`; `close()` releases its file descriptors.
 */
export interface Repository {
  readonly info: RepositoryInfo;
  readonly store: ObjectStore;
  readonly index: IndexStore;
  readonly refs: RefStore;
  /** Work kept between calls on this handle, by the name of what keeps it (blame's line maps). */
  readonly kept: KeptWork;
  /** The top folder of the checkout (a linked worktree's own); null in a bare repository. */
  readonly workTree: string | null;
  close(): void;
}

/** Values made once per repository handle and kept while it is open; the layers above name and type them. */
export class KeptWork {
  private readonly values = new Map<string, unknown>();

  get<T>(name: string, make: () => T): T {
    if (!this.values.has(name)) this.values.set(name, make());
    return this.values.get(name) as T;
  }

  clear(): void {
    this.values.clear();
  }
}

/** Opens a working copy or bare repository where it is (nothing is copied); the caller closes it. */
export async function openRepository(options: { dir: string; home: string }): Promise<Repository> {
  const where = locateRepository(options.dir);
  const handle = new RepositoryHandle(where, fs.realpathSync(where.gitdir), options.home);
  await handle.reload(options.dir);
  return handle;
}

/** Runs `fn` with the repository opened, and closes it after, whatever happens. */
export async function withRepository<T>(options: { dir: string; home: string }, fn: (repo: Repository) => Promise<T>): Promise<T> {
  const repo = await openRepository(options);
  try {
    return await fn(repo);
  } finally {
    repo.close();
  }
}

/**
 * Strata's own pack reader serves every read; isomorphic-git's remains behind the
 * same interface for comparison (STRATA_READER=isogit), e.g. in the benchmark.
 */
export function chooseReader(gitdir: string, reader = process.env.STRATA_READER): ObjectStore {
  return reader === 'isogit' ? openIsoObjectStore(gitdir) : new PackObjectStore(gitdir);
}

/** A handle whose info is read again each time it is handed out (`reload`): HEAD, branch and shallow state move. */
export class RepositoryHandle implements Repository {
  readonly store: ObjectStore;
  readonly index: IndexStore;
  readonly refs: RefStore;
  readonly kept = new KeptWork();
  private current: RepositoryInfo | null = null;

  readonly gitdir: string;

  constructor(
    private readonly where: RepositoryLocation,
    realGitdir: string,
    home: string,
  ) {
    this.gitdir = where.gitdir;
    this.store = chooseReader(where.gitdir);
    this.refs = new RefStore(where.gitdir, where.worktreeGitdir);
    // what is indexed with objects replaced (git replace) is not what is indexed without: an index of its own
    const replaced = replacementsStamp(this.store.replacements?.() ?? new Map());
    const grafted = graftsStamp(this.store.grafts?.() ?? new Map());
    // (grafts too: info/grafts)
    const id = `${replaced ? `${realGitdir}\0replace\0${replaced}` : realGitdir}${grafted ? `\0grafts\0${grafted}` : ''}`;
    this.index = new IndexStore(home, crypto.createHash('sha1').update(id).digest('hex').slice(0, 16));
  }

  get info(): RepositoryInfo {
    if (!this.current) throw new Error('repository handle used before it was loaded');
    return this.current;
  }

  /** Reads refs and state again (after a fetch, a commit, a gc); `dir` is the folder as the user named it. */
  async reload(dir: string): Promise<void> {
    this.refs.refresh();
    this.store.refresh();
    const gitdir = this.gitdir;
    this.current = {
      id: this.index.repoId,
      // a linked worktree is its own folder, not the one that holds the common .git
      dir: !this.where.linked && path.basename(gitdir) === '.git' ? path.dirname(gitdir) : path.resolve(dir),
      gitdir,
      head: this.refs.head(),
      branch: this.refs.currentBranch(),
      shallow: fs.existsSync(path.join(gitdir, 'shallow')),
      origin: await readOriginUrl(gitdir),
    };
  }

  get workTree(): string | null {
    if (this.where.linked) return this.info.dir;
    return path.basename(this.gitdir) === '.git' ? path.dirname(this.gitdir) : null;
  }

  close(): void {
    this.store.close();
  }
}
