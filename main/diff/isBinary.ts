/**
 * Whether git diffs a version as binary: as the repository's attributes say where they do (`-diff`, `binary`,
 * `diff`: `forced`), else git's guess from the bytes.
 */
export function diffsAsBinary(data: Uint8Array, forced: boolean | undefined): boolean {
  return forced ?? isBinary(data);
}

/** git's guess (buffer_is_binary): a NUL byte in the first 8,000 bytes. */
export function isBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, 8000);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}
