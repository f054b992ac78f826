import { useEffect, useRef } from 'react';

/** One line of a commit's context menu. */
export interface CommitMenuItem {
  readonly label: string;
  /** Shown after the label, e.g. the key that does the same. */
  readonly hint?: string;
  run(): void;
}

/**
 * A commit row's context menu (right-click, the context-menu key, Shift+F10): arrows move, Enter runs, Esc or a
 * click elsewhere closes. It keeps its keys from the timeline's (data-own-keys).
 */
export function CommitMenu(p: { x: number; y: number; title: string; items: readonly CommitMenuItem[]; onClose: () => void }) {
  const menu = useRef<HTMLDivElement>(null);
  const close = useRef(p.onClose);
  close.current = p.onClose;
  // once, when it opens: a re-render of the screen behind it must not move the focus back to the first item
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (ev: PointerEvent) => {
      if (!(ev.target instanceof Node && menu.current?.contains(ev.target))) close.current();
    };
    window.addEventListener('pointerdown', away, true);
    return () => window.removeEventListener('pointerdown', away, true);
  }, []);
  // kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards
  const left = Math.max(0, Math.min(p.x, window.innerWidth - 260));
  const top = Math.max(0, Math.min(p.y, window.innerHeight - 34 - 28 * p.items.length));
  const onKey = (ev: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const by = ev.key === 'ArrowDown' ? 1 : -1;
      items[(at + by + items.length) % items.length]?.focus();
    } else if (ev.key === 'Home') items[0]?.focus();
    else if (ev.key === 'End') items[items.length - 1]?.focus();
    else if (ev.key === 'Escape' || ev.key === 'Tab') p.onClose();
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  };
  return (
    <div
      ref={menu}
      className="commit-menu"
      role="menu"
      aria-label={`Commit ${p.title}`}
      data-own-keys
      style={{ left, top }}
      onKeyDown={onKey}
      onContextMenu={(e) => e.preventDefault()}
    >
      {p.items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={() => {
            p.onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.hint && <kbd>{item.hint}</kbd>}
        </button>
      ))}
    </div>
  );
}
