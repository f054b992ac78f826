import { useEffect, useEffectEvent } from 'react';
import { parseMenuAction, type MenuAction, type MenuActionKind } from '../../../shared/menu';

/** One handler per menu action: the compiler says when an action is added and not handled. */
export type MenuHandlers = { readonly [K in MenuActionKind]: (action: Extract<MenuAction, { kind: K }>) => void };

declare global {
  interface Window {
    /** The application menu's actions (Electron's preload; the web host has no application menu). */
    strataMenu?: { onAction(cb: (action: unknown) => void): () => void };
  }
}

/** Runs the application menu's actions while the app is shown. */
export function useMenuActions(handlers: MenuHandlers): void {
  const run = useEffectEvent((raw: unknown) => {
    const action = parseMenuAction(raw);
    if (action) (handlers[action.kind] as (a: MenuAction) => void)(action);
  });
  useEffect(() => window.strataMenu?.onAction((raw) => run(raw)), []);
}
