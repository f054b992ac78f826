import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { isAllowedExternalLink } from '../../shared/api';
import { ApiDispatcher } from '../api/apiDispatcher';
import { encodeMessage } from '../api/wireJson';
import { listRecent } from '../services/recentRepositories';
import { recentTarget } from '../../shared/menu';
import { strataHome } from '../index/strataHome';
import { contentSecurityPolicy } from '../webhost/contentSecurityPolicy';
import { ApplicationMenu } from './menu';
import { pdfCancelled } from '../reports/printReportPdf';
import { loadWindowState, saveWindowState } from './windowState';

// The only module that imports electron: a thin shell around the same services the web host serves.
const APP_ORIGIN = 'app://strata';
const rendererDir = path.join(__dirname, '..', '..', 'renderer');
const home = strataHome();

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

/**
 * The session report printers load in: apart from the app's (which loads nothing but app: addresses), it loads
 * the report's own file and nothing else (the report's policy asks for nothing more either).
 */
let printing: Electron.Session | null = null;
function printSession(): Electron.Session {
  if (printing) return printing;
  printing = session.fromPartition('strata-print');
  const allowed = pathToFileURL(path.join(os.tmpdir(), 'strata-pdf-')).href;
  printing.webRequest.onBeforeRequest((details, cb) =>
    cb({ cancel: !(details.url.startsWith(allowed) && details.url.endsWith('/report.html')) }),
  );
  printing.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  return printing;
}

/** The dispatcher's name for a window's page: its job ids are its own. */
const windowClient = (webContentsId: number) => `window-${webContentsId}`;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const dispatcher = new ApiDispatcher(home, {
    openExternal: async (url) => {
      if (!isAllowedExternalLink(url)) return false;
      await shell.openExternal(url);
      return true;
    },
    printPdf: async (html, o) => {
      // a hidden, sandboxed window with scripts off: the report needs none. From a file: a data: address holds
      // at most 2 MB, and a report's part is about that
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pdf-'));
      const printer = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, session: printSession() },
      });
      const stop = () => printer.destroy();
      o.signal?.addEventListener('abort', stop, { once: true });
      try {
        fs.writeFileSync(path.join(dir, 'report.html'), html);
        await printer.loadFile(path.join(dir, 'report.html'));
        return await printer.webContents.printToPDF({ printBackground: true, generateTaggedPDF: o.tagged });
      } catch (e) {
        if (o.signal?.aborted) throw pdfCancelled();
        throw e;
      } finally {
        o.signal?.removeEventListener('abort', stop);
        if (!printer.isDestroyed()) printer.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    pickDirectory: async (title) => {
      const r = await dialog.showOpenDialog(win!, {
        title: title ?? 'Open a local repository',
        properties: ['openDirectory', 'showHiddenFiles'],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  });

  const menu = new ApplicationMenu({
    listRecent: () => listRecent(home),
    install: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
    context: {
      version: app.getVersion(),
      isPackaged: app.isPackaged,
      send: (action) => win?.webContents.send('strata:menu', action),
      about: () =>
        void dialog.showMessageBox({ message: 'Strata', detail: 'How did this file become what it is — and who argued about it?' }),
    },
  });

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(async () => {
    protocol.handle('app', async (request) => {
      const url = new URL(request.url);
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = path.resolve(rendererDir, `.${rel}`);
      if (url.host !== 'strata' || !file.startsWith(rendererDir + path.sep) || !fs.existsSync(file))
        return new Response('Not found', { status: 404 });
      const res = await net.fetch(`file://${file}`);
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy());
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(res.body, { status: res.status, headers });
    });
    // Nothing remote is ever loaded: every request outside the app's own scheme is refused.
    session.defaultSession.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !/^(app|devtools|data|blob):/.test(details.url) }));
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));

    ipcMain.on('strata:request', (event, request: unknown) => {
      if (!event.senderFrame || !event.senderFrame.url.startsWith(`${APP_ORIGIN}/`)) return; // only our own page may call
      void dispatcher.handle(
        request,
        (m) => {
          if (!event.sender.isDestroyed()) event.sender.send('strata:message', encodeMessage(m));
          if ('ok' in m) void menu.refresh(); // a finished open may have changed the recent list
        },
        windowClient(event.sender.id),
      );
    });

    // the page reopens the last file (App.tsx): its history is read while the window loads
    void listRecent(home).then(
      ([last]) => last && dispatcher.prefetch('indexFile', recentTarget(last)),
      () => undefined,
    );
    const state = loadWindowState(home);
    win = new BrowserWindow({
      ...state.bounds,
      minWidth: 900,
      minHeight: 600,
      title: 'Strata',
      show: false,
      webPreferences: {
        preload: path.join(__dirname, 'preload.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win?.show());
    // a reloaded or crashed page waits for nothing: the jobs only it asked for are cancelled (as a closed web connection's)
    const client = windowClient(win.webContents.id);
    win.webContents.on('did-navigate', () => dispatcher.disconnect(client));
    win.webContents.on('render-process-gone', () => dispatcher.disconnect(client));
    win.on('close', () => saveWindowState(home, win!));
    win.webContents.on('will-navigate', (e, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
    });
    win.webContents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    win.webContents.on('will-attach-webview', (e) => e.preventDefault());
    win.on('focus', () => void menu.refresh()); // the CLI may have opened something meanwhile
    await menu.refresh();
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  });

  // the jobs are cancelled and their workers end (within seconds) before the app does: none is cut off mid-write
  app.on('window-all-closed', () => void dispatcher.close().finally(() => app.quit()));
}
