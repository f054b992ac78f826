import { timelineRevSchema } from './timelineKey';

/**
 * What the application menu asks the renderer to do. The desktop's main process builds the menu and sends these
 * over IPC (`strata:menu`); the renderer runs them. A Recent item carries the item itself, not its place in a list
 * that may have changed since the menu was built.
 */
export interface RecentTarget {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** The branch, tag, commit or range A..B it was open at; absent: HEAD. */
  readonly rev?: string;
  /** Open as git log --first-parent lists it. */
  readonly firstParent?: true;
}

export type MenuAction =
  | { readonly kind: 'open-local' }
  | { readonly kind: 'clone' }
  | { readonly kind: 'open-sample' }
  | { readonly kind: 'open-recent'; readonly item: RecentTarget }
  | { readonly kind: 'export-report' }
  | { readonly kind: 'archives' }
  | { readonly kind: 'toggle-inline' }
  | { readonly kind: 'toggle-whitespace' }
  | { readonly kind: 'help-keys' };

export type MenuActionKind = MenuAction['kind'];

const SIMPLE_KINDS: ReadonlySet<MenuActionKind> = new Set<MenuActionKind>([
  'open-local',
  'clone',
  'open-sample',
  'export-report',
  'archives',
  'toggle-inline',
  'toggle-whitespace',
  'help-keys',
]);

/**
 * Reads a menu action that crossed a process boundary (the preload passes what it gets, unchecked);
 * null when it is not one.
 */
export function parseMenuAction(value: unknown): MenuAction | null {
  if (!value || typeof value !== 'object') return null;
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string') return null;
  if (kind === 'open-recent') {
    const item = (value as { item?: unknown }).item;
    if (!item || typeof item !== 'object') return null;
    const { dir, path, follow, rev, firstParent } = item as {
      dir?: unknown;
      path?: unknown;
      follow?: unknown;
      rev?: unknown;
      firstParent?: unknown;
    };
    if (typeof dir !== 'string' || typeof path !== 'string' || typeof follow !== 'boolean') return null;
    if (rev !== undefined && !timelineRevSchema.safeParse(rev).success) return null;
    if (firstParent !== undefined && firstParent !== true) return null;
    return { kind, item: recentTarget({ dir, path, follow, rev: rev as string | undefined, firstParent }) };
  }
  return SIMPLE_KINDS.has(kind as MenuActionKind) ? ({ kind } as MenuAction) : null;
}

/** How a Recent item is labelled, in the menu and wherever the UI lists recents. */
export function recentLabel(r: RecentTarget): string {
  return `${r.path} — ${r.dir}${recentSuffix(r)}`;
}

/** What a Recent item opens besides its file at HEAD: ` at v5.4`, ` (following renames)`, ` (first parent)`. */
export function recentSuffix(r: RecentTarget): string {
  return `${r.rev ? ` at ${r.rev}` : ''}${r.follow ? ' (following renames)' : ''}${r.firstParent ? ' (first parent)' : ''}`;
}

/** The target of a recent item (what it opens, nothing else: a recent list's entries carry when they were opened too). */
export function recentTarget(r: {
  dir: string;
  path: string;
  follow: boolean;
  rev?: string | undefined;
  firstParent?: boolean | undefined;
}): RecentTarget {
  return {
    dir: r.dir,
    path: r.path,
    follow: r.follow,
    ...(r.rev ? { rev: r.rev } : {}),
    ...(r.firstParent ? { firstParent: true as const } : {}),
  };
}
