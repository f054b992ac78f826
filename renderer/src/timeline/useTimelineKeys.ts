import { useEffect, useEffectEvent } from 'react';
import { TIMELINE_KEYS, type KeyCommand } from './timelineKeys';

const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && t.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null;

/** Runs the timeline's key commands while no field (nor the diff editor) has the keyboard; Esc leaves a field. */
export function useTimelineKeys(run: (c: KeyCommand) => void): void {
  const onCommand = useEffectEvent(run);
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (isTyping(ev.target)) {
        if (ev.key === 'Escape') (ev.target as HTMLElement).blur();
        return;
      }
      const command = Object.prototype.hasOwnProperty.call(TIMELINE_KEYS, ev.key) ? TIMELINE_KEYS[ev.key]! : null;
      if (!command) return;
      onCommand(command);
      ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
