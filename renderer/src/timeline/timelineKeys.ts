/** The timeline screen's keyboard: one table for what each key does and for the help that lists them. */
export type KeyCommand =
  | { readonly kind: 'move'; readonly by: number }
  | { readonly kind: 'open-diff' }
  | { readonly kind: 'search' }
  | { readonly kind: 'pick'; readonly which: 'a' | 'b' }
  | { readonly kind: 'change'; readonly direction: 'next' | 'previous' }
  | { readonly kind: 'clear-picks' }
  | { readonly kind: 'layout'; readonly part: 'focus' | 'fullFile' };

const PAGE = 15;

export const TIMELINE_KEYS: Readonly<Record<string, KeyCommand>> = {
  j: { kind: 'move', by: 1 },
  ArrowDown: { kind: 'move', by: 1 },
  k: { kind: 'move', by: -1 },
  ArrowUp: { kind: 'move', by: -1 },
  PageDown: { kind: 'move', by: PAGE },
  PageUp: { kind: 'move', by: -PAGE },
  Home: { kind: 'move', by: -Infinity },
  End: { kind: 'move', by: Infinity },
  Enter: { kind: 'open-diff' },
  '/': { kind: 'search' },
  '[': { kind: 'pick', which: 'a' },
  ']': { kind: 'pick', which: 'b' },
  n: { kind: 'change', direction: 'next' },
  p: { kind: 'change', direction: 'previous' },
  Escape: { kind: 'clear-picks' },
  f: { kind: 'layout', part: 'focus' },
  v: { kind: 'layout', part: 'fullFile' },
};

export const KEY_HELP: readonly (readonly [keys: string, what: string])[] = [
  ['j / k or ↓ / ↑', 'move'],
  ['PageDown / PageUp, Home / End', 'move by a page, to either end'],
  ['Enter', 'open the diff'],
  ['/', 'search'],
  ['[ and ]', 'pick A and B'],
  ['n / p', 'next / previous change'],
  ['Esc', 'clear A and B'],
  ['f', 'focus mode: the diff alone'],
  ['v', 'full file / diff'],
];

export function keyHelpText(): string {
  return KEY_HELP.map(([keys, what]) => `${keys}  ${what}`).join('\n');
}
