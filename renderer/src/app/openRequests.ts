import type { Timeline } from '../../../shared/model';

/** What the start screen, the menu and the error banner ask to open. */
export interface OpenRequest {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** A branch, tag or commit; absent: HEAD. */
  readonly rev?: string;
}

export interface CloneRequest {
  readonly url: string;
  /** The file to open once cloned. */
  readonly path: string;
  readonly depth?: number;
  readonly since?: string;
  readonly resumable?: boolean;
}

/** The request for what is on screen with one thing changed: another file (same revision) or another revision (null: HEAD). */
export function openRequestOf(t: Timeline, change: { path?: string; rev?: string | null; follow?: boolean }): OpenRequest {
  const rev = change.rev === undefined ? t.rev : (change.rev ?? undefined);
  return { dir: t.repo.dir, path: change.path ?? t.path, follow: change.follow ?? t.follow, ...(rev ? { rev } : {}) };
}
