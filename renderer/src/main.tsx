import './zodWithoutEval';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectElectron, connectWebSocket } from './client/messageClient';
import type { OpenRequest } from './app/openRequests';
import { viewFromHash } from '../../shared/viewLocation';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const client = connectElectron() ?? (await connectWebSocket());
    // an address that names a file (a reload, a shared link) opens it, on the web host and the desktop alike
    const named = viewFromHash(window.location.hash);
    let initial: OpenRequest | null = named
      ? {
          dir: named.dir,
          path: named.path,
          follow: named.follow,
          ...(named.rev ? { rev: named.rev } : {}),
          ...(named.firstParent ? { firstParent: true } : {}),
        }
      : null;
    if (!initial && client.kind === 'web') {
      const r = await fetch('initial.json', { credentials: 'same-origin' });
      const data = r.ok ? ((await r.json()) as { dir: string; path: string } | null) : null;
      if (data) initial = { dir: data.dir, path: data.path, follow: false };
    }
    root.render(<App client={client} initial={initial} />);
    // the app keeps the address with replaceState, which fires no hashchange: one is an address typed or pasted
    // over this one, or the browser's back to an address before it, and it opens what it names as a load does —
    // the address the event names (the view may have written its own since, before the event came)
    window.addEventListener('hashchange', (e) => {
      if (window.location.href !== e.newURL) window.history.replaceState(null, '', e.newURL);
      window.location.reload();
    });
  } catch (e) {
    root.render(
      <div className="error-banner" role="alert">
        {e instanceof Error ? e.message : String(e)}
      </div>,
    );
  }
}

void boot();
