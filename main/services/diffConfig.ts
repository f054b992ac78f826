import { configBoolean, configKey, effectiveConfigEntries } from '../objects/configFile';
import type { Repository } from '../repository/repository';
import { type DiffPrefixes, GIT_PREFIXES } from '../diff/quotePath';

/** How git writes a diff's hunks where the config says other than its defaults. */
export interface DiffWriting {
  /** `diff.indentHeuristic` (true unless set false): where a change that could slide is placed; blame follows it too. */
  readonly indentHeuristic: boolean;
  /** `diff.context`: lines of context (3). */
  readonly context: number;
  /** `diff.interHunkContext`: hunks this many lines apart or fewer are one (0). */
  readonly interHunkContext: number;
  /** `a/` and `b/` before the paths; none with `diff.noprefix`. */
  readonly prefixes: DiffPrefixes;
}

/** The config git sees for the repository, as `git diff` and `git log -p` write their hunks by it. */
export function diffWritingOf(repo: Repository): DiffWriting {
  // the config files read once for the four settings (a diff asks for them each time it is shown)
  const entries = effectiveConfigEntries(repo.info.gitdir);
  const value = (key: string) => {
    const wanted = configKey(key);
    return entries.filter(([k]) => k === wanted).at(-1)?.[1];
  };
  return {
    indentHeuristic: configBoolean(value('diff.indentHeuristic')) ?? true,
    context: count(value('diff.context')) ?? 3,
    interHunkContext: count(value('diff.interHunkContext')) ?? 0,
    prefixes: configBoolean(value('diff.noprefix')) ? { src: '', dst: '' } : GIT_PREFIXES,
  };
}

/** A count as git's config writes one (`10`, `1k`); undefined where it is not one (git refuses a negative one). */
function count(value: string | undefined): number | undefined {
  const m = /^\s*(\d+)([kmg]?)\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}
