import fs from 'node:fs';

/** `read` given the file open for reading, closed after; null where the file cannot be opened (there is none). */
export function withOpenFile<T>(file: string, read: (fd: number) => T): T | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    return read(fd);
  } finally {
    fs.closeSync(fd);
  }
}
