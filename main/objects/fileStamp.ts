import fs from 'node:fs';

/**
 * What tells one version of a file from another without reading it: its inode, size and times ('' where there is
 * no file). git rewrites packed-refs by renaming a new file over it, so a rewrite is a new inode.
 */
export function fileStamp(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return '';
  }
}
