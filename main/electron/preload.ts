import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Exactly the message API of shared/api.ts; requests are validated again in the main process.
contextBridge.exposeInMainWorld('strataBridge', {
  send: (request: unknown) => ipcRenderer.send('strata:request', request),
  onMessage: (cb: (m: unknown) => void) => {
    ipcRenderer.on('strata:message', (_e, m: unknown) => cb(m));
  },
});

// The application menu's actions: a MenuAction (shared/menu.ts) passed on as it came. A sandboxed preload can
// require nothing but electron's own modules, so the renderer reads it with parseMenuAction.
contextBridge.exposeInMainWorld('strataMenu', {
  onAction: (cb: (action: unknown) => void) => {
    const listener = (_e: IpcRendererEvent, action: unknown) => cb(action);
    ipcRenderer.on('strata:menu', listener);
    return () => void ipcRenderer.removeListener('strata:menu', listener);
  },
});
