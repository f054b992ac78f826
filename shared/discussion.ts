// The discussion lens's shapes: what `strata discussion --json` prints and the renderer receives.
// Message-IDs are given without angle brackets; dates are ISO-8601 in UTC.

export type DiscussionHow = 'link' | 'patch' | 'subject';

export interface DiscussionPerson {
  readonly name: string;
  readonly email: string;
}

export interface DiscussionTag {
  /** Reviewed-by, Acked-by, Tested-by, Reported-by, Suggested-by or Nacked-by (a bare "NAK" counts as one). */
  readonly tag: string;
  /** "Name <email>" as given. */
  readonly who: string;
  /** The message that gave it. */
  readonly messageId: string;
  /** The commit carries the same tag from the same person. */
  readonly inCommit: boolean;
}

export interface DiscussionSeriesVersion {
  readonly version: number;
  /** The root of that version's thread (its cover letter, or the patch when there is none). */
  readonly messageId: string;
  readonly date: string;
}

export interface Discussion {
  /** The message that carried the commit's patch. */
  readonly messageId: string;
  readonly how: DiscussionHow;
  /** 0..1: 1 for a Link naming the patch itself, ≤0.4 for a subject alone. */
  readonly confidence: number;
  readonly subject: string;
  readonly from: DiscussionPerson;
  readonly date: string;
  readonly thread: {
    /** The thread's root; a placeholder id where the archives lack the root message. */
    readonly root: string;
    /** Every message of the thread the archives hold, oldest first. */
    readonly messageIds: readonly string[];
    /** How many messages that is. */
    readonly messages: number;
  };
  /** Null where the message is not a patch. */
  readonly series: null | { readonly version: number; readonly versions: readonly DiscussionSeriesVersion[] };
  /** Messages below the patch in the reply tree. */
  readonly replies: number;
  /** Everyone who wrote in the thread, in order of their first message. */
  readonly participants: readonly (DiscussionPerson & { readonly messages: number })[];
  /** Review tags given in the thread to this patch (or to the whole series on its cover letter). */
  readonly tags: readonly DiscussionTag[];
}

export interface DiscussionEntry {
  readonly oid: string;
  readonly subject: string;
  readonly discussion: Discussion | null;
}

/** An archive attached to a repository. */
export interface ArchiveSummary {
  /** The absolute path of the inbox folder, epoch, v1 inbox or mbox file. */
  readonly source: string;
  readonly kind: 'v2' | 'epoch' | 'v1' | 'mbox';
  /** Messages its index holds. */
  readonly messages: number;
  /** Messages this request added to the index. */
  readonly added: number;
  /**
   * Messages the archive has whose bytes this copy of it lacks (a partial clone, `git clone --filter`, leaves
   * them out): not indexed; each fetch tries them again.
   */
  readonly absent: number;
}

/** One message of a thread, for reading: the body decoded (replacement characters where it did not decode). */
export interface ThreadMessage {
  readonly messageId: string;
  /** The id it replies to (possibly a message the archives lack); null for the root. */
  readonly parent: string | null;
  readonly subject: string;
  readonly from: DiscussionPerson;
  readonly date: string;
  readonly text: string;
  /** The text was taken from an HTML part. */
  readonly html: boolean;
  /** Review tags it gives. */
  readonly tags: readonly { readonly tag: string; readonly who: string }[];
}

export interface DiscussionThread {
  readonly root: string;
  /** Oldest first. */
  readonly messages: readonly ThreadMessage[];
}
