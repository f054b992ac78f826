// Plain, immutable shapes that cross every boundary unchanged:
// IPC, the web host, the on-disk index and the JSON report.

import type { DiffAlgorithm } from './diffAlgorithm';

/** Who wrote or committed a commit, as `git log` shows them: by the repository's `.mailmap` where it names them. */
/**
 * A commit's author or message that is not UTF-8 where the commit names no encoding (an old commit's "D\xe1vila"):
 * the bytes as Latin-1 characters, one a byte, which git log and git blame print unconverted. Beside the decoded
 * text, for whoever writes git's bytes (the command line).
 */
export interface RawCommitText {
  readonly author?: { readonly name: string; readonly email: string };
  readonly message?: string;
}

export interface Person {
  readonly name: string;
  readonly email: string;
  /** ISO-8601 with the person's own UTC offset, as `git log --format=%aI` prints it. */
  readonly date: string;
  /** What the commit itself says, where the mailmap gives the person another name or email (`%an <%ae>`). */
  readonly as?: { readonly name: string; readonly email: string };
}

/** A = added, M = modified, D = deleted, R = renamed, C = copied, T = type changed (as git names them). */
export type ChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface TimelineEntry {
  readonly oid: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  readonly subject: string;
  readonly body: string;
  readonly status: ChangeStatus;
  /** The file's path at this commit. */
  readonly path: string;
  /** The path before a rename or copy (only with status R or C). */
  readonly oldPath?: string;
  /** Blob id of the file at this commit; null where the commit deleted it. */
  readonly blob: string | null;
  /** The path is a directory here (a timeline of a directory: what changed under it); its counts are null. */
  readonly directory?: boolean;
  /** Lines added and deleted in this file, as `git log --numstat`; null for a binary file (or an absent version). */
  readonly additions: number | null;
  readonly deletions: number | null;
  /** A version of the pair is not in this copy of the repository (a partial clone): the counts are not known. */
  readonly absent?: true;
}

export interface RepositoryInfo {
  /** Stable key of the repository on this machine (derived from its git directory). */
  readonly id: string;
  /** The folder the user opened (working copy or bare repository). */
  readonly dir: string;
  readonly gitdir: string;
  readonly head: string | null;
  readonly branch: string | null;
  readonly shallow: boolean;
  readonly origin: string | null;
}

export interface TimelineStats {
  /** Commit objects read from the object store during this indexing run. */
  readonly commitsRead: number;
  /** Commits visited by the walk (read or taken from the on-disk cache). */
  readonly commitsVisited: number;
  readonly millis: number;
  /** How the index was obtained. */
  readonly source: 'disk' | 'incremental' | 'full';
  /** Why the index could not be saved (a full disk, a read-only STRATA_HOME): the timeline is complete, but not kept. */
  readonly unsaved?: string;
  /** What was found damaged in the index and rebuilt (the timeline was computed from the repository). */
  readonly repaired?: string;
  /** Versions of the file the repository lacks (a partial clone): their counts are null, and what to do. */
  readonly absent?: string;
  /** With `absent`, in a partial clone: the promisor remote those versions can be fetched from (fetchMissingVersions). */
  readonly absentOn?: string;
  /** Why no commit is listed for a file that is there (git log --follow of a file only merges brought and changed). */
  readonly empty?: string;
  /**
   * Without --follow, where the list ends because the file came from another path: the file its first version was
   * renamed from, as blame follows it (`git log --follow` goes on there).
   */
  readonly renamedFrom?: string;
  /**
   * With --follow, where a search for the file's source went on without content this copy lacks (a partial or damaged
   * clone; git stops there): which commits, what was lacking, and how to bring it.
   */
  readonly renameGaps?: string;
}

export interface Timeline {
  readonly repo: RepositoryInfo;
  readonly path: string;
  readonly follow: boolean;
  /** git log --first-parent: the first-parent line only, each merge compared with its first parent. */
  readonly firstParent?: true;
  /** The commit the index was built from. */
  readonly head: string | null;
  /** The branch, tag or commit the timeline was asked at; absent: HEAD. */
  readonly rev?: string;
  readonly entries: readonly TimelineEntry[];
  readonly tags: readonly TagRef[];
  readonly stats: TimelineStats;
}

/**
 * What a first index shows before it is done (indexFile's partial answers): the list as soon as the history
 * walk has found it, with the oids whose +/- counts are still being computed, then those counts in batches,
 * newest first. The answer itself is the whole timeline.
 */
export type TimelinePartial =
  /**
   * A long walk's commits found so far, newest first, before the walk is done (git log prints them as it goes):
   * `timeline.entries` are the list's entries from index `from` on (the first such partial has from = 0, each
   * next one goes on where the last ended); none has its +/- counts yet. `visited` of `total` commits walked.
   */
  | { readonly kind: 'walking'; readonly timeline: Timeline; readonly from: number; readonly visited: number; readonly total: number }
  /**
   * `bodiesFollow`: the entries' bodies are empty and the next partial ('bodies') brings them. A long history's
   * messages are most of its list (vim's 19,614: 9.5 MB of 15.5), and a page takes about a second per 15 MB to
   * receive a message: the list is drawn before they are.
   */
  | { readonly kind: 'entries'; readonly timeline: Timeline; readonly counting: readonly string[]; readonly bodiesFollow?: true }
  /** The bodies of the entries an 'entries' partial sent without them, by commit id (entries whose body is empty are left out). */
  | { readonly kind: 'bodies'; readonly bodies: readonly (readonly [oid: string, body: string])[] }
  | {
      readonly kind: 'counts';
      /** `absent`: a version is not in the repository (TimelineEntry.absent), the counts are not known. */
      readonly counts: readonly (readonly [oid: string, additions: number | null, deletions: number | null, absent?: true])[];
    };

/** The repository's refs for the ref picker: branches (local, then remote-tracking), tags newest version first. */
export interface RefList {
  readonly head: string | null;
  /** The branch HEAD names; null when detached. */
  readonly current: string | null;
  readonly branches: readonly { readonly name: string; readonly commit: string; readonly remote: boolean }[];
  readonly tags: readonly TagRef[];
}

/** Where the commits of a timeline were backported: per upstream commit, the stable branches and their commits. */
export interface Backports {
  /** The stable branches looked at (e.g. linux-5.4.y, origin/linux-6.1.y). */
  readonly branches: readonly string[];
  readonly backported: Readonly<Record<string, readonly { readonly branch: string; readonly oid: string }[]>>;
}

export interface TagRef {
  readonly name: string;
  /** The commit the tag points at (peeled). */
  readonly commit: string;
}

export interface FileVersion {
  readonly oid: string | null;
  readonly path: string;
  readonly text: string;
  readonly binary: boolean;
  readonly size: number;
  /** True when the text was cut because the file is larger than the viewer's limit. */
  readonly truncated: boolean;
  /** The path names a directory there (text empty). */
  readonly directory?: boolean;
  /** The blob's exact bytes, when asked for whole (text is then empty). */
  readonly base64?: string;
  /** The encoding `text` was decoded in (shared/textEncodings.ts), where there is text. */
  readonly encoding?: string;
  /** The tree entry's mode, six octal digits as git writes it (100644, 100755, 120000), where the file exists. */
  readonly mode?: string;
}

export interface FileChange {
  readonly path: string;
  readonly status: ChangeStatus;
  readonly oldPath?: string;
}

export interface CommitDetails {
  readonly oid: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  readonly message: string;
  /** Files this commit changed against its first parent. */
  readonly files: readonly FileChange[];
}

export interface VersionDiff {
  readonly from: FileVersion;
  readonly to: FileVersion;
  /** A unified diff of the two versions (git's format, 3 lines of context), from its `---` line. */
  readonly unified: string;
  /**
   * The lines git writes before it (`diff --git`, the mode lines, `index` with ids abbreviated as git's; for a
   * combined diff `diff --cc`, `index`, `---` and `+++`); '' where git shows nothing. Across a rename (`fromPath`)
   * git's similarity and rename lines are not written. A file that became a symbolic link (or the other way) is,
   * as git writes it, its deletion then its creation: the deletion's lines here, the creation's in `unified`.
   */
  readonly header: string;
  readonly additions: number | null;
  readonly deletions: number | null;
  /**
   * The hunks (after the `+++` line; all of `unified` for a combined diff) are not UTF-8: each of their characters
   * is one byte of the file (ISO-8859-1), so writing them as Latin-1 gives git's bytes.
   */
  readonly latin1?: true;
  /** The algorithm the hunks come from: the one asked for, else the repository's diff.algorithm. */
  readonly algorithm?: DiffAlgorithm;
}

export interface Progress {
  readonly phase: string;
  readonly loaded: number;
  /** 0 or absent when the total is not known. */
  readonly total?: number;
  readonly bytes?: number;
  readonly message?: string;
}

export interface RecentItem {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** The branch, tag, commit or range A..B it was open at; absent: HEAD. */
  readonly rev?: string;
  /** Open as git log --first-parent lists it. */
  readonly firstParent?: true;
  readonly openedAt: string;
}

/** The recent list as the start screen shows it. */
export interface RecentList {
  readonly items: readonly RecentItem[];
  /** The list was found damaged and starts afresh: where it was, and the copy of it that was kept. */
  readonly reset?: { readonly file: string; readonly backup: string };
}
