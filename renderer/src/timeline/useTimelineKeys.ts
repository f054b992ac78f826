import { useEffect, useEffectEvent } from 'react';
import { SHIFTED_KEYS, TIMELINE_KEYS, type KeyCommand } from './timelineKeys';

// Monaco keeps the keys only after the user clicked into it: focus given by Enter (open the diff) leaves j/k/n/p to the timeline.
let clickedIntoEditor = false;
const noteClick = (ev: PointerEvent) => {
  clickedIntoEditor = ev.target instanceof Element && ev.target.closest('.monaco-editor') !== null;
};

const isTyping = (t: EventTarget | null): boolean => {
  if (!(t instanceof HTMLElement)) return false;
  if (t.closest('.monaco-editor')) return clickedIntoEditor;
  // a list with keys of its own (the Blame tab's line cursor) keeps them while focused
  return t.closest('input, textarea, select, [contenteditable="true"], [data-own-keys]') !== null;
};

/** A key in Monaco's context menu: its arrows and Enter are its own (it lives in a shadow root outside the editor). */
const inMonacoMenu = (ev: KeyboardEvent): boolean =>
  ev.composedPath().some((n) => n instanceof Element && n.classList.contains('monaco-menu'));

/** Runs the timeline's key commands while no field (nor the diff editor) has the keyboard; Esc leaves a field. */
export function useTimelineKeys(run: (c: KeyCommand) => void): void {
  const onCommand = useEffectEvent(run);
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (inMonacoMenu(ev)) return;
      if (isTyping(ev.target)) {
        if (ev.key === 'Escape') {
          clickedIntoEditor = false;
          (ev.target as HTMLElement).blur();
        }
        return;
      }
      const command = Object.prototype.hasOwnProperty.call(TIMELINE_KEYS, ev.key) ? TIMELINE_KEYS[ev.key]! : null;
      if (!command || (SHIFTED_KEYS.has(ev.key) && !ev.shiftKey)) return;
      onCommand(command);
      ev.preventDefault();
    };
    clickedIntoEditor = false;
    // capture: Monaco's own handlers would otherwise see (and may stop) the key first
    window.addEventListener('pointerdown', noteClick, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('pointerdown', noteClick, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
}
