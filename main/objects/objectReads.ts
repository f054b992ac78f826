import { isObjectMissing } from '../../shared/errors';
import type { GitObject, ObjectStore } from './objectStore';

/**
 * Work written once as a generator that yields the id of each object it needs
 * and is handed the object back: the same code then runs over a store that
 * reads synchronously (Strata's pack reader) and one that cannot (isomorphic-git).
 */
export type ObjectReads<T> = Generator<string, T, GitObject>;

/**
 * The object, or null where the store lacks it (a partial clone, a damaged one): for work that can go on
 * without it. A failed read is handed back into the work, so it is caught here.
 */
export function* readIfPresent(oid: string): ObjectReads<GitObject | null> {
  try {
    return yield oid;
  } catch (err) {
    if (isObjectMissing(err)) return null;
    throw err;
  }
}

/** Runs the work with synchronous reads; the store must have readObjectSync. A failed read is thrown into the work. */
export function readAllSync<T>(work: ObjectReads<T>, store: ObjectStore): T {
  const read = store.readObjectSync!.bind(store);
  for (let r = work.next(); ;) {
    if (r.done) return r.value;
    let object: GitObject;
    try {
      object = read(r.value);
    } catch (err) {
      r = work.throw(err);
      continue;
    }
    r = work.next(object);
  }
}

/** Synchronous reads between, the event loop gets a turn every this many (a cancel message gets in). */
const READS_PER_TURN = 20_000;

/**
 * Runs the work with the store's fastest reads: synchronous where it can (with a turn for the event loop now and
 * then), else awaited one by one. A failed read is thrown into the work.
 */
export async function readAll<T>(work: ObjectReads<T>, store: ObjectStore): Promise<T> {
  const sync = store.readObjectSync?.bind(store);
  let reads = 0;
  for (let r = work.next(); ;) {
    if (r.done) return r.value;
    let object: GitObject;
    try {
      if (!sync) object = await store.readObject(r.value);
      else {
        if (++reads % READS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        object = sync(r.value);
      }
    } catch (err) {
      r = work.throw(err);
      continue;
    }
    r = work.next(object);
  }
}
