import { Command, InvalidArgumentError } from 'commander';
import type { LineRangeArg } from '../../../shared/lineLog';
import type { LineLogCommit, LineLogResult } from '../../../shared/lineLog';
import { columnsOf, columnsOfBytes } from '../displayWidth';
import { definitionRegex, lineLogPatchParts } from '../../../shared/lineLog';
import type { TimelineEntry, TimelinePartial } from '../../../shared/model';
import { timelineNotes } from '../../../shared/timelineNotes';
import type { CliEnv } from '../cliEnv';
import { lineRangeOption } from '../lineRangeOption';
import { gitDate, isWrittenDateFormat } from '../gitDates';
import { repositoryConfig } from '../repositoryConfig';
import { configBoolean } from '../../objects/configFile';
import { StrataError } from '../../../shared/errors';
import type { CommitGrep, GrepSyntax } from '../../../shared/commitGrep';
import type { TimelineWindow } from '../../../shared/timelineKey';
import { dateLimit } from '../dateLimit';
import { GIT_SPACE, trimTrailing } from '../../../shared/trimTrailing';

interface LogOptions {
  repo: string;
  path: string;
  /** Unset: as the repository's git config's log.follow says, as git log does. */
  follow?: boolean;
  rev?: string;
  json: boolean;
  lines?: string;
  function?: string;
  maxCount?: number;
  /** git log -S: only the commits that change how often this text occurs in the file. */
  S?: string;
  /** git log -G: only the commits whose diff adds or removes a line this regex matches. */
  G?: string;
  author: string[];
  committer: string[];
  grep: string[];
  regexpIgnoreCase?: boolean;
  extendedRegexp?: boolean;
  fixedStrings?: boolean;
  basicRegexp?: boolean;
  allMatch?: boolean;
  invertGrep?: boolean;
  /** --merges: true; --no-merges: false. */
  merges?: boolean;
  reverse?: boolean;
  firstParent?: boolean;
}

/** --since/--after and --until/--before as given: the last of each pair counts, as in git log. */
interface DatesGiven {
  since?: { text: string; option: string };
  until?: { text: string; option: string };
}

/** git log's -n: a whole number, 0 included (nothing is listed then). */
function maxCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number is needed (git log -n N).');
  return n;
}

export function logCommand(env: CliEnv): Command {
  // each --lines and --function as given, in order: git log takes several -L, each searched from the one before
  const given: LineRangeArg[] = [];
  const dates: DatesGiven = {};
  const command = new Command('log');
  command.on('option:lines', (v: string) => void given.push({ range: v }));
  command.on('option:function', (v: string) => void given.push({ funcname: v }));
  for (const option of ['since', 'after'])
    command.on(`option:${option}`, (text: string) => (dates.since = { text, option: `--${option}` }));
  for (const option of ['until', 'before'])
    command.on(`option:${option}`, (text: string) => (dates.until = { text, option: `--${option}` }));
  return command
    .description("the file's timeline, newest first, as `git log -- PATH` lists it; with --lines or --function, as `git log -L`")
    .option('--repo <dir>', 'the repository (working copy or bare); by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file (or directory), relative to the top')
    .option('--follow', 'follow renames, as git log --follow (default: as log.follow in git config says)')
    .option('--no-follow', 'do not follow renames, whatever log.follow says')
    .option(
      '--rev <rev>',
      'branch, tag or commit to start from (default HEAD), or a range A..B: what B reaches and A does not, as git log A..B',
    )
    .option(
      '--lines <A,B>',
      'the history of lines A to B, as git log -L A,B:PATH reads them (line numbers, /regex/, +N, -N, :NAME; repeatable)',
    )
    .option('--function <name>', 'the history of a function (a regex, as git log -L :NAME:PATH; repeatable)')
    .option('-n, --max-count <n>', 'only the first N entries, as git log -n N lists them', maxCount)
    .option('-S <text>', 'only the commits that change the number of occurrences of TEXT in the file (git log -S)')
    .option('-G <regex>', 'only the commits whose diff adds or removes a line REGEX matches (git log -G; POSIX extended)')
    .option(
      '--author <pattern>',
      'only commits whose author ("Name <email>", by the .mailmap) matches (git log --author; repeatable)',
      collect,
      [],
    )
    .option('--committer <pattern>', 'only commits whose committer matches (git log --committer; repeatable)', collect, [])
    .option(
      '--grep <pattern>',
      'only commits with a line of the message that matches (git log --grep; repeatable: any of them)',
      collect,
      [],
    )
    .option('--all-match', 'with several --grep, only commits whose message matches all of them')
    .option('--invert-grep', 'only commits whose message matches none of the --grep patterns')
    .option('-i, --regexp-ignore-case', 'the patterns match in any case')
    .option('-E, --extended-regexp', 'the patterns are POSIX extended regular expressions (default: basic, as git)')
    .option('-F, --fixed-strings', 'the patterns are plain text')
    .option('--basic-regexp', 'the patterns are POSIX basic regular expressions (the default)')
    .option('--since <date>', 'only commits since DATE (committer date); the walk stops at an older commit, as git log --since')
    .option('--after <date>', 'the same as --since')
    .option('--until <date>', 'only commits until DATE (committer date), as git log --until')
    .option('--before <date>', 'the same as --until')
    .option('--merges', 'only merges')
    .option('--no-merges', 'no merges')
    .option('--reverse', 'oldest first (after -n, as git log --reverse)')
    .option(
      '--first-parent',
      'only the first parent of each merge is walked, and a merge that changed the file against it is listed (git log --first-parent: what each merge brought into the branch)',
    )
    .option('--json', 'the entries as JSON', false)
    .action(async (o: LogOptions) => {
      if (o.S !== undefined && o.G !== undefined) throw new StrataError('InvalidRequest', '-S and -G are one or the other, as in git log.');
      const pickaxe = o.S ?? o.G;
      if (pickaxe !== undefined && (given.length > 0 || o.lines !== undefined || o.function !== undefined))
        throw new StrataError('InvalidRequest', '-S and -G pick commits of the timeline; they do not go with --lines or --function.');
      if (pickaxe === '') throw new StrataError('InvalidRequest', `-${o.S !== undefined ? 'S' : 'G'} needs something to look for.`);
      const grep = commitGrepOf(o);
      const window = windowOf(dates);
      if (given.length > 1) {
        await lineHistory(env, o, { ranges: given }, grep, window);
        return;
      }
      if (o.lines !== undefined || o.function !== undefined) {
        await lineHistory(env, o, lineRangeOption(o)!, grep, window);
        return;
      }
      // as git log does, the list is printed as it comes: each entry once its +/- is known and every newer one is out
      // (with -S or -G once the commits are found; with the commit filters or --reverse once they are all known)
      const whole = o.json || pickaxe !== undefined || grep !== null || o.merges !== undefined || o.reverse;
      const streamed = whole ? null : new StreamedList((line) => env.io.out(line), o.maxCount);
      // git log takes log.follow only where nothing else asks otherwise; --first-parent and --follow do not go together here
      const follow = o.follow ?? (o.firstParent ? false : await followsByConfig(env, o.repo));
      const key = { dir: o.repo, path: o.path, follow, ...(o.rev ? { rev: o.rev } : {}) };
      const timeline = await env.call(
        'indexFile',
        { ...key, ...(window ? { window } : {}), ...(o.firstParent ? { firstParent: true } : {}) },
        streamed ? { onPartial: (part) => streamed.take(part) } : {},
      );
      const picked =
        pickaxe === undefined
          ? null
          : new Set(
              await env.call('pickaxe', {
                ...key,
                text: pickaxe,
                ...(o.G !== undefined ? { regex: true } : {}),
                ...(o.firstParent ? { firstParent: true } : {}),
              }),
            );
      const entries = await pickCommits(env, o, grep, picked ? timeline.entries.filter((e) => picked.has(e.oid)) : timeline.entries);
      if (o.json) env.io.out(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries.slice(streamed?.printed ?? 0)) env.io.out(`${formatEntry(e)}\n`);
      for (const note of timelineNotes(timeline)) env.io.err(`strata: note: ${note}\n`);
      if (timeline.stats.unsaved) env.io.err(`strata: warning: ${timeline.stats.unsaved}\n`);
    });
}

/** `log.follow` in the config git sees for the repository: git log then follows a single path's renames unasked. */
async function followsByConfig(env: CliEnv, dir: string): Promise<boolean> {
  return configBoolean(await repositoryConfig(env, dir, 'log.follow')) ?? false;
}

/** The committer dates --since and --until name, as git reads them (dateLimit); null where neither is given. */
function windowOf(dates: DatesGiven): TimelineWindow | null {
  if (!dates.since && !dates.until) return null;
  return {
    ...(dates.since ? { since: dateLimit(dates.since.text, dates.since.option) } : {}),
    ...(dates.until ? { until: dateLimit(dates.until.text, dates.until.option) } : {}),
  };
}

/** Repeatable options: each value added to the list. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** git log's commit filters as asked; null where none is. */
function commitGrepOf(o: LogOptions): CommitGrep | null {
  if (o.author.length + o.committer.length + o.grep.length === 0) return null;
  const syntaxes = [o.extendedRegexp && 'extended', o.fixedStrings && 'fixed', o.basicRegexp && 'basic'].filter(
    (x) => x !== undefined && x !== false,
  );
  if (syntaxes.length > 1) throw new StrataError('InvalidRequest', 'Give one of -E, -F and --basic-regexp.');
  return {
    ...(o.author.length ? { author: o.author } : {}),
    ...(o.committer.length ? { committer: o.committer } : {}),
    ...(o.grep.length ? { grep: o.grep } : {}),
    ...(syntaxes[0] ? { syntax: syntaxes[0] as GrepSyntax } : {}),
    ...(o.regexpIgnoreCase ? { ignoreCase: true } : {}),
    ...(o.allMatch ? { allMatch: true } : {}),
    ...(o.invertGrep ? { invertGrep: true } : {}),
  };
}

/** The commits git log shows of those the walk found: --merges or --no-merges, the commit filters, then -n, then --reverse. */
async function pickCommits<C extends { oid: string; parents: readonly string[] }>(
  env: CliEnv,
  o: LogOptions,
  grep: CommitGrep | null,
  found: readonly C[],
): Promise<C[]> {
  let commits = o.merges === undefined ? [...found] : found.filter((c) => c.parents.length > 1 === o.merges);
  if (grep) {
    const kept = new Set(await env.call('grepCommits', { dir: o.repo, oids: commits.map((c) => c.oid), ...grep }));
    commits = commits.filter((c) => kept.has(c.oid));
  }
  commits = commits.slice(0, o.maxCount ?? commits.length);
  return o.reverse ? commits.reverse() : commits;
}

async function lineHistory(
  env: CliEnv,
  o: LogOptions,
  range: LineRangeArg | { ranges: LineRangeArg[] },
  grep: CommitGrep | null,
  window: TimelineWindow | null,
): Promise<void> {
  const all = await env.call('lineHistory', {
    dir: o.repo,
    path: o.path,
    ...(o.rev ? { rev: o.rev } : {}),
    ...range,
    ...(window ? { window } : {}),
    ...(o.firstParent ? { firstParent: true } : {}),
  });
  const result = { ...all, commits: await pickCommits(env, o, grep, all.commits) };
  env.io.out(o.json ? `${JSON.stringify(result, null, 2)}\n` : lineLogBytes(result));
  if (!o.json && result.dateFormat && !isWrittenDateFormat(result.dateFormat))
    env.io.err(`strata: log.date=${result.dateFormat} is not written here; dates are in git log's default format\n`);
  if (!o.json) for (const note of await layoutNotWritten(env, o.repo)) env.io.err(`strata: ${note}\n`);
  if (result.declaration && o.function !== undefined && 'funcname' in range)
    env.io.err(
      `strata: note: the first function line matching "${o.function}" is a declaration (line ${result.ranges[0]?.start}), as git log -L takes it; ` +
        `its definition's history: --function '${definitionRegex(o.function)}'\n`,
    );
  else if (result.otherName && o.function !== undefined && 'funcname' in range)
    env.io.err(
      `strata: note: the first function line matching "${o.function}" (line ${result.ranges[0]?.start}) has it only inside a longer name, as git log -L finds it; ` +
        `the history of ${o.function} itself: --function '${definitionRegex(o.function)}'\n`,
    );
}

/** What the repository's config asks of git log's layout that the command line does not write. */
async function layoutNotWritten(env: CliEnv, dir: string): Promise<string[]> {
  const pretty = (await repositoryConfig(env, dir, 'format.pretty'))?.trim();
  const decorate = (await repositoryConfig(env, dir, 'log.decorate'))?.trim();
  return [
    ...(pretty && pretty.toLowerCase() !== 'medium'
      ? [`format.pretty=${pretty} is not written here; commits are in git log's medium format`]
      : []),
    ...(decorate && configBoolean(decorate) !== false && decorate.toLowerCase() !== 'auto'
      ? [`log.decorate=${decorate} is not written here; no branch or tag names follow the commit ids`]
      : []),
  ];
}

/**
 * The layout of `git log -L`: each commit's header and message, then its diff of the tracked lines; lines that are
 * not UTF-8 as their own bytes (LineLogLine.latin1), as git writes them.
 */
export function lineLogBytes(result: LineLogResult): Buffer {
  const format = result.dateFormat && isWrittenDateFormat(result.dateFormat) ? result.dateFormat : 'default';
  const chunks = result.commits.flatMap((c, i) => [
    ...commitHeader(c, format, i > 0, result.abbrevCommit === true),
    ...lineLogPatchParts(c.diffs),
  ]);
  return Buffer.concat(chunks.map((p) => Buffer.from(p.text, p.latin1 ? 'latin1' : 'utf8')));
}

/** A commit's header and message in git log's medium format; an author or message that is not UTF-8 as its bytes. */
function commitHeader(c: LineLogCommit, dateFormat: string, after: boolean, abbrevCommit: boolean): { text: string; latin1: boolean }[] {
  const merge = c.parents.length > 1 ? `Merge: ${c.parentsAbbrev.join(' ')}\n` : '';
  const author = c.raw?.author ?? c.author;
  const rawMessage = c.raw?.message;
  return [
    { text: `${after ? '\n' : ''}commit ${abbrevCommit ? c.oidAbbrev : c.oid}\n${merge}Author: `, latin1: false },
    { text: `${author.name} <${author.email}>`, latin1: c.raw?.author !== undefined },
    { text: `\nDate:   ${gitDate(c.author.date, dateFormat) ?? c.author.date}\n\n`, latin1: false },
    { text: mediumMessage(rawMessage ?? c.message, rawMessage !== undefined), latin1: rawMessage !== undefined },
    { text: '\n\n', latin1: false },
  ];
}

/**
 * A message as git log's medium format prints it: blank lines before it dropped, each line indented by four spaces
 * with its trailing white space cut and its tabs expanded to stops of 8, blank lines after it dropped. `bytes`: the
 * message is bytes as Latin-1 characters (not UTF-8).
 */
export function mediumMessage(message: string, bytes = false): string {
  const lines = message.split('\n').map((l) => expandTabs(trimTrailing(l, GIT_SPACE), bytes));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => `    ${l}`).join('\n');
}

/**
 * Tabs to stops of 8 as git expands them, up to the first stretch before a tab whose width git cannot tell (text
 * that is not UTF-8, or a control character): the rest of the line is left as it is.
 */
function expandTabs(line: string, bytes: boolean): string {
  let out = '';
  let rest = line;
  for (let tab = rest.indexOf('\t'); tab >= 0; tab = rest.indexOf('\t')) {
    const before = rest.slice(0, tab);
    const width = bytes ? columnsOfBytes(Buffer.from(before, 'latin1')) : columnsOf(before);
    if (width === null) break;
    out += before + ' '.repeat(8 - (width % 8));
    rest = rest.slice(tab + 1);
  }
  return out + rest;
}

/** A first index's list and counts as they come (TimelinePartial), printed in order as far as they are known. */
export class StreamedList {
  printed = 0;
  private list: TimelineEntry[] = [];
  private counting = new Set<string>();

  /** `limit`: at most that many entries are printed (git log -n). */
  constructor(
    private readonly write: (line: string) => void,
    private readonly limit = Infinity,
  ) {}

  take(part: TimelinePartial): void {
    if (part.kind === 'walking' || part.kind === 'bodies') return; // no counts yet: the list is printed as they come; bodies are not printed
    if (part.kind === 'entries') {
      this.list = [...part.timeline.entries];
      this.counting = new Set(part.counting);
    } else {
      const at = new Map(this.list.map((e, i) => [e.oid, i]));
      for (const [oid, additions, deletions, absent] of part.counts) {
        const i = at.get(oid);
        if (i === undefined) continue;
        this.list[i] = { ...this.list[i]!, additions, deletions, ...(absent ? { absent } : {}) };
        this.counting.delete(oid);
      }
    }
    while (this.printed < Math.min(this.list.length, this.limit) && !this.counting.has(this.list[this.printed]!.oid))
      this.write(`${formatEntry(this.list[this.printed++]!)}\n`);
  }
}

export function formatEntry(e: TimelineEntry): string {
  const counts = e.additions === null ? (e.directory ? 'directory' : e.absent ? 'unknown' : 'binary') : `+${e.additions} -${e.deletions}`;
  const rename = e.oldPath ? ` (${e.oldPath} → ${e.path})` : '';
  return `${e.oid.slice(0, 12)} ${e.author.date.slice(0, 10)} ${e.status} ${counts.padEnd(10)} ${e.subject}${rename}`;
}
