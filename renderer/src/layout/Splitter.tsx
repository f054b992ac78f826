import { useRef } from 'react';

/**
 * A bar between two panes that resizes one of them by dragging; a double click collapses that pane.
 * `axis` x: the panes sit side by side (the bar is vertical); y: one above the other.
 * `grows` +1 when dragging right/down makes the pane bigger (the pane is before the bar), -1 when it is after.
 */
export function Splitter(p: {
  label: string;
  axis: 'x' | 'y';
  size: number;
  min: number;
  max: number;
  grows: 1 | -1;
  onSize: (px: number) => void;
  onCollapse: () => void;
}) {
  const drag = useRef<{ start: number; size: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(p.max, Math.max(p.min, v)));
  return (
    <div
      className={`splitter splitter-${p.axis}`}
      role="separator"
      aria-label={p.label}
      aria-orientation={p.axis === 'x' ? 'vertical' : 'horizontal'}
      aria-valuenow={Math.round(p.size)}
      aria-valuemin={p.min}
      aria-valuemax={Math.round(p.max)}
      title={`${p.label}: drag to resize, double-click to hide`}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { start: p.axis === 'x' ? e.clientX : e.clientY, size: p.size };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const at = p.axis === 'x' ? e.clientX : e.clientY;
        p.onSize(clamp(d.size + p.grows * (at - d.start)));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onDoubleClick={p.onCollapse}
    />
  );
}
