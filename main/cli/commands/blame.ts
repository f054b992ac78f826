import fs from 'node:fs';
import type { LineRangeArg } from '../../../shared/lineLog';
import { dateLimit } from '../dateLimit';
import { Command } from 'commander';
import { StrataError } from '../../../shared/errors';
import { parseIgnoreRevs } from '../../blame/parseIgnoreRevs';
import { DEFAULT_COPY_SCORE, DEFAULT_MOVE_SCORE, type BlameResult } from '../../../shared/blame';
import type { CliEnv } from '../cliEnv';
import { displayWidth } from '../displayWidth';
import { lineRangeOption } from '../lineRangeOption';
import { gitDate, gitDateWidth, isWrittenDateFormat } from '../gitDates';
import { repositoryConfig } from '../repositoryConfig';
import { configBoolean } from '../../objects/configFile';
import { quotedPath } from '../../diff/quotePath';

interface BlameFlags {
  repo: string;
  path: string;
  rev?: string;
  ignoreWhitespace?: boolean;
  minimal?: boolean;
  ignoreRev: string[];
  /** false: --no-ignore-revs-file; '' (as git's --ignore-revs-file=""): the same. */
  ignoreRevsFile?: string | false;
  since?: string;
  firstParent?: boolean;
  json?: boolean;
  porcelain?: boolean;
  linePorcelain?: boolean;
  lines?: string;
  function?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The full commit ids of an ignore-revs file (git's format: one a line, # comments, blank lines skipped). */
function readRevsFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new StrataError('InvalidRequest', `Could not read ${file}, the list of revisions to ignore.`);
  }
  return parseIgnoreRevs(text, file);
}

/**
 * git's score of -M<num> or -C<num>: the last one given with a number counts (one without keeps it); none, 0 or
 * one git's parse_score cannot read (it reads those as 0) leaves git's default.
 */
function scoreOf(given: readonly (string | true)[], fallback: number): number {
  const last = given.filter((v): v is string => v !== true).at(-1);
  const score = last === undefined || !/^\d{1,9}$/.test(last) ? 0 : Number(last);
  return score > 0 ? score : fallback;
}

export function blameCommand(env: CliEnv): Command {
  // -M and -C as given, each time (-C -C, -M30 -M): git counts the one and takes the last score of both
  const moves: (string | true)[] = [];
  const copies: (string | true)[] = [];
  // each --lines and --function as given, in order: git blame takes several -L, each searched from the one before
  const given: LineRangeArg[] = [];
  const command = new Command('blame');
  command.on('option:lines', (v: string) => void given.push({ range: v }));
  command.on('option:function', (v: string) => void given.push({ funcname: v }));
  command.on('option:detect-moves', (v?: string) => void moves.push(v ?? true));
  command.on('option:detect-copies', (v?: string) => void copies.push(v ?? true));
  return command
    .description('the commit that last changed each line, as `git blame REV -- PATH`')
    .option('--repo <dir>', 'the repository; by default the one the current folder is in')
    .requiredOption('--path <path>', 'the file, relative to the top')
    .option(
      '--rev <rev>',
      'branch, tag or commit (HEAD by default), or a range A..B: B blamed, lines older than A marked ^ (git blame A..B)',
    )
    .option('-w, --ignore-whitespace', 'whitespace changes do not make a line new (git blame -w)')
    .option('--minimal', "blame's diffs searched to the end, the smallest (git blame --minimal)")
    .option(
      '-M, --detect-moves [score]',
      'lines moved within the file are followed to where they were (git blame -M<score>: a block of more than score letters and digits, 20 by default)',
    )
    .option(
      '-C, --detect-copies [score]',
      'and lines copied from files the commit changed (git blame -C<score>, 40 by default; twice: any file, where the commit created the file; three times: any file, always)',
    )
    .option('--ignore-rev <rev>', "pass over this commit's changes (repeatable; git blame --ignore-rev)", collect, [])
    .option(
      '--ignore-revs-file <file>',
      "pass over the commits listed in FILE (full ids, # comments); an empty FILE drops the config's (git blame --ignore-revs-file)",
    )
    .option('--no-ignore-revs-file', "do not read the repository's blame.ignoreRevsFile")
    .option('--since <date>', 'lines older than DATE (committer date) stay with the first older commit, marked ^ (git blame --since)')
    .option(
      '--first-parent',
      'at a merge, lines go to its first parent only: a line a merge brought in is blamed on the merge (git blame --first-parent)',
    )
    .option(
      '--lines <A,B>',
      'only lines A to B, as git blame -L A,B reads them (line numbers, /regex/, ^/regex/, +N, -N, :NAME; repeatable)',
    )
    .option('--function <name>', 'only the lines of a function (a regex, as git blame -L :NAME; repeatable)')
    .option('--json', 'one object per line: { line, oid, origLine, origPath }')
    .option('--porcelain', "for a machine, as git blame --porcelain writes it (each commit's details once)")
    .option('--line-porcelain', "as git blame --line-porcelain writes it (each line with its commit's details)")
    .action(async (o: BlameFlags) => {
      // git reads FILE from where it runs: read here, handed over as ids
      const fromFile = typeof o.ignoreRevsFile === 'string' && o.ignoreRevsFile !== '' ? readRevsFile(o.ignoreRevsFile) : [];
      const ignoreRevs = [...fromFile, ...o.ignoreRev];
      const params = {
        dir: o.repo,
        path: o.path,
        ...(o.rev ? { rev: o.rev } : {}),
        ...(o.ignoreWhitespace ? { ignoreWhitespace: true } : {}),
        ...(o.minimal ? { minimal: true } : {}),
        ...(moves.length ? { moveScore: scoreOf(moves, DEFAULT_MOVE_SCORE) } : {}),
        ...(copies.length
          ? { copies: { level: Math.min(3, copies.length) as 1 | 2 | 3, score: scoreOf(copies, DEFAULT_COPY_SCORE) } }
          : {}),
        ...(ignoreRevs.length ? { ignoreRevs } : {}),
        ...(o.ignoreRevsFile === false || o.ignoreRevsFile === '' ? { ignoreRevsConfig: false } : {}),
        ...(o.since !== undefined ? { since: dateLimit(o.since, '--since') } : {}),
        ...(o.firstParent ? { firstParent: true } : {}),
        ...(given.length > 1 ? { ranges: given } : lineRangeOption(o)),
        ...(o.porcelain || o.linePorcelain ? { porcelain: true } : {}),
      };
      const result = await env.call('blame', params, { quiet: true });
      if (o.json) {
        env.io.out(
          `${JSON.stringify(
            result.lines.map((l) => ({ line: l.line, oid: l.oid, origLine: l.origLine, origPath: l.origPath })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      // the lines' own bytes, as git writes them (whatever their encoding)
      const file = await env.call('readFile', { dir: o.repo, rev: result.oid, path: result.path, whole: true }, { quiet: true });
      const content = Buffer.from(file.base64 ?? '', 'base64');
      if (o.porcelain || o.linePorcelain) {
        const quotePath = configBoolean(await repositoryConfig(env, o.repo, 'core.quotePath')) ?? true;
        env.io.out(formatPorcelain(result, content, { repeat: o.linePorcelain === true, quotePath }));
        return;
      }
      env.io.out(formatBlame(result, content));
      if (!isWrittenDateFormat(result.layout.date))
        env.io.err(`strata: blame.date=${result.layout.date} is not written here; dates are in git blame's default, iso\n`);
    });
}

/**
 * git blame's default layout: abbreviated id (^ for a boundary commit; * and ? for lines an ignored revision kept or
 * passed on, where the config asks for those marks), path where any line moved, author, date, line number, then the
 * line's own bytes; as the blame.* settings lay it out (BlameResult.layout).
 */
export function formatBlame(result: BlameResult, content: Buffer): Buffer {
  const contents = linesOf(content);
  const showPath = result.lines.some((l) => l.origPath !== result.path);
  // git lines paths up by their bytes, and names by the columns they take
  const pathWidth = Math.max(0, ...result.lines.map((l) => Buffer.byteLength(l.origPath)));
  const { showEmail, blankBoundary } = result.layout;
  // an author that is not UTF-8 as its bytes, each a column (git's width of what it cannot read is its length)
  const who = (c: BlameResult['commits'][string]) => {
    const author = c.rawAuthor ?? c.author;
    return showEmail ? `<${author.email}>` : author.name;
  };
  const widthOf = (c: BlameResult['commits'][string]) => (c.rawAuthor ? who(c).length : displayWidth(who(c)));
  const authorWidth = Math.max(0, ...Object.values(result.commits).map(widthOf));
  const dateFormat = isWrittenDateFormat(result.layout.date) ? result.layout.date : 'iso';
  const dateWidth = gitDateWidth(dateFormat);
  // as wide as the last line number shown (git blame -L 95,105 writes three digits)
  const numberWidth = String(result.lines.at(-1)?.line ?? 0).length;
  const rows = result.lines.map((l) => {
    const c = result.commits[l.oid]!;
    const mark = `${c.boundary ? '^' : ''}${result.marks.unblamable && l.unblamable ? '*' : ''}${result.marks.ignored && l.ignored ? '?' : ''}`;
    const id = blankBoundary && c.boundary ? ' '.repeat(result.abbrev) : `${mark}${l.oid.slice(0, result.abbrev - mark.length)}`;
    const date = (gitDate(c.author.date, dateFormat) ?? c.author.date).padEnd(dateWidth);
    const where = showPath ? ` ${l.origPath}${' '.repeat(pathWidth - Buffer.byteLength(l.origPath))}` : '';
    return [
      Buffer.from(`${id}${where} (`, 'utf8'),
      Buffer.from(who(c), c.rawAuthor ? 'latin1' : 'utf8'),
      Buffer.from(`${' '.repeat(authorWidth - widthOf(c))} ${date} ${String(l.line).padStart(numberWidth)}) `, 'utf8'),
      contents[l.line - 1] ?? Buffer.alloc(0),
      NEWLINE,
    ];
  });
  return Buffer.concat(rows.flat());
}

const NEWLINE = Buffer.from('\n');

/** A file's lines, each without its newline. */
function linesOf(content: Buffer): Buffer[] {
  const contents: Buffer[] = [];
  for (let at = 0; at <= content.length;) {
    const end = content.indexOf(10, at);
    contents.push(content.subarray(at, end < 0 ? content.length : end));
    at = end < 0 ? content.length + 1 : end + 1;
  }
  return contents;
}

/**
 * git blame --porcelain (builtin/blame.c's emit_porcelain): for each run of lines one commit gave from one path, in
 * one piece there, `<id> <line there> <line> <count>`, the commit's details the first time it comes (every line's
 * with `repeat`, --line-porcelain), its `previous` and `filename` with them (and on each run where the commit gave
 * lines from more than one path), then every line after a tab, each later one under `<id> <line there> <line>`.
 */
export function formatPorcelain(result: BlameResult, content: Buffer, o: { repeat: boolean; quotePath: boolean }): Buffer {
  const contents = linesOf(content);
  const out: Buffer[] = [];
  const text = (s: string) => out.push(Buffer.from(s, 'utf8'));
  const paths = new Map<string, Set<string>>();
  for (const l of result.lines) paths.set(l.oid, (paths.get(l.oid) ?? new Set()).add(l.origPath));
  const shown = new Set<string>();
  const details = (l: BlameResult['lines'][number], always: boolean) => {
    const c = result.commits[l.oid]!;
    const p = c.porcelain!;
    const first = !shown.has(l.oid);
    if (always || first) {
      shown.add(l.oid);
      // a commit that is not UTF-8 is written as its bytes
      const enc: BufferEncoding = p.latin1 ? 'latin1' : 'utf8';
      for (const [role, who] of [
        ['author', p.author],
        ['committer', p.committer],
      ] as const) {
        out.push(Buffer.from(`${role} ${who.name}\n${role}-mail ${who.mail}\n`, enc));
        text(`${role}-time ${who.time}\n${role}-tz ${who.tz}\n`);
      }
      out.push(Buffer.from(`summary ${p.summary}\n`, enc));
      if (c.boundary) text('boundary\n');
    } else if ((paths.get(l.oid)?.size ?? 0) < 2) return;
    if (l.previous) text(`previous ${l.previous.oid} ${quotedPath('', l.previous.path, o.quotePath)}\n`);
    text(`filename ${quotedPath('', l.origPath, o.quotePath)}\n`);
  };
  const lines = result.lines;
  for (let i = 0; i < lines.length;) {
    // git's blame entries, joined where one follows on from the other (blame_coalesce)
    let n = 1;
    while (i + n < lines.length && sameRun(lines[i + n - 1]!, lines[i + n]!)) n++;
    for (let k = 0; k < n; k++) {
      const l = lines[i + k]!;
      text(`${l.oid} ${l.origLine} ${l.line}${k === 0 ? ` ${n}` : ''}\n`);
      if (k === 0 || o.repeat) details(l, o.repeat);
      out.push(TAB, contents[l.line - 1] ?? Buffer.alloc(0), NEWLINE);
    }
    i += n;
  }
  return Buffer.concat(out);
}

const TAB = Buffer.from('\t');

/** Whether line b carries on line a's blame entry: the same commit and path, the next line there, the same marks. */
function sameRun(a: BlameResult['lines'][number], b: BlameResult['lines'][number]): boolean {
  return (
    a.oid === b.oid &&
    a.origPath === b.origPath &&
    b.origLine === a.origLine + 1 &&
    b.line === a.line + 1 &&
    (a.ignored ?? false) === (b.ignored ?? false) &&
    (a.unblamable ?? false) === (b.unblamable ?? false)
  );
}
