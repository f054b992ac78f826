/** The timeline screen's keyboard: one table for what each key does and for the help that lists them. */
export type KeyCommand =
  | { readonly kind: 'move'; readonly by: number }
  | { readonly kind: 'open-diff' }
  | { readonly kind: 'search' }
  | { readonly kind: 'pick'; readonly which: 'a' | 'b' }
  | { readonly kind: 'change'; readonly direction: 'next' | 'previous' }
  | { readonly kind: 'mark'; readonly direction: 'next' | 'previous' }
  | { readonly kind: 'clear-picks' }
  | { readonly kind: 'layout'; readonly part: 'focus' | 'fullFile' }
  | { readonly kind: 'menu' }
  | { readonly kind: 'help' };

const PAGE = 15;

/** One line of the help: the keys (KeyboardEvent.key values, each with its command) and what they do. */
export interface KeyBinding {
  readonly keys: readonly (readonly [key: string, command: KeyCommand])[];
  /** The keys as the help shows them. */
  readonly shown: string;
  readonly what: string;
}

/** Every key of the timeline screen: the handler reads TIMELINE_KEYS and the help lists KEY_TABLE, both from here. */
export const KEY_TABLE: readonly KeyBinding[] = [
  {
    shown: 'j / k or ↓ / ↑',
    what: 'next / previous commit',
    keys: [
      ['j', { kind: 'move', by: 1 }],
      ['ArrowDown', { kind: 'move', by: 1 }],
      ['k', { kind: 'move', by: -1 }],
      ['ArrowUp', { kind: 'move', by: -1 }],
    ],
  },
  {
    shown: 'PageDown / PageUp, Home / End',
    what: 'move by a page, to either end',
    keys: [
      ['PageDown', { kind: 'move', by: PAGE }],
      ['PageUp', { kind: 'move', by: -PAGE }],
      ['Home', { kind: 'move', by: -Infinity }],
      ['End', { kind: 'move', by: Infinity }],
    ],
  },
  { shown: 'Enter', what: 'open the diff', keys: [['Enter', { kind: 'open-diff' }]] },
  { shown: '/', what: 'search', keys: [['/', { kind: 'search' }]] },
  {
    shown: '[ and ]',
    what: 'pick A and B',
    keys: [
      ['[', { kind: 'pick', which: 'a' }],
      [']', { kind: 'pick', which: 'b' }],
    ],
  },
  {
    shown: 'n / p',
    what: 'next / previous change in the diff',
    keys: [
      ['n', { kind: 'change', direction: 'next' }],
      ['p', { kind: 'change', direction: 'previous' }],
    ],
  },
  {
    shown: 'n / N',
    what: 'while the search marks its matches (Mark): next / previous marked commit',
    keys: [['N', { kind: 'mark', direction: 'previous' }]],
  },
  {
    shown: 'Menu key or Shift+F10',
    what: "the selected commit's menu (pick as A/B, copy, blame, web view)",
    keys: [
      ['ContextMenu', { kind: 'menu' }],
      ['F10', { kind: 'menu' }],
    ],
  },
  { shown: 'Esc', what: 'stop comparing A and B; leave a field or the editor', keys: [['Escape', { kind: 'clear-picks' }]] },
  { shown: 'f', what: 'focus mode: the diff alone', keys: [['f', { kind: 'layout', part: 'focus' }]] },
  { shown: 'v', what: 'full file / diff', keys: [['v', { kind: 'layout', part: 'fullFile' }]] },
  { shown: '?', what: 'this list of keys', keys: [['?', { kind: 'help' }]] },
];

/** Keys that need Shift held to mean their command (F10 alone belongs to the system's menu bar). */
export const SHIFTED_KEYS: ReadonlySet<string> = new Set(['F10']);

export const TIMELINE_KEYS: Readonly<Record<string, KeyCommand>> = Object.fromEntries(KEY_TABLE.flatMap((b) => b.keys));

export function keyHelpText(): string {
  return KEY_TABLE.map((b) => `${b.shown}  ${b.what}`).join('\n');
}
