import fs from 'node:fs';
import type { LineRangeArg } from '../../shared/lineLog';
import nodePath from 'node:path';
import type { BlameCommit, BlameResult } from '../../shared/blame';
import { lineRangeOf } from '../lineLog/lineRangeSpec';
import { porcelainCommit } from '../blame/porcelainCommit';
import { normalizeRanges } from '../lineLog/rangeSet';
import { StrataError } from '../../shared/errors';
import { type BlameCache, blameFile } from '../blame/blameFile';
import { readConfigValue, readConfigValues } from '../git/gitConfig';
import { parseCommit, rawParts } from '../objects/parseCommit';
import { resolveRevision } from '../objects/resolveRevision';
import type { Repository } from '../repository/repository';
import { normalizeRepoPath } from './indexFileHistory';
import { mapPerson, repositoryMailmap } from '../mailmap/repositoryMailmap';
import { configBoolean } from '../objects/configFile';
import { blameAbbrev } from '../blame/blameAbbrev';
import { parseCoreAbbrev } from '../objects/abbreviation';
import { asBuffer, splitRecords } from '../diff/lineRecords';
import { functionRange } from '../lineLog/funcname';
import { funcnameRuleOf } from '../lineLog/diffDriver';
import { readCommit, readEntryContent } from './readVersions';
import { PathEntryLookup } from '../history/pathEntries';
import { isFolderEntry } from '../objects/entryKey';
import { parseIgnoreRevs } from '../blame/parseIgnoreRevs';
import { readingVersions } from './missingVersions';
import { diffWritingOf } from './diffConfig';
import { revisionRange } from '../../shared/timelineKey';

export interface BlameRequest {
  readonly repo: Repository;
  readonly path: string;
  /** A revision, or a range `A..B` (B blamed, what A reaches left out: git blame A..B). */
  readonly rev?: string;
  readonly ignoreWhitespace?: boolean;
  /** `--minimal` (blameFile's minimal). */
  readonly minimal?: boolean;
  /** `-M<score>`: lines moved within the file are followed (blameFile's moveScore). */
  readonly moveScore?: number;
  /** `-C<score>`, given `level` times (blameFile's copies). */
  readonly copies?: { readonly level: 1 | 2 | 3; readonly score: number };
  /** `--ignore-rev` (repeatable): revisions, resolved here. */
  readonly ignoreRevs?: readonly string[];
  /** `--ignore-revs-file`: a file of the work tree, relative to its top. */
  readonly ignoreRevsFile?: string;
  /** false: `--no-ignore-revs-file`, the repository's `blame.ignoreRevsFile` is not read. */
  readonly ignoreRevsConfig?: boolean;
  /** `--since`, seconds (blameFile's since). */
  readonly since?: number;
  /** `--first-parent` (blameFile's firstParent). */
  readonly firstParent?: boolean;
  /** Kept by a caller that blames one version after another (the repository handle's by default). */
  readonly cache?: BlameCache;
  /** `-L A,B`: only lines A to B (1-based, inclusive; swapped where B is before A). */
  readonly lines?: { readonly start: number; readonly end: number };
  /** `-L :NAME`: only the lines of the first function whose line matches NAME (a regex, as git log -L takes it). */
  readonly funcname?: string;
  /** `-L START,END` as git reads it (main/lineLog/lineRangeSpec.ts). */
  readonly range?: string;
  /** Each commit's signatures and summary as `git blame --porcelain` prints them (BlameCommit.porcelain). */
  readonly porcelain?: boolean;
  /** Several `-L`, in the order given (each regex searched from the end of the range before, as git's). */
  readonly ranges?: readonly LineRangeArg[];
}

export const IGNORE_REVS_FILE = '.git-blame-ignore-revs';

/** Every line of the file at rev with the commit that last changed it, and what the gutter shows of those commits. */
export async function blame(request: BlameRequest): Promise<BlameResult> {
  const { repo } = request;
  const path = normalizeRepoPath(request.path);
  // `A..B`: B blamed, what A reaches left out (git blame A..B)
  const range = request.rev ? revisionRange(request.rev) : null;
  const revName = range ? range.top : (request.rev ?? 'HEAD');
  const oid = await resolveRevision(repo, revName);
  const bottom = range ? await resolveRevision(repo, range.bottom) : undefined;
  const ignored = await ignoredRevisions(repo, request);
  // git blame places a change that could slide as its diffs do: by diff.indentHeuristic
  const { indentHeuristic } = diffWritingOf(repo);
  // blame follows the file's renames: the versions it may lack are those along them
  const ranges = await readingVersions(repo, path, () => blamedRanges(repo, path, oid, revName, request), true);
  const lines = await readingVersions(
    repo,
    path,
    () =>
      blameFile({
        repo,
        path,
        rev: oid,
        revName,
        ...(bottom ? { bottom } : {}),
        ...(request.since !== undefined ? { since: request.since } : {}),
        ...(request.firstParent ? { firstParent: true } : {}),
        ...(ranges ? { ranges } : {}),
        ...(request.ignoreWhitespace ? { ignoreWhitespace: true } : {}),
        ...(request.minimal ? { minimal: true } : {}),
        ...(request.moveScore !== undefined ? { moveScore: request.moveScore } : {}),
        ...(request.copies ? { copies: request.copies } : {}),
        ...(indentHeuristic ? {} : { indentHeuristic: false }),
        ...(ignored.size ? { ignoreRevs: ignored } : {}),
        ...(request.cache ? { cache: request.cache } : {}),
      }),
    true,
  );
  const commits: Record<string, BlameCommit> = {};
  const mailmap = await repositoryMailmap(repo);
  // a root commit, and in a shallow clone a commit whose parents it lacks, is where blame stops: git's boundary (^)
  const shallow = await repo.store.shallowCommits();
  const setting = (key: string) => readConfigValue(repo.info.gitdir, key);
  const showRoot = configBoolean(await setting('blame.showRoot')) ?? false;
  // and over a range, the commits A reaches where lines stopped
  const leftOut = new Set(lines.filter((l) => l.boundary).map((l) => l.oid));
  for (const l of lines) {
    if (commits[l.oid]) continue;
    const data = (await repo.store.readObject(l.oid)).data;
    const c = parseCommit(data);
    const author = mapPerson(mailmap, c.author);
    const rawAuthor = author === c.author ? rawParts(data)?.author : undefined;
    commits[l.oid] = {
      author,
      ...(rawAuthor ? { rawAuthor } : {}),
      summary: c.message.split('\n', 1)[0] ?? '',
      boundary: leftOut.has(l.oid) || (!showRoot && (c.parents.length === 0 || shallow.has(l.oid))),
      ...(request.porcelain ? { porcelain: porcelainCommit(l.oid, data, (who) => (mailmap.size ? mailmap.map(who) : null)) } : {}),
    };
  }
  const top = repo.workTree;
  const ignoreRevsFileFound = top !== null && fs.existsSync(nodePath.join(top, IGNORE_REVS_FILE));
  const marks = {
    ignored: configBoolean(await readConfigValue(repo.info.gitdir, 'blame.markIgnoredLines')) ?? false,
    unblamable: configBoolean(await readConfigValue(repo.info.gitdir, 'blame.markUnblamableLines')) ?? false,
  };
  const abbrev = blameAbbrev(repo.store, Object.keys(commits), parseCoreAbbrev(await readConfigValue(repo.info.gitdir, 'core.abbrev')));
  const layout = {
    showEmail: configBoolean(await setting('blame.showEmail')) ?? false,
    blankBoundary: configBoolean(await setting('blame.blankBoundary')) ?? false,
    date: (await setting('blame.date'))?.trim() || 'iso',
  };
  return { oid, path, lines, commits, ignoredRevs: [...ignored], ignoreRevsFileFound, marks, abbrev, layout };
}

/**
 * The lines `-L` asks for (0-based, end excluded), as git blame reads them: `A,B` (swapped where B is before A, cut
 * at the file's end), `:NAME`, the function line git's rules find first and the lines up to the next one, or git's
 * other forms (lineRangeSpec.ts); several sorted and merged where they overlap or touch, as git merges them.
 */
async function blamedRanges(
  repo: Repository,
  path: string,
  oid: string,
  named: string,
  request: BlameRequest,
): Promise<{ start: number; end: number }[] | null> {
  if (!request.lines && request.funcname === undefined && request.range === undefined && !request.ranges) return null;
  // the version's bytes as they are (not through readFile's base64)
  const entry = await new PathEntryLookup(repo.store).entryAt((await readCommit(repo.store, oid)).tree, path);
  if (isFolderEntry(entry)) throw new StrataError('PathNotInRepository', `${path} is a folder at ${named}; blame takes a file in it.`);
  const bytes = entry === null ? null : await readEntryContent(repo.store, entry);
  if (bytes === null) throw new StrataError('PathNotInRepository', `${path} is not a file at ${named}; nothing to blame.`);
  const records = splitRecords(asBuffer(bytes));
  const rule = async () => funcnameRuleOf(repo.info, path);
  if (request.funcname !== undefined) return [functionRange(records, request.funcname, await rule())];
  if (request.range !== undefined) return [lineRangeOf(request.range, records, path)];
  if (request.ranges) {
    const out: { start: number; end: number }[] = [];
    for (const r of request.ranges) {
      // a regex (or :NAME) is searched from the line after the range before; ^:NAME from the first line
      const after = out.length ? out[out.length - 1]!.end : 0;
      if ('funcname' in r) {
        out.push(functionRange(records, r.funcname, await rule(), after));
        continue;
      }
      const fn = /^(\^?):(.+)$/s.exec(r.range);
      out.push(fn ? functionRange(records, fn[2]!, await rule(), fn[1] ? 0 : after) : lineRangeOf(r.range, records, path, after + 1));
    }
    return normalizeRanges(out);
  }
  let { start, end } = request.lines!;
  if (end < start) [start, end] = [end, start];
  // git blame takes a range that runs past the end to the end, and refuses one that starts after it
  if (start > records.count) throw new StrataError('InvalidRequest', `${path} has only ${records.count} lines; choose a range inside it.`);
  return [{ start: Math.max(1, start) - 1, end: Math.min(end, records.count) }];
}

/**
 * The commits blame passes over, as git gathers them: each `blame.ignoreRevsFile` of the config (not with
 * `--no-ignore-revs-file`), then `--ignore-revs-file`, then each `--ignore-rev`. git keeps the config's
 * files sorted and without repeats, so an empty value there (which on the command line drops the ids
 * before it) comes first and drops nothing, and every file named is read: a missing one fails. Files hold
 * full commit ids, one a line; `#` starts a comment; blank lines are skipped.
 */
export async function ignoredRevisions(repo: Repository, request: BlameRequest): Promise<Set<string>> {
  const files: string[] = [];
  const top = repo.workTree ?? repo.info.dir;
  if (request.ignoreRevsConfig !== false) {
    const values = await readConfigValues(repo.info.gitdir, 'blame.ignoreRevsFile');
    const named = [...new Set(values.map((v) => v.replace(/^~(?=\/)/, process.env.HOME ?? '~')))].filter((v) => v !== '');
    for (const value of named.sort(compareBytes)) files.push(nodePath.resolve(top, value));
  }
  if (request.ignoreRevsFile) files.push(nodePath.join(top, normalizeRepoPath(request.ignoreRevsFile)));
  const out = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch {
      throw new StrataError(
        'InvalidRequest',
        `Could not read the list of revisions to ignore, ${file}${request.ignoreRevsFile ? '' : " (the repository's blame.ignoreRevsFile)"}. Create it, or blame without it.`,
      );
    }
    for (const oid of parseIgnoreRevs(text, file)) out.add(oid);
  }
  for (const rev of request.ignoreRevs ?? []) out.add(await resolveRevision(repo, rev));
  return out;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
