import type { TimelineTab } from './timelineTab';

// Every `<folder>/<Name>Tab.tsx` of the renderer, bundled at build time (Vite's import.meta.glob), in `order`.
const modules = import.meta.glob<{ tab: TimelineTab }>('../*/*Tab.tsx', { eager: true });

export const TIMELINE_TABS: readonly TimelineTab[] = collectTabs(modules);

function collectTabs(found: Record<string, { tab?: TimelineTab }>): TimelineTab[] {
  const tabs: TimelineTab[] = [];
  for (const [file, m] of Object.entries(found)) {
    if (!m.tab) throw new Error(`${file} exports no \`tab\``);
    if (tabs.some((t) => t.id === m.tab!.id)) throw new Error(`two tabs have the id "${m.tab.id}" (${file})`);
    tabs.push(m.tab);
  }
  return tabs.sort((a, b) => a.order - b.order);
}
