import fs from 'node:fs';
import type { Progress } from '../../shared/model';
import { isObjectMissing, StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import { learnTopLevelChanges } from '../history/learnTopLevelChanges';
import { bloomCovered } from '../history/graphBloomTable';
import { StrataCommitIndex } from '../index/strataCommitIndex';
import { TopLevelChanges } from '../index/topLevelChanges';

const SAVE_EVERY_MS = 5000;

/**
 * Learns, for every commit in Strata's commit index, what it changed in the
 * tree's top two levels: afterwards any file's walk skips the commits that
 * left its directory alone, as git does with changed-path Bloom filters.
 * Runs in the background after a first index; saved as it goes, so work done
 * before a cancel or a crash is kept. Nothing to do where git's commit-graph
 * covers the repository (its Bloom filters serve instead).
 */
export async function learnChanges(o: {
  repo: Repository;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}): Promise<{ learned: number; commits: number }> {
  const { store, index } = o.repo;
  const own = StrataCommitIndex.load(index.commitIndexFile);
  if (!own || !store.readObjectSync) return { learned: 0, commits: 0 };
  const anchor = own.anchor;
  const file = index.topLevelFile;
  const topLevel = TopLevelChanges.load(file, anchor);
  const save = async () => {
    // the commit index may have been rebuilt meanwhile: then these positions mean nothing
    const now = StrataCommitIndex.anchorIn(index.commitIndexFile);
    if (!now || !now.equals(anchor))
      throw new StrataError('Cancelled', 'The commit index changed while learning; learning starts again next time.');
    await fs.promises.mkdir(index.dir, { recursive: true });
    await topLevel.save(file, anchor);
  };
  let learned = 0;
  let lastSave = Date.now();
  // the commits git's Bloom filters answer for are walked with them: only those after are worth learning
  const from = bloomCovered(own, store.commitGraph?.() ?? null);
  for (let pos = from; pos < own.count; pos++) {
    if (topLevel.has(pos)) continue;
    try {
      if (!learnTopLevelChanges(own, store, topLevel, pos)) continue;
    } catch (err) {
      // a tree this clone lacks (a partial clone without trees, a commit of git's graph whose objects were pruned):
      // nothing learned for that commit, and a walk reads its trees as before
      if (isObjectMissing(err)) continue;
      throw err;
    }
    if (++learned % 2048 === 0) {
      o.onProgress?.({ phase: 'Learning changed paths', loaded: pos, total: own.count });
      if (o.signal?.aborted) {
        await save();
        throw new StrataError('Cancelled', 'Learning was cancelled; what was learned is kept.');
      }
      if (Date.now() - lastSave > SAVE_EVERY_MS) {
        await save();
        lastSave = Date.now();
      }
    }
  }
  if (topLevel.dirty) await save();
  return { learned, commits: own.count };
}
