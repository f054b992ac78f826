import type { TextEncoding } from '../../shared/textEncodings';
import type { CommitDetails, FileChange, FileVersion, VersionDiff } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { diffTrees } from '../history/diffTrees';
import { resolveRevision } from '../objects/resolveRevision';
import { PathEntryLookup } from '../history/pathEntries';
import { entryMode, entryOid, isFolderEntry, type EntryKey } from '../objects/entryKey';
import { StrataError } from '../../shared/errors';
import { diffsAsBinary } from '../diff/isBinary';
import { binaryByAttributes, funcnameRuleOf } from '../lineLog/diffDriver';
import { functionLineMatcher } from '../lineLog/funcname';
import { combinedDiff } from '../diff/combinedDiff';
import { countLineChanges, decodeFileText } from '../diff/lineDiff';
import { decodedBytes, unifiedDiffText, type DiffText } from '../diff/unifiedDiff';
import { quotedPath } from '../diff/quotePath';
import { configBoolean } from '../objects/configFile';
import { readCommit, readEntryContent } from './readVersions';
import { diffAlgorithmOf, normalizeRepoPath } from './indexFileHistory';
import { diffWritingOf, type DiffWriting } from './diffConfig';
import type { DiffAlgorithm, WhitespaceRule } from '../../shared/diffAlgorithm';
import { mapPerson, repositoryMailmap } from '../mailmap/repositoryMailmap';
import { gitCombinedHeader, gitDiffHeader, type HeaderSide } from '../diff/gitDiffHeader';
import { abbreviate, defaultAbbrev, parseCoreAbbrev } from '../objects/abbreviation';
import { readConfigValue } from '../git/gitConfig';
import { readingVersions } from './missingVersions';

/**
 * The viewer's limit: a version over it is shown cut (marked `truncated`), and a diff with one refuses
 * with its size (FileTooLarge) rather than show hunks of a part, so a huge generated file cannot freeze
 * the diff pane (Monaco). `strata show` reads any size whole.
 */
export const VIEW_LIMIT_BYTES = 4 * 1024 * 1024;

async function versionAt(
  repo: Repository,
  rev: string,
  filePath: string,
  whole = false,
  encoding: TextEncoding = 'auto',
): Promise<{ version: FileVersion; bytes: Uint8Array | null }> {
  const { store } = repo;
  const commit = await readCommit(store, await resolveRevision(repo, rev));
  const entry: EntryKey = await new PathEntryLookup(store).entryAt(commit.tree, filePath);
  if (isFolderEntry(entry))
    return {
      version: { oid: entryOid(entry), path: filePath, text: '', binary: false, size: 0, truncated: false, directory: true },
      bytes: null,
    };
  const bytes = await readingVersions(repo, filePath, () => readEntryContent(store, entry));
  if (bytes === null) return { version: { oid: null, path: filePath, text: '', binary: false, size: 0, truncated: false }, bytes };
  const binary = diffsAsBinary(bytes, await binaryByAttributes(repo.info, filePath));
  const truncated = !whole && bytes.length > VIEW_LIMIT_BYTES;
  const decoded = binary || whole ? null : decodeFileText(truncated ? bytes.subarray(0, VIEW_LIMIT_BYTES) : bytes, encoding);
  const exact = whole ? { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') } : {};
  return {
    version: {
      oid: entryOid(entry),
      path: filePath,
      text: decoded?.text ?? '',
      binary,
      size: bytes.length,
      truncated,
      ...(decoded ? { encoding: decoded.encoding } : {}),
      mode: (entryMode(entry) ?? '').padStart(6, '0'),
      ...exact,
    },
    bytes,
  };
}

/** The file's content at a revision (empty, with oid null, where the file does not exist there); `whole`: its exact bytes. */
export async function readFileAt(options: {
  repo: Repository;
  rev: string;
  path: string;
  whole?: boolean;
  encoding?: TextEncoding;
}): Promise<FileVersion> {
  return (await versionAt(options.repo, options.rev, normalizeRepoPath(options.path), options.whole, options.encoding)).version;
}

/** A diff refuses a directory, and a version over the viewer's limit, saying why (never hunks of a part). */
function diffable(v: FileVersion, rev: string): void {
  if (v.directory) throw new StrataError('InvalidRequest', `${v.path} is a directory at ${rev}; a diff takes a file.`);
  if (v.truncated)
    throw new StrataError(
      'FileTooLarge',
      `${v.path} is ${(v.size / 1024 / 1024).toFixed(1)} MB (${v.size} bytes) at ${rev}, over Strata's diff limit of ${VIEW_LIMIT_BYTES / 1024 / 1024} MiB; ` +
        `it is not diffed rather than shown in part (git diff shows it whole).`,
    );
}

/** Two versions of a file and their unified diff; `fromPath` serves a rename. */
export async function diffVersions(options: {
  repo: Repository;
  path: string;
  from: string | null;
  to: string;
  fromPath?: string;
  /** How both versions' text is decoded (auto: each on its own); the counts come from the bytes either way. */
  encoding?: TextEncoding;
  combined?: boolean;
  /** `git diff -w`'s hunks and counts. */
  ignoreWhitespace?: boolean;
  /** `-b`, `--ignore-space-at-eol`, `--ignore-cr-at-eol` (`ignoreWhitespace`, `-w`, passes more). */
  whitespace?: WhitespaceRule;
  /** In place of the repository's diff.algorithm (`git diff --diff-algorithm`). */
  algorithm?: DiffAlgorithm;
  /** In place of diff.context, diff.interHunkContext and diff.indentHeuristic (`-U`, `--inter-hunk-context`, `--no-indent-heuristic`). */
  context?: number;
  interHunkContext?: number;
  indentHeuristic?: boolean;
  /** `git diff -W`: whole functions around the changes. */
  functionContext?: boolean;
}): Promise<VersionDiff> {
  const algorithm = options.algorithm ?? (await diffAlgorithmOf(options.repo));
  const writing = writingAsked(diffWritingOf(options.repo), options);
  if (options.combined) return combinedVersionDiff(options.repo, options.to, normalizeRepoPath(options.path), algorithm, writing);
  const toPath = normalizeRepoPath(options.path);
  const fromPath = options.fromPath ? normalizeRepoPath(options.fromPath) : toPath;
  const absent = (path: string): { version: FileVersion; bytes: Uint8Array | null } => ({
    version: { oid: null, path, text: '', binary: false, size: 0, truncated: false },
    bytes: null,
  });
  let before = options.from === null ? absent(fromPath) : await versionAt(options.repo, options.from, fromPath, false, options.encoding);
  let after = await versionAt(options.repo, options.to, toPath, false, options.encoding);
  // a folder on one side and a file on the other: the file was added or deleted there (git diff's part for the file)
  if (before.version.directory && after.version.oid !== null && !after.version.directory) before = absent(fromPath);
  else if (after.version.directory && before.version.oid !== null && !before.version.directory) after = absent(toPath);
  if (options.from !== null) diffable(before.version, options.from);
  diffable(after.version, options.to);
  const { src, dst } = writing.prefixes;
  const ignoreWhitespace: WhitespaceRule | false = options.ignoreWhitespace ? 'all' : (options.whitespace ?? false);
  // with no context, git diffs after dropping the files' common end (xdiff-interface's trim_common_tail): -U0's
  // hunks, and its --numstat, can then place (and count) a change otherwise
  const trimCommonTail = writing.context === 0 && !options.functionContext;
  const counts = countLineChanges(before.bytes, after.bytes, algorithm, {}, { ignoreWhitespace, trimCommonTail });
  const same = before.version.oid === after.version.oid;
  const side = await headerSides(options.repo);
  const encoding = options.encoding ?? 'auto';
  const oldPath = before.version.oid ? fromPath : null;
  const newPath = after.version.oid ? toPath : null;
  const functionLine = functionLineMatcher(await funcnameRuleOf(options.repo.info, oldPath ?? toPath));
  // git's hunks of the bytes (in its diff.algorithm, so the lines they mark are git's), their text in the encoding asked for
  const hunks = (older: string | null, newer: string | null, a: Uint8Array | null, b: Uint8Array | null, binary: boolean): DiffText =>
    binary
      ? {
          text: `Binary files ${older === null ? '/dev/null' : quotedPath(src, older, side.quotePath)} and ${newer === null ? '/dev/null' : quotedPath(dst, newer, side.quotePath)} differ\n`,
          latin1: false,
        }
      : unifiedDiffText(older, newer, a ?? new Uint8Array(0), b ?? new Uint8Array(0), {
          quotePath: side.quotePath,
          algorithm,
          ...writing,
          ...(trimCommonTail ? { trimCommonTail: true } : {}),
          ...(options.functionContext ? { functionContext: true } : {}),
          ...(ignoreWhitespace ? { ignoreWhitespace } : {}),
          // the hunk headers' function lines by the old side's diff driver (diff=cpp: not a goto label), as git's
          functionLine,
          ...(encoding !== 'auto' ? { decode: (bytes: Buffer) => decodeFileText(bytes, encoding).text } : {}),
        });
  const binary = before.version.binary || after.version.binary;
  const header = gitDiffHeader(side(before.version), side(after.version), side.nullId, side.quotePath, writing.prefixes);
  let diff: DiffText = same ? { text: '', latin1: false } : hunks(oldPath, newPath, before.bytes, after.bytes, binary);
  let shownHeader = header;
  if (!same && oldPath !== null && newPath !== null && fileKind(before.version.mode) !== fileKind(after.version.mode)) {
    // a file that became a symbolic link or the other way: git writes its deletion, then its creation
    const gone = { path: toPath, id: null, mode: null };
    const none = { path: fromPath, id: null, mode: null };
    shownHeader = gitDiffHeader(side(before.version), gone, side.nullId, side.quotePath, writing.prefixes);
    diff = joinedDiffText([
      hunks(oldPath, null, before.bytes, null, before.version.binary),
      { text: gitDiffHeader(none, side(after.version), side.nullId, side.quotePath, writing.prefixes), latin1: false },
      hunks(null, newPath, null, after.bytes, after.version.binary),
    ]);
  }
  if (ignoreWhitespace && !same && !binary && oldPath !== null && newPath !== null && counts.additions === 0 && counts.deletions === 0) {
    // git diff -w (-b, …) writes nothing for a change it ignores all of, but a mode change's header (with no hunks)
    diff = { text: '', latin1: false };
    if (before.version.mode === after.version.mode) shownHeader = '';
  }
  return {
    from: before.version,
    to: after.version,
    unified: diff.text,
    header: shownHeader,
    additions: counts.additions,
    deletions: counts.deletions,
    ...(diff.latin1 ? { latin1: true as const } : {}),
    algorithm,
  };
}

/** The repository's settings for writing hunks, with what the command asked for in place of them. */
function writingAsked(
  config: DiffWriting,
  asked: { context?: number | undefined; interHunkContext?: number | undefined; indentHeuristic?: boolean | undefined },
): DiffWriting {
  return {
    ...config,
    ...(asked.context !== undefined ? { context: asked.context } : {}),
    ...(asked.interHunkContext !== undefined ? { interHunkContext: asked.interHunkContext } : {}),
    ...(asked.indentHeuristic !== undefined ? { indentHeuristic: asked.indentHeuristic } : {}),
  };
}

/** How a diff header names a version: its id abbreviated as git abbreviates it here, its mode; and git's null id. */
async function headerSides(repo: Repository): Promise<((v: FileVersion) => HeaderSide) & { nullId: string; quotePath: boolean }> {
  const len = defaultAbbrev(repo.store, parseCoreAbbrev(await readConfigValue(repo.info.gitdir, 'core.abbrev')));
  const quotePath = configBoolean(await readConfigValue(repo.info.gitdir, 'core.quotePath')) ?? true;
  const side = (v: FileVersion): HeaderSide => ({
    path: v.path,
    id: v.oid === null ? null : abbreviate(repo.store, v.oid, len),
    mode: v.oid === null ? null : (v.mode ?? null),
  });
  return Object.assign(side, { nullId: abbreviate(repo.store, '0'.repeat(40), len), quotePath });
}

/** A merge's version of the file against each parent's, as `git show --cc` shows it (its hunks; '' when it shows none). */
async function combinedVersionDiff(
  repo: Repository,
  rev: string,
  filePath: string,
  algorithm: DiffAlgorithm,
  writing: DiffWriting,
): Promise<VersionDiff> {
  const oid = await resolveRevision(repo, rev);
  const { parents } = await readCommit(repo.store, oid);
  if (parents.length < 2)
    throw new StrataError(
      'InvalidRequest',
      `${rev} is not a merge (it has ${parents.length} parent${parents.length === 1 ? '' : 's'}); a combined diff needs two or more.`,
    );
  const after = await versionAt(repo, oid, filePath);
  diffable(after.version, rev);
  const sides = await Promise.all(parents.map((p) => versionAt(repo, p, filePath)));
  if (after.version.binary || sides.some((s) => s.version.binary))
    throw new StrataError('InvalidRequest', `${filePath} is binary at ${rev} or one of its parents; it has no lines to combine.`);
  const hunks = decodedBytes(
    combinedDiff(
      sides.map((s) => s.bytes),
      after.bytes ?? new Uint8Array(0),
      // git's combined diff diffs each parent with no context, the common end dropped first (trim_common_tail)
      { algorithm, indentHeuristic: writing.indentHeuristic, trimCommonTail: true },
      writing.context,
    ),
  );
  const side = await headerSides(repo);
  const header = hunks.text
    ? gitCombinedHeader(
        filePath,
        sides.map((s) => side(s.version)),
        side(after.version),
        side.nullId,
        side.quotePath,
        writing.prefixes,
      )
    : '';
  return {
    from: sides[0]!.version,
    to: after.version,
    unified: hunks.text,
    header,
    additions: null,
    deletions: null,
    ...(hunks.latin1 ? { latin1: true as const } : {}),
    algorithm,
  };
}

/** Full message, signatures and the files a commit changed against its first parent. */
export async function commitDetails(options: { repo: Repository; oid: string }): Promise<CommitDetails> {
  const { store } = options.repo;
  const oid = await resolveRevision(options.repo, options.oid);
  const commit = await readCommit(store, oid);
  const parentTree = commit.parents.length ? ((await readCommit(store, commit.parents[0]!).catch(() => null))?.tree ?? null) : null;
  const files: FileChange[] = (await diffTrees(store, parentTree, commit.tree)).map(({ path, status }) => ({ path, status }));
  const mailmap = await repositoryMailmap(options.repo);
  const author = mapPerson(mailmap, commit.author);
  const committer = mapPerson(mailmap, commit.committer);
  return { oid, parents: commit.parents, author, committer, message: commit.message, files };
}

/** What kind of file a tree entry's mode names (git's S_IFMT): a file, a symbolic link, a submodule. */
function fileKind(mode: string | undefined): number {
  return Number.parseInt(mode ?? '0', 8) & 0o170000;
}

/**
 * Parts of a diff's text, one after another, as one: where any part's hunks are Latin-1 (VersionDiff.latin1), the
 * text after the first two lines is each byte one character, the parts that are UTF-8 included.
 */
function joinedDiffText(parts: readonly DiffText[]): DiffText {
  if (!parts.some((p) => p.latin1)) return { text: parts.map((p) => p.text).join(''), latin1: false };
  const bytes = Buffer.concat(parts.map((p) => Buffer.from(p.text, p.latin1 ? 'latin1' : 'utf8')));
  const labels = bytes.indexOf(10, bytes.indexOf(10) + 1) + 1;
  return { text: bytes.toString('utf8', 0, labels) + bytes.toString('latin1', labels), latin1: true };
}
