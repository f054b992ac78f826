import type { ReactNode } from 'react';
import type { TimelineTab, TimelineTabContext } from './timelineTab';

/**
 * The tab bar and the shown tab's panel; `extra` sits in the bar after the tabs (the picks, the function shown).
 * `held`: no panel is drawn yet (nothing is read for it), this says why instead.
 */
export function TabbedPanel(p: {
  tabs: readonly TimelineTab[];
  active: string;
  ctx: TimelineTabContext;
  extra?: ReactNode;
  held?: string | undefined;
}) {
  return (
    <section className="right">
      <nav className="tabs" role="tablist">
        {p.tabs.map((t) => (
          <button
            type="button"
            role="tab"
            key={t.id}
            id={`tab-${t.id}`}
            aria-controls={`tabpanel-${t.id}`}
            aria-selected={t.id === p.active}
            onClick={() => p.ctx.show(t.id)}
          >
            {t.title(p.ctx)}
          </button>
        ))}
        {p.extra}
      </nav>
      {p.held !== undefined && (
        <div className="empty-state tabs-held" role="status" aria-busy="true">
          {p.held}
        </div>
      )}
      {p.tabs.map(
        (t) =>
          p.held === undefined &&
          (t.keepMounted || t.id === p.active) && (
            <div
              className="tab-body"
              role="tabpanel"
              key={t.id}
              id={`tabpanel-${t.id}`}
              aria-labelledby={`tab-${t.id}`}
              hidden={t.id !== p.active}
            >
              <t.Panel ctx={p.ctx} />
            </div>
          ),
      )}
    </section>
  );
}
