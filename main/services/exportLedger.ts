import type { ExportEvent, ExportLedger } from '../../shared/ledger';
import type { Progress, Timeline, TimelineEntry } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { scanExports } from '../analysis/scanExports';
import { decodeFileText } from '../diff/lineDiff';
import { isBinary } from '../diff/isBinary';
import { diffTrees } from '../history/diffTrees';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid } from '../objects/entryKey';
import { indexFileHistory, isWholeHistory, type RepositoryTimelineKey } from './indexFileHistory';
import { readCommit } from './readVersions';
import { isObjectMissing, StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import { eventLoopTurns } from '../objects/eventLoopTurns';

type ExportMap = ReadonlyMap<string, string>; // symbol → macro

/**
 * Which symbols the file (or every file under a directory) exports, with which
 * macro, over its whole history: per symbol, when it appeared, each change of
 * macro, and when it vanished; events oldest first.
 */
export async function buildExportLedger(
  options: RepositoryTimelineKey & {
    /** The first-parent line (git log --first-parent): each merge's changes against its first parent are its own. */
    firstParent?: boolean;
    signal?: AbortSignal;
    onProgress?: (p: Progress) => void;
    /** The ledger of the commits read so far (oldest first), now and then while the work goes on. */
    onPartial?: (ledger: ExportLedger) => void;
  },
): Promise<ExportLedger> {
  const { onPartial, firstParent, ...key } = options;
  const timeline = await indexFileHistory({ ...key, ...(firstParent ? { firstParent } : {}) });
  return storedLedger(
    options.repo,
    timeline,
    () => ledgerFromTimeline(options.repo.store, timeline, options.onProgress, options.signal, undefined, onPartial),
    options.signal,
  );
}

/**
 * The timeline's ledger as kept on disk for its HEAD (the Exports tab, a report and the CLI read it once per HEAD),
 * else computed by `compute` and kept, unless the work was cancelled part way (then it is a part, not kept). Only
 * the whole history's is kept: a range's (A..B) or the first-parent line's is computed each time (it has fewer
 * commits, and kept by HEAD it would stand for the whole history's).
 */
export async function storedLedger(
  repo: Repository,
  timeline: Timeline,
  compute: () => Promise<ExportLedger>,
  signal?: AbortSignal,
): Promise<ExportLedger> {
  if (!isWholeHistory(timeline)) return compute();
  const head = timeline.head ?? '';
  const stored = await repo.index.loadLedger(timeline.path, timeline.follow, head);
  if (stored) return stored;
  const ledger = await compute();
  // a ledger with versions missing is not kept: once the clone has them, it is computed whole
  if (!signal?.aborted && !ledger.absent)
    await repo.index.trySave(() => repo.index.saveLedger(timeline.path, timeline.follow, head, ledger));
  return ledger;
}

/** Time between partial ledgers. */
const PARTIAL_MS = 250;

export async function ledgerFromTimeline(
  store: ObjectStore,
  timeline: Timeline,
  onProgress?: (p: Progress) => void,
  signal?: AbortSignal,
  /** Blobs already scanned (a report scans each version it reads), by blob id. */
  scanned?: ReadonlyMap<string, ExportMap>,
  onPartial?: (ledger: ExportLedger) => void,
): Promise<ExportLedger> {
  const scans = new Map<string, ExportMap>(scanned ?? []);
  // versions this copy lacks (a partial clone): their exports are not known
  const absent = new Set<string>();
  /** The exports of a version; null where the clone lacks it. */
  const exportsOf = async (blob: string | null): Promise<ExportMap | null> => {
    if (blob === null) return new Map();
    let m = scans.get(blob);
    if (!m) {
      if (absent.has(blob)) return null;
      let data: Uint8Array;
      try {
        data = (await store.readObject(blob)).data;
      } catch (err) {
        if (!isObjectMissing(err)) throw err;
        absent.add(blob);
        return null;
      }
      m = isBinary(data) ? new Map() : new Map(scanExports(decodeFileText(data).text).map((s) => [s.symbol, s.macro]));
      scans.set(blob, m);
    }
    return m;
  };
  // per path, the exports of the version read last (oldest first): what a version after a missing one is compared with
  const lastRead = new Map<string, ExportMap>();
  const lookup = new PathEntryLookup(store);
  const ledgers = new Map<string, { symbol: string; path: string; events: ExportEvent[] }>();
  const oldestFirst = [...timeline.entries].reverse();
  const byOid = new Map(timeline.entries.map((e) => [e.oid, e]));
  const ledgerOf = (): ExportLedger => ({
    path: timeline.path,
    symbols: [...ledgers.values()]
      .map((l) => ({ ...l, events: [...l.events] }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.symbol.localeCompare(b.symbol)),
    ...(absent.size ? { absent: absent.size } : {}),
  });
  let sentAt = Date.now();
  let changed = false;
  const turn = eventLoopTurns();
  for (const [i, entry] of oldestFirst.entries()) {
    await turn();
    if (signal?.aborted) throw new StrataError('Cancelled', 'Reading the exports was cancelled; nothing was kept.');
    if (i % 20 === 0) onProgress?.({ phase: 'Reading exports', loaded: i, total: oldestFirst.length });
    if (onPartial && changed && Date.now() - sentAt >= PARTIAL_MS) {
      onPartial(ledgerOf());
      changed = false;
      sentAt = Date.now();
    }
    const perParent: Map<string, ExportEvent>[] = [];
    // on the first-parent line a merge is compared with its first parent alone, as git log --first-parent shows it
    const parents = entry.parents.length ? (timeline.firstParent ? entry.parents.slice(0, 1) : entry.parents) : [null];
    for (const parent of parents) {
      const events = new Map<string, ExportEvent>();
      // a file's parent version is most often the next older entry: its blob, with no tree read
      const older = parent === null || entry.directory ? undefined : byOid.get(parent);
      const known =
        older && !older.directory && older.path === (entry.oldPath ?? entry.path) && entry.status !== 'A'
          ? [{ path: timeline.path, before: older.blob, after: entry.blob }]
          : null;
      let changes = known;
      try {
        changes ??= await changedFiles(store, lookup, timeline, entry, parent);
      } catch (err) {
        // a tree the clone lacks (git clone --filter=tree:0): the version is not known
        if (!isObjectMissing(err)) throw err;
        absent.add(entry.blob ?? entry.oid);
        perParent.push(events);
        continue;
      }
      for (const change of changes) {
        const after = await exportsOf(change.after);
        // a version the clone lacks: what changed in it shows at the next version read, against the last one read
        if (after === null) continue;
        const before = (await exportsOf(change.before)) ?? lastRead.get(change.path) ?? new Map<string, string>();
        lastRead.set(change.path, after);
        for (const symbol of new Set([...before.keys(), ...after.keys()])) {
          const from = before.get(symbol) ?? null;
          const to = after.get(symbol) ?? null;
          if (from === to) continue;
          const kind = from === null ? 'added' : to === null ? 'removed' : 'changed';
          events.set(`${change.path}\0${symbol}`, { oid: entry.oid, kind, from, to, date: entry.committer.date, subject: entry.subject });
        }
      }
      perParent.push(events);
    }
    // A merge only owns what differs from every parent; the rest came from the side that made it.
    const [first, ...others] = perParent;
    for (const [key, ev] of first!) {
      if (others.some((o) => !o.has(key))) continue;
      const [path, symbol] = key.split('\0') as [string, string];
      let l = ledgers.get(key);
      if (!l) ledgers.set(key, (l = { symbol, path, events: [] }));
      l.events.push(ev);
      changed = true;
    }
  }
  return ledgerOf();
}

interface Change {
  path: string;
  before: string | null;
  after: string | null;
}

async function changedFiles(
  store: ObjectStore,
  lookup: PathEntryLookup,
  timeline: Timeline,
  entry: TimelineEntry,
  parent: string | null,
): Promise<Change[]> {
  const commitTree = (await readCommit(store, entry.oid)).tree;
  const parentTree = parent ? ((await readCommit(store, parent).catch(() => null))?.tree ?? null) : null;
  const here = await lookup.entryAt(commitTree, entry.path);
  const beforePath = entry.oldPath ?? entry.path;
  const there = parentTree ? await lookup.entryAt(parentTree, beforePath) : null;
  const isDir = (k: string | null) => k !== null && k.startsWith('040000 ');
  if (isDir(here) || isDir(there)) {
    const changes = await diffTrees(store, isDir(there) ? entryOid(there) : null, isDir(here) ? entryOid(here) : null, `${timeline.path}/`);
    return changes.map((c) => ({ path: c.path, before: c.before, after: c.after }));
  }
  return [{ path: timeline.path, before: entryOid(there), after: entryOid(here) }];
}
