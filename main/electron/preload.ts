import { contextBridge, ipcRenderer } from 'electron';

// Exactly the message API of shared/api.ts; requests are validated again in the main process.
contextBridge.exposeInMainWorld('strataBridge', {
  send: (request: unknown) => ipcRenderer.send('strata:request', request),
  onMessage: (cb: (m: unknown) => void) => {
    ipcRenderer.on('strata:message', (_e, m: unknown) => cb(m));
  },
  // A MenuAction (shared/menu.ts), passed on as it came: a sandboxed preload can require nothing but electron's own
  // modules, so the renderer reads it with parseMenuAction.
  onMenu: (cb: (action: unknown) => void) => {
    ipcRenderer.on('strata:menu', (_e, action: unknown) => cb(action));
  },
});
