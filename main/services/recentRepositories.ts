import fs from 'node:fs';
import path from 'node:path';
import type { RecentItem, RecentList } from '../../shared/model';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';

const MAX_RECENT = 12;

export async function listRecent(home: string): Promise<RecentItem[]> {
  return [...(await readRecentList(home)).items];
}

/**
 * The recent list, and where it was found damaged (`reset`): the damaged file is kept beside it (never
 * silently emptied), said once on stderr, and the list starts afresh; `reset` names the kept copy until
 * the next open writes a new list.
 */
export async function readRecentList(home: string): Promise<RecentList> {
  const file = path.join(home, 'recent.json');
  const text = await readFileIfExists(file);
  if (!text) return { items: [] };
  try {
    const items = JSON.parse(text) as RecentItem[];
    if (Array.isArray(items)) return { items: items.filter((i) => typeof i.dir === 'string' && typeof i.path === 'string') };
  } catch {
    // kept below
  }
  const backup = path.join(home, 'recent.json.damaged');
  if (!fs.existsSync(backup)) {
    await fs.promises.copyFile(file, backup).catch(() => undefined);
    process.stderr.write(`strata: the recent list (${file}) was damaged; it was kept as ${backup}.\n`);
  }
  return { items: [], reset: { file, backup } };
}

export async function rememberRecent(home: string, item: Omit<RecentItem, 'openedAt'>): Promise<void> {
  // one entry per thing it opens: the same file at another revision, or on its first-parent line, is another
  const same = (i: RecentItem) =>
    i.dir === item.dir && i.path === item.path && i.follow === item.follow && i.rev === item.rev && !!i.firstParent === !!item.firstParent;
  const items = (await listRecent(home)).filter((i) => !same(i));
  items.unshift({ ...item, openedAt: new Date().toISOString() });
  await writeFileAtomic(path.join(home, 'recent.json'), JSON.stringify(items.slice(0, MAX_RECENT), null, 2));
}
