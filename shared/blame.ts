import type { Person } from './model';

/** One line of the file at the blamed revision (numbers 1-based), as `git blame --porcelain` tells it. */
export interface BlameLine {
  readonly line: number;
  /** The commit that last changed the line. */
  readonly oid: string;
  /** The line's number and the file's path in that commit. */
  readonly origLine: number;
  readonly origPath: string;
  /**
   * Where to blame before the commit (git blame's `previous`): the parent the commit's file came from,
   * the file's path there, and the line there this line corresponds to (the line it replaced, or where
   * it was inserted). Absent where the commit has no parent with the file (a root commit, a file added).
   */
  readonly previous?: BlamePrevious;
  /** Blamed over a range `A..B`, the line's history left it at a commit A reaches, where blame stops: git's boundary (^). */
  readonly boundary?: true;
  /** An ignored revision changed the line and blame passed it on to the line git guessed in its parent (`blame.markIgnoredLines`: ?). */
  readonly ignored?: true;
  /** An ignored revision changed the line and no line of its parent was like it: it stays with that revision (`blame.markUnblamableLines`: *). */
  readonly unblamable?: true;
}

export interface BlamePrevious {
  readonly oid: string;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
}

/** What the gutter shows of each commit lines are blamed on. */
export interface BlameCommit {
  readonly author: Person;
  /** The author's name and email where they are not UTF-8 (and the mailmap names no other), as git blame prints them. */
  readonly rawAuthor?: { readonly name: string; readonly email: string };
  readonly summary: string;
  /** Where blame stops: a root commit, or a shallow clone's boundary (git blame marks its lines with ^), unless blame.showRoot. */
  readonly boundary: boolean;
  /** What `git blame --porcelain` says of the commit (asked for with the request's `porcelain`). */
  readonly porcelain?: BlamePorcelain;
}

/**
 * A commit as `git blame --porcelain` prints it: author and committer after the mailmap, times and zones as the
 * commit writes them, the summary (its first line that is not blank). `latin1`: the commit names no encoding and
 * is not UTF-8, and each character is one of its bytes (git prints them as they are).
 */
export interface BlamePorcelain {
  readonly author: BlameIdent;
  readonly committer: BlameIdent;
  readonly summary: string;
  readonly latin1?: true;
}

/** A signature as git's porcelain prints it: `(unknown)` for what it cannot read, as git's. */
export interface BlameIdent {
  readonly name: string;
  /** With its angle brackets (`<a@example.org>`), or `(unknown)`. */
  readonly mail: string;
  /** Seconds since the epoch, as git prints them (a string: a commit may write more digits than a number holds). */
  readonly time: string;
  readonly tz: string;
}

/** How `git blame`'s default layout is configured (the blame.* settings git reads). */
export interface BlameLayout {
  /** blame.showEmail: `<email>` where the author's name goes. */
  readonly showEmail: boolean;
  /** blame.blankBoundary: a boundary commit's id left blank. */
  readonly blankBoundary: boolean;
  /** blame.date: `iso` (git's default for blame), `short`, `iso-strict`, `raw`, `unix`, or another of git's formats. */
  readonly date: string;
}

export interface BlameResult {
  /** The commit blamed at (the revision resolved). */
  readonly oid: string;
  readonly path: string;
  readonly lines: readonly BlameLine[];
  readonly commits: Readonly<Record<string, BlameCommit>>;
  /** The commits whose changes were passed over (`--ignore-rev`, the files', the config's). */
  readonly ignoredRevs: readonly string[];
  /** Whether the work tree has `.git-blame-ignore-revs` (the Blame tab offers to honour it). */
  readonly ignoreRevsFileFound: boolean;
  /** The repository's `blame.markIgnoredLines` and `blame.markUnblamableLines`: git blame's ? and * before such lines. */
  readonly marks: { readonly ignored: boolean; readonly unblamable: boolean };
  /** How many characters `git blame` gives each line's id (its `^` included): see main/blame/blameAbbrev. */
  readonly abbrev: number;
  readonly layout: BlameLayout;
}

/** git's default score for `blame -M` (BLAME_DEFAULT_MOVE_SCORE): a moved block must hold more than 20 letters and digits. */
export const DEFAULT_MOVE_SCORE = 20;

/** git's default score for `blame -C` (BLAME_DEFAULT_COPY_SCORE). */
export const DEFAULT_COPY_SCORE = 40;
