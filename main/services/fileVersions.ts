import type { CommitDetails, FileChange, FileVersion, VersionDiff } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { diffTrees } from '../history/diffTrees';
import { resolveRevision } from '../objects/resolveRevision';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid, type EntryKey } from '../objects/entryKey';
import { isBinary } from '../diff/isBinary';
import { countLineChanges, decodeFileText, unifiedDiff } from '../diff/lineDiff';
import { readCommit, readEntryContent } from './readVersions';
import { diffAlgorithmOf, normalizeRepoPath } from './indexFileHistory';

/** Files over this size are shown cut, so a huge generated file cannot freeze the viewer. */
export const VIEW_LIMIT_BYTES = 4 * 1024 * 1024;

async function versionAt(repo: Repository, rev: string, filePath: string): Promise<{ version: FileVersion; bytes: Uint8Array | null }> {
  const { store } = repo;
  const commit = await readCommit(store, await resolveRevision(repo, rev));
  const entry: EntryKey = await new PathEntryLookup(store).entryAt(commit.tree, filePath);
  const bytes = await readEntryContent(store, entry);
  if (bytes === null) return { version: { oid: null, path: filePath, text: '', binary: false, size: 0, truncated: false }, bytes };
  const binary = isBinary(bytes);
  const truncated = bytes.length > VIEW_LIMIT_BYTES;
  const text = binary ? '' : decodeFileText(truncated ? bytes.subarray(0, VIEW_LIMIT_BYTES) : bytes).text;
  return { version: { oid: entryOid(entry), path: filePath, text, binary, size: bytes.length, truncated }, bytes };
}

/** The file's content at a revision (empty, with oid null, where the file does not exist there). */
export async function readFileAt(options: { repo: Repository; rev: string; path: string }): Promise<FileVersion> {
  return (await versionAt(options.repo, options.rev, normalizeRepoPath(options.path))).version;
}

/** Two versions of a file and their unified diff; `fromPath` serves a rename. */
export async function diffVersions(options: {
  repo: Repository;
  path: string;
  from: string | null;
  to: string;
  fromPath?: string;
}): Promise<VersionDiff> {
  const toPath = normalizeRepoPath(options.path);
  const fromPath = options.fromPath ? normalizeRepoPath(options.fromPath) : toPath;
  const before =
    options.from === null
      ? { version: { oid: null, path: fromPath, text: '', binary: false, size: 0, truncated: false }, bytes: null }
      : await versionAt(options.repo, options.from, fromPath);
  const after = await versionAt(options.repo, options.to, toPath);
  const counts = countLineChanges(before.bytes, after.bytes, await diffAlgorithmOf(options.repo));
  const unified =
    before.version.binary || after.version.binary
      ? `Binary files ${before.version.oid ? `a/${fromPath}` : '/dev/null'} and ${after.version.oid ? `b/${toPath}` : '/dev/null'} differ\n`
      : unifiedDiff(before.version.oid ? fromPath : null, after.version.oid ? toPath : null, before.version.text, after.version.text);
  return { from: before.version, to: after.version, unified, additions: counts.additions, deletions: counts.deletions };
}

/** Full message, signatures and the files a commit changed against its first parent. */
export async function commitDetails(options: { repo: Repository; oid: string }): Promise<CommitDetails> {
  const { store } = options.repo;
  const oid = await resolveRevision(options.repo, options.oid);
  const commit = await readCommit(store, oid);
  const parentTree = commit.parents.length ? ((await readCommit(store, commit.parents[0]!).catch(() => null))?.tree ?? null) : null;
  const files: FileChange[] = (await diffTrees(store, parentTree, commit.tree)).map(({ path, status }) => ({ path, status }));
  return { oid, parents: commit.parents, author: commit.author, committer: commit.committer, message: commit.message, files };
}
