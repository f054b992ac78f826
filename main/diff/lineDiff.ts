export { countLineChanges, type LineCounts } from './countLineChanges';
export { unifiedDiff } from './unifiedDiff';
export { diffLines, type DiffAlgorithm, type LineChange, type LineDiff } from './diffLines';

/** Decodes file text: UTF-8 where it is valid, else Latin-1 so no byte is lost. */
export function decodeFileText(data: Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}
