import fs from 'node:fs';
import { locateRepository } from '../git/locateGitdir';
import { readReplacements, replacementsStamp } from '../objects/replacements';
import { graftsStamp, readGrafts } from '../objects/grafts';
import { RepositoryHandle, type Repository } from './repository';

/**
 * Open repositories, one handle per real git directory, the least recently
 * used closed past `max`. Every `open()` reads the refs and the repository's
 * state again and rescans its packs, so a cached handle stays right after a
 * fetch, a commit or a gc; objects already read never change.
 */
export class RepositoryPool {
  private readonly home: string;
  private readonly max: number;
  /** In use order: the first is the least recently used (a Map keeps insertion order). */
  private readonly open_ = new Map<string, RepositoryHandle>();

  constructor(options: { home: string; max?: number }) {
    this.home = options.home;
    this.max = Math.max(1, options.max ?? 8);
  }

  async open(dir: string): Promise<Repository> {
    const where = locateRepository(dir);
    const real = fs.realpathSync(where.gitdir);
    // each worktree of a repository has its own HEAD: its own handle (they share the index, named by the common gitdir)
    // and objects replaced (git replace) or commits grafted (info/grafts) make another history: another handle and index
    const key = `${where.linked ? `${real}\0${fs.realpathSync(where.worktreeGitdir)}` : real}\0${replacementsStamp(readReplacements(where.gitdir))}\0${graftsStamp(readGrafts(where.gitdir))}`;
    let handle = this.open_.get(key);
    if (handle) this.open_.delete(key);
    else handle = new RepositoryHandle(where, real, this.home);
    this.open_.set(key, handle);
    for (const [key, old] of this.open_) {
      if (this.open_.size <= this.max) break;
      this.open_.delete(key);
      old.close();
    }
    await handle.reload(dir);
    return handle;
  }

  /** How many repositories are open. */
  get size(): number {
    return this.open_.size;
  }

  closeAll(): void {
    for (const handle of this.open_.values()) handle.close();
    this.open_.clear();
  }
}
