/**
 * A commit message rewrapped for a narrow pane: git messages are wrapped by hand at about 72 columns, and a
 * pane 30 columns wide wrapping those lines again leaves a ragged column of half-empty lines. Lines broken only
 * because the next word did not fit are joined; everything whose line breaks mean something stays as written:
 * indented lines (code, logs, quoted output), list items (each starts a line; its wrapped continuation joins
 * it), trailers, quotes, and lines too short to have been wrapped.
 */

/** The column a message is filled to, found from its lines, is kept within these bounds. */
const MIN_FILL = 50;
const MAX_FILL = 80;

/** `Key: value` as git's interpret-trailers reads it (Signed-off-by:, Fixes:, Link:, Cc:), and the "commit X upstream." line. */
const TRAILER = /^(?:[A-Za-z][\w-]*:\s|commit [0-9a-f]{7,40} upstream\.?$)/;
/** Lines that carry their own layout whatever their length: quoted text, a log line's timestamp, a table, a diff. */
const AS_WRITTEN = /^(?:>|\||\[\s*\d|\$ |# |diff --git |[+-]{3} |@@ )/;

/** Columns lined up with runs of spaces (`Baseline commit:   1234…`), not the two spaces after a sentence. */
const TABULAR = /\S {3,}\S|[^\s.!?] {2}\S/;
/** How far short of the fill column a line may end and still count as wrapped (people break a word early). */
const SLACK = 3;
/** How far past it a wrapped line may run (a word longer than the rest, a URL): a longer line was never wrapped. */
const OVERRUN = 8;
/** A list item, perhaps indented: what comes before its text. */
const ITEM_HEAD = /^ {0,8}(?:[-*+•]|\d{1,3}[.)]|\(\w{1,3}\)|\[\w{1,3}\]) +(?=\S)/;

type Line =
  | { kind: 'blank' | 'fixed' | 'prose' }
  /** A list item, its text starting at column `text`. */
  | { kind: 'item'; text: number }
  /** A line indented by `indent` spaces: an item's continuation where that is where the item's text starts. */
  | { kind: 'indented'; indent: number };

function classify(line: string): Line {
  if (line.trim() === '') return { kind: 'blank' };
  if (line.includes('\t') || TRAILER.test(line) || AS_WRITTEN.test(line) || TABULAR.test(line.trim())) return { kind: 'fixed' };
  const item = ITEM_HEAD.exec(line);
  if (item) return { kind: 'item', text: item[0].length };
  const indent = /^ */.exec(line)![0].length;
  return indent > 0 ? { kind: 'indented', indent } : { kind: 'prose' };
}

/**
 * The column the message was filled to: most of its wrapped lines end near it, so the upper quartile of the
 * prose lines' lengths (a last line of a paragraph is short, a URL may run long: neither moves it much).
 */
function fillColumn(lines: readonly string[], kinds: readonly Line[]): number {
  const lengths = lines
    .map((l, i) => (kinds[i]!.kind === 'fixed' || kinds[i]!.kind === 'blank' ? 0 : l.trimEnd().length))
    .filter((n) => n >= MIN_FILL / 2)
    .sort((a, b) => a - b);
  const upper = lengths.length > 0 ? lengths[Math.floor(lengths.length * 0.75)]! : MAX_FILL;
  return Math.min(MAX_FILL, Math.max(MIN_FILL, upper));
}

/** Whether a line of `length` was broken because the next word (`next` long) would have run past the fill column (and not because it is as long as it is). */
function wrappedBefore(length: number, next: number, fill: number): boolean {
  return length + 1 + next > fill - SLACK && length <= fill + OVERRUN;
}

export function reflowMessage(message: string): string {
  const lines = message.split('\n');
  const kinds = lines.map(classify);
  const fill = fillColumn(lines, kinds);
  const out: string[] = [];
  /** Where the text of the list item being read starts (null: not in a list item). */
  let itemText: number | null = null;
  /** Whether the last line written may be continued by the next. */
  let open = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = kinds[i]!;
    const continues =
      open &&
      (kind.kind === 'prose' || (kind.kind === 'indented' && itemText !== null && kind.indent === itemText)) &&
      wrappedBefore(lines[i - 1]!.trimEnd().length, line.trimStart().split(' ', 1)[0]!.length, fill);
    if (continues) {
      out[out.length - 1] = `${out[out.length - 1]!.trimEnd()} ${line.trimStart()}`;
      continue;
    }
    out.push(line);
    if (kind.kind === 'item') itemText = kind.text;
    else if (kind.kind !== 'indented' || itemText === null || kind.indent !== itemText) itemText = null;
    open = kind.kind === 'prose' || kind.kind === 'item' || (kind.kind === 'indented' && itemText !== null);
  }
  return out.join('\n');
}
