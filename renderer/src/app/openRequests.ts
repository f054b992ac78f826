import type { Timeline } from '../../../shared/model';

/** What the start screen, the menu and the error banner ask to open. */
export interface OpenRequest {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** A branch, tag or commit; absent: HEAD. */
  readonly rev?: string;
  /** git log --first-parent (not with follow). */
  readonly firstParent?: boolean;
}

export interface CloneRequest {
  readonly url: string;
  /** The file to open once cloned. */
  readonly path: string;
  readonly depth?: number;
  readonly since?: string;
  readonly resumable?: boolean;
}

/**
 * The request for what is on screen with one thing changed: another file (same revision), another revision (null:
 * HEAD), renames followed or the first-parent line — one or the other: turning one on turns the other off.
 */
export function openRequestOf(
  t: Timeline,
  change: { path?: string; rev?: string | null; follow?: boolean; firstParent?: boolean },
): OpenRequest {
  const rev = change.rev === undefined ? t.rev : (change.rev ?? undefined);
  const firstParent = change.firstParent ?? (change.follow ? false : t.firstParent === true);
  const follow = firstParent ? false : (change.follow ?? t.follow);
  return { dir: t.repo.dir, path: change.path ?? t.path, follow, ...(rev ? { rev } : {}), ...(firstParent ? { firstParent } : {}) };
}
