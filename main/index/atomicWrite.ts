import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/** How a temporary file of writeFileAtomic is named: `<file>.tmp-<pid>-<random>`. */
const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]{8}$/;
/** A temporary file whose writer is gone is swept once it is this old (a live writer's never is, unless it is older than a day). */
const ORPHAN_AGE_MS = 60_000;
const STALE_AGE_MS = 24 * 3600_000;

/**
 * Writes a file so a kill at any moment leaves the old content or the new, never a mix.
 * Parts given as a list are written one after the other (a large file needs no joined copy).
 * A write that fails (a full disk, a read-only folder) leaves no temporary file behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  await makeFolder(path.dirname(file));
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else for (const part of data) await handle.writeFile(part); // each from where the last one ended
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * mkdir -p that reports the real reason it failed: Node's recursive mkdir says ENOENT where the
 * folder above is on a read-only disk (EROFS) or not writable (EACCES).
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await fs.promises.mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await fs.promises.stat(dir)).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw err;
    await makeFolder(path.dirname(dir));
    await makeFolder(dir);
  }
}

/**
 * Removes the temporary files of writeFileAtomic in `dir` that a killed run left behind: those whose
 * process is gone (and a minute old), or over a day old. Another live process's file is never touched.
 * Returns how many were removed; a folder that cannot be read or written is left as it is.
 */
export async function sweepOrphanTemps(dir: string, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const age = now - (await fs.promises.stat(file)).mtimeMs;
      if (age > STALE_AGE_MS || (age > ORPHAN_AGE_MS && !processAlive(Number(m[1])))) {
        await fs.promises.rm(file, { force: true });
        removed++;
      }
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

const STORAGE_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the folder is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a file stands where a folder should be',
  EEXIST: 'a file stands where a folder should be',
  EIO: 'an input/output error',
};

/**
 * Why a write failed, in words, where the cause is the disk or the folder (full, read-only, not
 * writable); null for any other error (a bug, to be raised as one).
 */
export function storageFailure(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why = code ? STORAGE_FAILURES[code] : undefined;
  return why ? `${why} (${code})` : null;
}

export async function readFileIfExists(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A whole binary file, or null where there is none (or it cannot be read). */
export function readBytesIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}
