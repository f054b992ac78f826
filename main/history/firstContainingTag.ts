import type { TagRef } from '../../shared/model';
import { compareVersionTags } from '../../shared/versionOrder';
import type { CommitLinkSource } from './commitLinks';

/**
 * For each wanted commit, the first tag in version order whose history contains
 * it (what `git describe --contains` approximates). Tags are taken in order and
 * each marks the commits it reaches that no earlier tag reached.
 */
export async function firstContainingTag(links: CommitLinkSource, tags: readonly TagRef[], wanted: ReadonlySet<string>, signal?: AbortSignal): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  if (wanted.size === 0) return result;
  const marked = new Set<string>();
  let found = 0;
  for (const tag of [...tags].sort((a, b) => compareVersionTags(a.name, b.name))) {
    if (found === wanted.size || signal?.aborted) break;
    const stack = [tag.commit];
    while (stack.length) {
      const oid = stack.pop()!;
      if (marked.has(oid)) continue;
      marked.add(oid);
      if (wanted.has(oid)) {
        result[oid] = tag.name;
        found++;
      }
      const l = await links.links(oid).catch(() => null);
      if (l) for (const p of l.parents) if (!marked.has(p)) stack.push(p);
    }
  }
  return result;
}
