import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectElectron, connectWebSocket } from './client/messageClient';
import type { OpenRequest } from './app/openRequests';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const client = connectElectron() ?? (await connectWebSocket());
    let initial: OpenRequest | null = null;
    if (client.kind === 'web') {
      const r = await fetch('initial.json', { credentials: 'same-origin' });
      const data = r.ok ? ((await r.json()) as { dir: string; path: string } | null) : null;
      if (data) initial = { dir: data.dir, path: data.path, follow: false };
    }
    root.render(<App client={client} initial={initial} />);
  } catch (e) {
    root.render(
      <div className="error-banner" role="alert">
        {e instanceof Error ? e.message : String(e)}
      </div>,
    );
  }
}

void boot();
