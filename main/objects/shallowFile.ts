import fs from 'node:fs';
import path from 'node:path';

/** The commits a shallow clone was cut at (.git/shallow); empty for a full clone. */
export function readShallowFile(gitdir: string): Set<string> {
  try {
    return new Set(
      fs
        .readFileSync(path.join(gitdir, 'shallow'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length === 40),
    );
  } catch {
    return new Set();
  }
}
