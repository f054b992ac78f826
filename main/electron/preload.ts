import { contextBridge, ipcRenderer } from 'electron';

// Exactly the message API of shared/api.ts; requests are validated again in the main process.
contextBridge.exposeInMainWorld('strataBridge', {
  send: (request: unknown) => ipcRenderer.send('strata:request', request),
  onMessage: (cb: (m: unknown) => void) => {
    ipcRenderer.on('strata:message', (_e, m: unknown) => cb(m));
  },
  onMenu: (cb: (action: string) => void) => {
    ipcRenderer.on('strata:menu', (_e, action: unknown) => {
      if (typeof action === 'string') cb(action);
    });
  },
});
