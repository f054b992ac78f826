import type { LayoutPart, WorkbenchLayout } from './workbenchLayout';

const BUTTONS: readonly { part: LayoutPart; label: string; title: string }[] = [
  { part: 'list', label: 'List', title: 'Show or hide the commit list' },
  { part: 'charts', label: 'Axis', title: 'Show or hide the time axis and the churn chart' },
  { part: 'details', label: 'Details', title: 'Show or hide the commit details' },
  { part: 'focus', label: 'Focus', title: 'Focus mode: the diff alone (f)' },
];

/** Which panes are shown: a toggle each, and focus mode (the diff alone). */
export function LayoutButtons({ layout }: { layout: WorkbenchLayout }) {
  const { shown } = layout;
  return (
    <span className="layout-buttons" role="group" aria-label="Panes">
      {BUTTONS.map((b) => (
        <button
          type="button"
          key={b.part}
          className="toggle"
          aria-pressed={shown[b.part]}
          title={b.title}
          disabled={shown.focus && b.part !== 'focus'}
          onClick={() => layout.toggle(b.part)}
        >
          {b.label}
        </button>
      ))}
    </span>
  );
}
