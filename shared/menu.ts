/**
 * What the application menu asks the renderer to do. The desktop's main process builds the menu and sends these
 * over IPC (`strata:menu`); the renderer runs them. A Recent item carries the item itself, not its place in a list
 * that may have changed since the menu was built.
 */
export interface RecentTarget {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
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
    const { dir, path, follow } = item as { dir?: unknown; path?: unknown; follow?: unknown };
    if (typeof dir !== 'string' || typeof path !== 'string' || typeof follow !== 'boolean') return null;
    return { kind, item: { dir, path, follow } };
  }
  return SIMPLE_KINDS.has(kind as MenuActionKind) ? ({ kind } as MenuAction) : null;
}

/** How a Recent item is labelled, in the menu and wherever the UI lists recents. */
export function recentLabel(r: RecentTarget): string {
  return `${r.path} — ${r.dir}${r.follow ? ' (following renames)' : ''}`;
}
