import { z } from 'zod';

/**
 * The encodings a file's text can be read in. `auto` is Strata's guess: UTF-8 where the bytes are valid UTF-8,
 * else ISO-8859-1 (every byte a character, so nothing is lost). The others are WHATWG encoding names, which both
 * Node's and Chromium's TextDecoder know; `iso-8859-1` is the real Latin-1 (WHATWG reads that label as windows-1252).
 */
export const TEXT_ENCODINGS = [
  'auto',
  'utf-8',
  'iso-8859-1',
  'windows-1252',
  'iso-8859-15',
  'iso-8859-2',
  'koi8-r',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'gb18030',
  'big5',
  'utf-16le',
  'utf-16be',
] as const;

export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export const textEncodingSchema = z.enum(TEXT_ENCODINGS);

/** How the picker names each encoding. */
export function encodingLabel(e: TextEncoding): string {
  return e === 'auto' ? 'Auto (UTF-8, else Latin-1)' : e.toUpperCase().replace('_', '-');
}
