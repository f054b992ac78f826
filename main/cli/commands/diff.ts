import { Command, InvalidArgumentError } from 'commander';
import { StrataError } from '../../../shared/errors';
import { wholeNumber, type CliEnv } from '../cliEnv';
import type { VersionDiff } from '../../../shared/model';
import { repositoryConfig } from '../repositoryConfig';
import { configBoolean } from '../../objects/configFile';
import { parseDiffAlgorithm, type DiffAlgorithm } from '../../../shared/diffAlgorithm';
import { quotedPath } from '../../diff/quotePath';
import { statLines, statSummary, type StatFile, type StatWidths } from '../diffStat';

interface DiffCliOptions {
  repo: string;
  path: string;
  from?: string;
  to: string;
  cc?: boolean;
  diffAlgorithm?: DiffAlgorithm;
  minimal?: boolean;
  patience?: boolean;
  histogram?: boolean;
  unified?: number;
  interHunkContext?: number;
  indentHeuristic?: boolean;
  ignoreAllSpace?: boolean;
  ignoreSpaceChange?: boolean;
  ignoreSpaceAtEol?: boolean;
  ignoreCrAtEol?: boolean;
  numstat?: boolean;
  stat?: true | string;
  statWidth?: number;
  statNameWidth?: number;
  statGraphWidth?: number;
  shortstat?: boolean;
  functionContext?: boolean;
}

export function diffCommand(env: CliEnv): Command {
  return new Command('diff')
    .description('the diff of the file between two revisions, as `git diff FROM TO -- PATH` writes it')
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .option('--from <rev>', 'the older revision')
    .requiredOption('--to <rev>', 'the newer revision (with --cc: the merge)')
    .option('--cc', "the merge's combined diff against all its parents, as the hunks of `git show --cc TO -- PATH`")
    .option(
      '--diff-algorithm <algorithm>',
      "myers (default), minimal, patience or histogram, in place of the repository's diff.algorithm",
      algorithmArgument,
    )
    .option('--minimal', 'the smallest diff (git diff --minimal: myers, searched to the end)')
    .option('--patience', 'the patience algorithm (git diff --patience)')
    .option('--histogram', 'the histogram algorithm (git diff --histogram)')
    .option('-U, --unified <n>', 'lines of context (git diff -U<n>; default diff.context, else 3)', wholeNumber)
    .option(
      '--inter-hunk-context <n>',
      'hunks this many lines apart or fewer are joined (default diff.interHunkContext, else 0)',
      wholeNumber,
    )
    .option('-W, --function-context', 'each hunk shows the whole functions its changes are in (git diff -W)')
    .option('--indent-heuristic', "place changes that could slide as git's indent heuristic does (the default)")
    .option('--no-indent-heuristic', 'do not (git diff --no-indent-heuristic)')
    .option('-w, --ignore-all-space', 'lines that differ only in white space are not changes (git diff -w)')
    .option('-b, --ignore-space-change', 'nor lines that differ in the amount of white space, or in white space at their end (git diff -b)')
    .option('--ignore-space-at-eol', 'nor lines that differ in white space at their end')
    .option('--ignore-cr-at-eol', 'nor lines that differ in a carriage return at their end')
    .option('--numstat', 'lines added and deleted, then the path, as git diff --numstat writes them (with -U, the patch after them)')
    .option(
      '--stat [width[,name-width[,count]]]',
      "the path, its count and a bar of + and -, then a summary, as git diff --stat writes them (80 columns, or $COLUMNS, or the terminal's)",
    )
    .option('--stat-width <n>', 'the --stat in n columns', wholeNumber)
    .option('--stat-name-width <n>', "the --stat's path in at most n columns (default diff.statNameWidth)", wholeNumber)
    .option('--stat-graph-width <n>', "the --stat's bar in at most n columns (default diff.statGraphWidth)", wholeNumber)
    .option('--shortstat', "only the --stat's summary line")
    .action(async (o: DiffCliOptions) => {
      if (!o.cc && o.from === undefined) throw new StrataError('InvalidRequest', 'strata diff needs --from <rev> (or --cc for a merge).');
      const stat = statAsked(o);
      const counting = o.numstat ? '--numstat' : stat ? '--stat' : o.shortstat ? '--shortstat' : null;
      if (o.cc && counting)
        throw new StrataError('InvalidRequest', `${counting} counts a two-way diff; a combined diff (--cc) has no one count.`);
      const algorithm = await algorithmAsked(env, o);
      // the strongest whitespace rule given wins, as in git (each passes what the weaker ones pass; -w passes most)
      const whitespace = o.ignoreAllSpace
        ? undefined
        : o.ignoreSpaceChange
          ? ('change' as const)
          : o.ignoreSpaceAtEol
            ? ('at-eol' as const)
            : o.ignoreCrAtEol
              ? ('cr-at-eol' as const)
              : undefined;
      const params = {
        dir: o.repo,
        path: o.path,
        from: o.from ?? null,
        to: o.to,
        ...(o.cc ? { combined: true } : {}),
        ...(algorithm ? { algorithm } : {}),
        ...(o.unified !== undefined ? { context: o.unified } : {}),
        ...(o.interHunkContext !== undefined ? { interHunkContext: o.interHunkContext } : {}),
        ...(o.indentHeuristic !== undefined ? { indentHeuristic: o.indentHeuristic } : {}),
        ...(o.ignoreAllSpace ? { ignoreWhitespace: true } : {}),
        ...(o.functionContext ? { functionContext: true } : {}),
        ...(whitespace ? { whitespace } : {}),
      };
      const d = await env.call('diffVersions', params, { quiet: true });
      // git's order: the numstat, the stat with its summary, the summary again for --shortstat
      const name = counting ? await countedName(env, o.repo, d) : null;
      let counts = '';
      if (name !== null) {
        if (o.numstat) counts += numstatLine(d, name);
        const files = [statFile(d, name)];
        if (stat) counts += statLines(files, await statWidths(env, o.repo, stat));
        if (o.shortstat) counts += statSummary(files);
      }
      // git's -U implies the patch, written after the counts and an empty line
      if (counting && (o.unified === undefined || counts === '')) {
        env.io.out(counts);
        return;
      }
      const suppress = configBoolean(await repositoryConfig(env, o.repo, 'diff.suppressBlankEmpty')) ?? false;
      if (counts) env.io.out(`${counts}\n`);
      env.io.out(diffBytes(suppress ? withBlankContextEmpty(d) : d, o.cc === true));
    });
}

function algorithmArgument(value: string): DiffAlgorithm {
  const algorithm = parseDiffAlgorithm(value);
  if (!algorithm) throw new InvalidArgumentError('myers, default, minimal, patience or histogram.');
  return algorithm;
}

/**
 * The algorithm the flags ask for, or undefined for the repository's diff.algorithm. One choice at a time: git takes
 * the last of several, an order the command line's parser does not keep. `--minimal` alone is myers searched to the
 * end; under a diff.algorithm of patience or histogram it only changes their fall-back searches in git, and the
 * configured algorithm is used.
 */
async function algorithmAsked(env: CliEnv, o: DiffCliOptions): Promise<DiffAlgorithm | undefined> {
  const chosen = [
    o.diffAlgorithm,
    o.patience ? 'patience' : undefined,
    o.histogram ? 'histogram' : undefined,
    o.minimal ? 'minimal' : undefined,
  ];
  if (chosen.filter((c) => c !== undefined).length > 1)
    throw new StrataError('InvalidRequest', 'Give one of --diff-algorithm, --minimal, --patience and --histogram.');
  if (o.diffAlgorithm) return o.diffAlgorithm;
  if (o.patience) return 'patience';
  if (o.histogram) return 'histogram';
  if (!o.minimal) return undefined;
  const configured = parseDiffAlgorithm(await repositoryConfig(env, o.repo, 'diff.algorithm'));
  return configured === 'patience' || configured === 'histogram' ? configured : 'minimal';
}

/** `git diff --numstat`'s line: added, deleted (`-` for a binary file), the path as git names it. */
function numstatLine(d: VersionDiff, name: string): string {
  const count = (n: number | null) => (n === null ? '-' : String(n));
  return `${count(d.additions)}\t${count(d.deletions)}\t${name}\n`;
}

/** The path as git names it in its counts (quoted as core.quotePath says); null where git counts nothing. */
async function countedName(env: CliEnv, dir: string, d: VersionDiff): Promise<string | null> {
  // (nothing either where -w left no change and no mode change: no header)
  if ((d.from.oid === d.to.oid && d.from.mode === d.to.mode) || d.header === '') return null;
  const quote = configBoolean(await repositoryConfig(env, dir, 'core.quotePath')) ?? true;
  return quotedPath('', d.to.oid !== null ? d.to.path : d.from.path, quote);
}

/** The file's line of `git diff --stat`: lines added and deleted, or for a binary file its sizes before and after. */
function statFile(d: VersionDiff, name: string): StatFile {
  const binary = d.additions === null || d.deletions === null;
  return binary
    ? { name, binary, added: d.to.oid !== null ? d.to.size : 0, deleted: d.from.oid !== null ? d.from.size : 0 }
    : { name, binary, added: d.additions!, deleted: d.deletions! };
}

interface StatAsked {
  readonly width?: number;
  readonly nameWidth?: number;
  readonly graphWidth?: number;
}

/** What --stat[=width[,name-width[,count]]] and --stat-width, --stat-name-width, --stat-graph-width ask for (each asks for the stat); null: none. */
function statAsked(o: DiffCliOptions): StatAsked | null {
  if (o.stat === undefined && o.statWidth === undefined && o.statNameWidth === undefined && o.statGraphWidth === undefined) return null;
  let asked: StatAsked = {};
  if (typeof o.stat === 'string') {
    const m = /^(\d+)(?:,(\d+)(?:,(\d+))?)?$/.exec(o.stat);
    if (!m) throw new StrataError('InvalidRequest', `invalid --stat value: ${o.stat} (give --stat=<width>[,<name-width>[,<count>]]).`);
    asked = { width: Number(m[1]), ...(m[2] !== undefined ? { nameWidth: Number(m[2]) } : {}) };
  }
  return {
    ...asked,
    ...(o.statWidth !== undefined ? { width: o.statWidth } : {}),
    ...(o.statNameWidth !== undefined ? { nameWidth: o.statNameWidth } : {}),
    ...(o.statGraphWidth !== undefined ? { graphWidth: o.statGraphWidth } : {}),
  };
}

/**
 * The stat's room as git takes it: a width given (0: 80), else $COLUMNS, else the terminal's, else 80; the name's
 * and the bar's limits given, else diff.statNameWidth and diff.statGraphWidth.
 */
async function statWidths(env: CliEnv, dir: string, asked: StatAsked): Promise<StatWidths> {
  const columns = Number.parseInt(process.env.COLUMNS ?? '', 10);
  const terminal = columns > 0 ? columns : process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : 80;
  const configured = async (key: string) => Number.parseInt((await repositoryConfig(env, dir, key)) ?? '', 10) || 0;
  return {
    width: asked.width === undefined ? terminal : asked.width || 80,
    nameWidth: asked.nameWidth ?? (await configured('diff.statNameWidth')),
    graphWidth: asked.graphWidth ?? (await configured('diff.statGraphWidth')),
  };
}

/** What git writes for the diff: its header and labels as UTF-8, its hunks as the file's own bytes (see VersionDiff.latin1). */
export function diffBytes(d: VersionDiff, combined: boolean): Buffer {
  if (!d.latin1) return Buffer.from(d.header + d.unified, 'utf8');
  // a two-way diff's text starts with its --- and +++ lines
  const labels = combined ? 0 : d.unified.indexOf('\n', d.unified.indexOf('\n') + 1) + 1;
  return Buffer.concat([Buffer.from(d.header + d.unified.slice(0, labels), 'utf8'), Buffer.from(d.unified.slice(labels), 'latin1')]);
}

/** `diff.suppressBlankEmpty`: an empty line of context is written as an empty line, with no space before it, as git does. */
function withBlankContextEmpty(d: VersionDiff): VersionDiff {
  return { ...d, unified: d.unified.replace(/^ $/gm, '') };
}
