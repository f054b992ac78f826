import type { MenuItemConstructorOptions } from 'electron';
import { recentLabel, recentTarget, type MenuAction, type RecentTarget } from '../../shared/menu';

// Plain code over plain data: electron is imported for its types only, so the template and its rebuilds run in a
// unit test. index.ts hands the template to Menu.buildFromTemplate.

export interface MenuContext {
  readonly version: string;
  /** A packaged app has no developer tools item. */
  readonly isPackaged: boolean;
  send(action: MenuAction): void;
  about(): void;
}

export function menuTemplate(recent: readonly RecentTarget[], ctx: MenuContext): MenuItemConstructorOptions[] {
  const { send } = ctx;
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? // each item sends what it names: the list on disk may have changed since this menu was built
      recent.map((r) => {
        const item: RecentTarget = recentTarget(r);
        return { label: recentLabel(item), click: () => send({ kind: 'open-recent', item }) };
      })
    : [{ label: 'Nothing yet', enabled: false }];
  return [
    {
      label: 'File',
      submenu: [
        { label: 'Open Local Repository…', accelerator: 'CmdOrCtrl+O', click: () => send({ kind: 'open-local' }) },
        { label: 'Clone…', accelerator: 'CmdOrCtrl+Shift+O', click: () => send({ kind: 'clone' }) },
        { label: 'Open Sample', click: () => send({ kind: 'open-sample' }) },
        { label: 'Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => send({ kind: 'export-report' }) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Repository',
      submenu: [{ label: 'Mailing-list Archives…', click: () => send({ kind: 'archives' }) }],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Inline / Side by Side', accelerator: 'CmdOrCtrl+Shift+I', click: () => send({ kind: 'toggle-inline' }) },
        { label: 'Toggle Ignore Whitespace', accelerator: 'CmdOrCtrl+Shift+W', click: () => send({ kind: 'toggle-whitespace' }) },
        { type: 'separator' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(ctx.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Keyboard Shortcuts', click: () => send({ kind: 'help-keys' }) },
        { label: `About Strata ${ctx.version}`, click: () => ctx.about() },
      ],
    },
  ];
}

/**
 * Keeps the application menu's Recent submenu equal to the recent list on disk: `refresh()` re-reads the list and
 * installs a new menu only when it differs from the one shown. Called at start-up, after every finished request
 * (opening a file moves it to the top of the list) and when the window gets focus (the CLI may have opened one).
 */
export class ApplicationMenu {
  private shown: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      listRecent(): Promise<readonly RecentTarget[]>;
      install(template: MenuItemConstructorOptions[]): void;
      context: MenuContext;
    },
  ) {}

  /** Resolves true when a new menu was installed. Refreshes run one after the other, so the last list read wins. */
  refresh(): Promise<boolean> {
    const next = this.queue.then(async () => {
      const recent = (await this.deps.listRecent()).map(recentTarget);
      const key = JSON.stringify(recent);
      if (key === this.shown) return false;
      this.deps.install(menuTemplate(recent, this.deps.context));
      this.shown = key;
      return true;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
