import { isUtf8 } from 'node:buffer';
import { DOUBLE_WIDTH, ZERO_WIDTH } from './unicodeWidthTable';

/**
 * The columns a string takes as git counts them to line up its columns (utf8_strwidth): 2 for East Asian wide and
 * full-width characters, none for combining marks, format and control characters, 1 for the rest. git pads blame's
 * author names by this, so "李小龙" takes the room of six letters.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (cp < 0x300) width++;
    else if (inRanges(ZERO_WIDTH, cp)) continue;
    else width += inRanges(DOUBLE_WIDTH, cp) ? 2 : 1;
  }
  return width;
}

/**
 * The columns of a stretch of text as git counts them before a tab in a commit message (pp_utf8_width): as
 * displayWidth, but null where a character has no defined width (a control character): git then leaves the tab be.
 */
export function columnsOf(s: string): number | null {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0) continue;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return null;
    if (cp < 0x300) width++;
    else if (inRanges(ZERO_WIDTH, cp)) continue;
    else width += inRanges(DOUBLE_WIDTH, cp) ? 2 : 1;
  }
  return width;
}

/** columnsOf for bytes: null too where they are not UTF-8 as git reads it (which takes no U+FFFE or U+FFFF either). */
export function columnsOfBytes(bytes: Buffer): number | null {
  if (!isUtf8(bytes)) return null;
  const s = bytes.toString('utf8');
  return /[\uFFFE\uFFFF]/.test(s) ? null : columnsOf(s);
}

function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid * 2]!) hi = mid - 1;
    else if (cp > ranges[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
