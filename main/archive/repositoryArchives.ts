import path from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';

/** The archives attached to a repository, kept beside its index (STRATA_HOME/repos/<id>/archives.json). */
export class RepositoryArchives {
  private readonly file: string;

  constructor(home: string, repoId: string) {
    this.file = path.join(home, 'repos', repoId, 'archives.json');
  }

  async list(): Promise<string[]> {
    const text = await readFileIfExists(this.file);
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as { sources?: unknown };
      return Array.isArray(parsed.sources) ? parsed.sources.filter((s): s is string => typeof s === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Adds a source (an absolute path or a URL); returns false where it was attached already. */
  async add(source: string): Promise<boolean> {
    const sources = await this.list();
    if (sources.includes(source)) return false;
    await writeFileAtomic(this.file, JSON.stringify({ sources: [...sources, source] }, null, 2));
    return true;
  }
}
