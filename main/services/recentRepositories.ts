import fs from 'node:fs';
import path from 'node:path';
import type { RecentItem } from '../../shared/model';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';

const MAX_RECENT = 12;

export async function listRecent(home: string): Promise<RecentItem[]> {
  const text = await readFileIfExists(path.join(home, 'recent.json'));
  if (!text) return [];
  try {
    const items = JSON.parse(text) as RecentItem[];
    if (Array.isArray(items)) return items.filter((i) => typeof i.dir === 'string' && typeof i.path === 'string');
  } catch {
    // kept below
  }
  // damaged: kept beside it (never silently emptied), and said once on stderr; the list starts afresh
  const backup = path.join(home, 'recent.json.damaged');
  if (!fs.existsSync(backup)) {
    await fs.promises.copyFile(path.join(home, 'recent.json'), backup).catch(() => undefined);
    process.stderr.write(`strata: the recent list (${path.join(home, 'recent.json')}) was damaged; it was kept as ${backup}.\n`);
  }
  return [];
}

export async function rememberRecent(home: string, item: Omit<RecentItem, 'openedAt'>): Promise<void> {
  const items = (await listRecent(home)).filter((i) => !(i.dir === item.dir && i.path === item.path && i.follow === item.follow));
  items.unshift({ ...item, openedAt: new Date().toISOString() });
  await writeFileAtomic(path.join(home, 'recent.json'), JSON.stringify(items.slice(0, MAX_RECENT), null, 2));
}
