import type { TextEncoding } from '../../shared/textEncodings';
import { decodeWindows1252 } from './windows1252';
export { countLineChanges, type LineCounts } from './countLineChanges';
export { unifiedDiff } from './unifiedDiff';
export { diffLines, type DiffAlgorithm, type LineChange, type LineDiff } from './diffLines';

/**
 * Decodes file text in the encoding asked for; `auto`: UTF-8 where it is valid, else ISO-8859-1 so no byte is lost.
 * Bytes the encoding cannot read become U+FFFD. Says which encoding it used.
 */
export function decodeFileText(data: Uint8Array, asked: TextEncoding = 'auto'): { text: string; encoding: Exclude<TextEncoding, 'auto'> } {
  const latin1 = () => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  if (asked === 'iso-8859-1') return { text: latin1(), encoding: asked };
  if (asked === 'windows-1252') return { text: decodeWindows1252(data), encoding: asked };
  if (asked !== 'auto') return { text: new TextDecoder(asked, { fatal: false }).decode(data), encoding: asked };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: latin1(), encoding: 'iso-8859-1' };
  }
}
