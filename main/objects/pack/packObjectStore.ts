import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { StrataError } from '../../../shared/errors';
import type { GitObject, ObjectStore, ObjectType } from '../objectStore';
import { applyDelta, deltaHeader } from './applyDelta';
import { ByteLru } from './byteLru';
import { OFS_DELTA, PackFile, REF_DELTA, TYPE_NAMES } from './packFile';
import { hexWords } from './packIndex';
import { commitsInPackOrder } from './commitsInPackOrder';
import { CommitGraph } from '../commitGraph';
import { readShallowFile } from '../shallowFile';
import { readReplacements, replacementOf } from '../replacements';
import { graftedCommit, readGrafts } from '../grafts';

interface Located {
  pack: PackFile;
  offset: number;
}

/**
 * Strata's own object reader: packs read on demand (64-bit offsets, OFS and REF
 * deltas through a bounded cache of bases), loose objects, several packs and
 * alternates. Memory stays bounded whatever the repository's size.
 */
export class PackObjectStore implements ObjectStore {
  private packs: PackFile[] = [];
  private readonly objectDirs: string[];
  /**
   * Resolved objects by pack position (delta bases and what was read), keyed by number: cheaper than strings.
   * There is no cache by id: a read again finds its position (one look-up in the index) and then its object
   * here, and most reads of a walk are of objects read once, for which a cache by id was only a cost
   * (a fifth of reading 100,000 root trees).
   */
  private readonly bases: ByteLru<number, { type: ObjectType; data: Buffer }>;
  private readonly packNo = new Map<PackFile, number>();
  private shallow: Set<string> | null = null;
  private loadedPackNames = new Set<string>();
  private graph: CommitGraph | null | undefined;
  private graphStamp = '';
  /** What `git replace` has objects read as (none where GIT_NO_REPLACE_OBJECTS or core.useReplaceRefs=false says so). */
  private replaced: ReadonlyMap<string, string>;
  /** The parents info/grafts gives commits, by commit id (none where there is no such file). */
  private grafted: ReadonlyMap<string, readonly string[]>;

  constructor(
    readonly gitdir: string,
    cacheBytes = 32 * 1024 * 1024,
  ) {
    this.objectDirs = objectDirectories(path.join(gitdir, 'objects'));
    // half the budget, as when a cache by id took the other half (what reads measured their budgets against)
    this.bases = new ByteLru(cacheBytes / 2, (v) => v.data.length);
    this.scanPacks();
    this.replaced = readReplacements(gitdir);
    this.grafted = readGrafts(gitdir);
  }

  /** The objects `git replace` stands in for, by id (as git log reads them); empty where there are none. */
  replacements(): ReadonlyMap<string, string> {
    return this.replaced;
  }

  grafts(): ReadonlyMap<string, readonly string[]> {
    return this.grafted;
  }

  /**
   * Picks up packs written since (a fetch, a repack) without reopening the
   * others, and closes those whose files are gone (git gc, repack -d); true
   * where the list changed.
   */
  private scanPacks(): boolean {
    let changed = false;
    const present = new Set<string>();
    for (const dir of this.objectDirs) {
      const packDir = path.join(dir, 'pack');
      let names: string[];
      try {
        names = fs.readdirSync(packDir);
      } catch {
        continue;
      }
      for (const n of names) {
        if (!n.endsWith('.pack')) continue;
        const file = path.join(packDir, n);
        if (!names.includes(`${n.slice(0, -5)}.idx`)) continue;
        present.add(file);
        if (this.loadedPackNames.has(file)) continue;
        const pack = new PackFile(file);
        this.packNo.set(pack, this.freePackNo());
        this.packs.push(pack);
        this.loadedPackNames.add(file);
        changed = true;
      }
    }
    for (const pack of this.packs.filter((p) => !present.has(p.packPath))) {
      pack.close();
      this.loadedPackNames.delete(pack.packPath);
      this.packNo.delete(pack);
      this.packs.splice(this.packs.indexOf(pack), 1);
      // its number keys delta bases: a pack given the number later must not find them
      this.bases.clear();
      changed = true;
    }
    if (changed) this.sharedDigits?.clear();
    return changed;
  }

  /** The lowest pack number not in use (numbers stay below 512: they are the high bits of a cache key). */
  private freePackNo(): number {
    const used = new Set(this.packNo.values());
    let n = 0;
    while (used.has(n)) n++;
    return n;
  }

  refresh(): void {
    this.scanPacks();
    this.replaced = readReplacements(this.gitdir);
    this.grafted = readGrafts(this.gitdir);
    this.shallow = null;
    // git rewrites its commit-graph (gc, fetch with fetch.writeCommitGraph): read it again when next asked
    if (graphStamp(this.gitdir) !== this.graphStamp) this.graph = undefined;
  }

  /** Closes every pack and pack index; a later read reopens what it needs. */
  close(): void {
    for (const p of this.packs) p.close();
  }

  private locate(oid: Buffer): Located | null {
    for (const pack of this.packs) {
      const i = pack.index.find(oid);
      if (i >= 0) return { pack, offset: pack.index.offsetAt(i) };
    }
    return null;
  }

  /** The id being looked up, as words (one per store: reads are synchronous). */
  private readonly words = new Uint32Array(5);

  /** locate, for an id in hex that hexWords has put in `words`. */
  private locateWords(): Located | null {
    const w = this.words;
    for (const pack of this.packs) {
      const i = pack.index.findWords(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!);
      if (i >= 0) return { pack, offset: pack.index.offsetAt(i) };
    }
    return null;
  }

  /** Whether the object is here (packed or loose), without reading it. */
  hasObject(oid: string): boolean {
    if (!hexWords(oid, this.words)) return false;
    if (this.locateWords()) return true;
    if (this.objectDirs.some((dir) => fs.existsSync(path.join(dir, oid.slice(0, 2), oid.slice(2))))) return true;
    return this.scanPacks() && this.locateWords() !== null;
  }

  /** Where a packed object is (packs added since are looked in), or the loose object itself; null where neither. */
  private packedOrLoose(oid: string): { pack: PackFile; offset: number } | GitObject | null {
    if (this.replaced.size) oid = replacementOf(this.replaced, oid);
    if (!hexWords(oid, this.words)) return null;
    const where = this.locateWords();
    if (where) return where;
    const loose = this.readLoose(oid);
    if (loose) return loose;
    return this.scanPacks() && hexWords(oid, this.words) ? this.locateWords() : null;
  }

  /** The object's type from pack entry headers alone (a delta's from its base's), without inflating; null when absent. */
  objectType(oid: string): ObjectType | null {
    const where = this.packedOrLoose(oid);
    if (where === null || 'type' in where) return where?.type ?? null;
    let { pack, offset } = where;
    for (let depth = 0; depth < 10_000; depth++) {
      const entry = pack.readEntry(offset);
      if (entry.type === OFS_DELTA) offset = entry.baseOffset!;
      else if (entry.type === REF_DELTA) {
        const base = this.locate(entry.baseOid!);
        if (!base) return this.objectType(entry.baseOid!.toString('hex'));
        ({ pack, offset } = base);
      } else return TYPE_NAMES[entry.type] ?? null;
    }
    return null;
  }

  /**
   * The object's size without reading its content (git's object_info for a size): a whole entry's header says it,
   * a delta's own first bytes (the size it makes) do; null where the object is not here. A rename search weighs
   * every file of a tree by size first, as git does, and reads only those whose sizes could match.
   */
  objectSize(oid: string): number | null {
    const where = this.packedOrLoose(oid);
    if (where === null || 'type' in where) return where?.data.length ?? null;
    const entry = where.pack.readEntry(where.offset);
    if (entry.type !== OFS_DELTA && entry.type !== REF_DELTA) return entry.size;
    // two varints of at most 10 bytes each: the base's size, then the size the delta makes
    return deltaHeader(where.pack.inflateHead(entry, 20)).size;
  }

  async readObject(oid: string): Promise<GitObject> {
    return this.readObjectSync(oid);
  }

  /**
   * With `scratch`, an object the pack holds whole and small enough is inflated into it and not kept (an archive's
   * commits and trees, read once each): its bytes are only good until scratch is used again.
   */
  readObjectSync(oid: string, scratch?: Uint8Array): GitObject {
    const object = this.readStoredSync(oid, scratch);
    // a graft is the commit's by its own id (a replaced commit's too, as git looks grafts up)
    const parents = this.grafted.size && object.type === 'commit' ? this.grafted.get(oid) : undefined;
    return parents ? { type: 'commit', data: graftedCommit(object.data, parents) } : object;
  }

  private readStoredSync(oid: string, scratch?: Uint8Array): GitObject {
    if (this.replaced.size) oid = replacementOf(this.replaced, oid);
    if (!hexWords(oid, this.words)) throw new StrataError('ObjectMissing', `"${oid}" is not an object id.`);
    let where = this.locateWords();
    if (!where) {
      const loose = this.readLoose(oid);
      if (loose) return loose;
      if (this.scanPacks() && hexWords(oid, this.words)) where = this.locateWords();
    }
    if (!where) {
      throw new StrataError(
        'ObjectMissing',
        `Object ${oid} is not in ${this.gitdir} (a partial or damaged clone?). Fetch the repository again.`,
      );
    }
    try {
      return this.readPacked(where.pack, where.offset, scratch);
    } catch (err) {
      // the pack was deleted under us (git gc) before its file was first opened: read from the packs there are now
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !this.scanPacks()) throw err;
      return this.readObjectSync(oid, scratch);
    }
  }

  /** Memory the deltas of a chain are inflated into (by place in the chain): they are applied and done with in one read. */
  private readonly deltaScratch: Uint8Array[] = [];
  /** readPacked calls under way: one nested in another (a REF_DELTA base read by id) must not use the outer's scratch. */
  private reading = 0;

  private scratchForDelta(place: number, size: number): Uint8Array | undefined {
    if (this.reading !== 1 || place >= 8 || size >= 256 * 1024) return undefined;
    const s = this.deltaScratch[place];
    if (s && s.length > size) return s;
    return (this.deltaScratch[place] = new Uint8Array(Math.max(4096, (size + 1) * 2)));
  }

  private readPacked(pack: PackFile, offset: number, scratch?: Uint8Array): { type: ObjectType; data: Buffer } {
    this.reading++;
    try {
      return this.resolvePacked(pack, offset, scratch);
    } finally {
      this.reading--;
    }
  }

  private resolvePacked(pack: PackFile, offset: number, scratch?: Uint8Array): { type: ObjectType; data: Buffer } {
    // Walk down the delta chain to a base we have (cached or whole), then apply upwards.
    const chain: Buffer[] = [];
    const chainKeys: number[] = [];
    let base: { type: ObjectType; data: Buffer } | null = null;
    let p = pack;
    let off = offset;
    for (let depth = 0; depth < 10_000; depth++) {
      const key = this.packNo.get(p)! * 2 ** 44 + off;
      const hit = depth === 0 && scratch ? undefined : this.bases.get(key);
      if (hit) {
        base = hit;
        break;
      }
      const entry = p.readEntry(off);
      if (entry.type === OFS_DELTA) {
        chain.push(p.inflate(entry, this.scratchForDelta(chain.length, entry.size)));
        chainKeys.push(key);
        off = entry.baseOffset!;
      } else if (entry.type === REF_DELTA) {
        chain.push(p.inflate(entry, this.scratchForDelta(chain.length, entry.size)));
        chainKeys.push(key);
        const where = this.locate(entry.baseOid!);
        if (!where) {
          const b = this.readObjectSync(entry.baseOid!.toString('hex'));
          base = { type: b.type, data: Buffer.from(b.data) };
          break;
        }
        p = where.pack;
        off = where.offset;
      } else {
        const type = TYPE_NAMES[entry.type];
        if (!type) throw new Error(`unknown object type ${entry.type} at ${off} in ${p.packPath}`);
        if (depth === 0 && scratch && entry.size < scratch.length) return { type, data: p.inflate(entry, scratch) };
        base = { type, data: p.inflate(entry) };
        // a commit asked for itself is read once (a walk reads each commit once): kept, it would only push delta bases out
        if (depth > 0 || type !== 'commit') this.remember(key, base);
        break;
      }
    }
    if (!base) throw new Error(`delta chain too deep at ${offset} in ${pack.packPath}`);
    for (let i = chain.length - 1; i >= 0; i--) {
      base = { type: base.type, data: applyDelta(base.data, chain[i]!) };
      // bases low in a chain are shared by many objects: keep them
      this.remember(chainKeys[i]!, base);
    }
    return base;
  }

  private remember(key: number, obj: { type: ObjectType; data: Buffer }): void {
    this.bases.set(key, obj);
  }

  private readLoose(oid: string): GitObject | null {
    for (const dir of this.objectDirs) {
      let raw: Buffer;
      try {
        raw = fs.readFileSync(path.join(dir, oid.slice(0, 2), oid.slice(2)));
      } catch {
        continue;
      }
      const data = zlib.inflateSync(raw);
      const nul = data.indexOf(0);
      const [type] = data.subarray(0, nul).toString('latin1').split(' ');
      return { type: type as ObjectType, data: data.subarray(nul + 1) };
    }
    return null;
  }

  async findAbbreviated(prefix: string): Promise<string[]> {
    if (!/^[0-9a-f]{4,40}$/.test(prefix)) return [];
    const found = new Set<string>();
    for (const p of this.packs) for (const o of p.index.findPrefix(prefix)) found.add(o);
    for (const dir of this.objectDirs) {
      try {
        for (const f of fs.readdirSync(path.join(dir, prefix.slice(0, 2))))
          if ((prefix.slice(0, 2) + f).startsWith(prefix)) found.add(prefix.slice(0, 2) + f);
      } catch {
        /* no loose objects there */
      }
    }
    return [...found].slice(0, 2);
  }

  /**
   * Per id, the most hex digits it shares with another object (see abbreviationLength): a blame asks for every
   * commit it shows, again at each version blamed (732 commits of git.git's diff.c took 25-30 ms a time). Kept while
   * the packs are the same; an object written loose since is not seen.
   */
  private readonly sharedDigits = new Map<string, number>();

  abbreviationLength(oid: string, min: number): number {
    let shared = this.sharedDigits.get(oid);
    if (shared === undefined) {
      shared = this.digitsShared(oid);
      if (this.sharedDigits.size >= 100_000) this.sharedDigits.clear();
      this.sharedDigits.set(oid, shared);
    }
    return Math.max(min, Math.min(40, shared + 1));
  }

  private digitsShared(oid: string): number {
    let shared = 0;
    for (const p of this.packs) shared = Math.max(shared, p.index.sharedHexDigits(oid));
    for (const dir of this.objectDirs) {
      let names: string[];
      try {
        names = fs.readdirSync(path.join(dir, oid.slice(0, 2)));
      } catch {
        continue; // no loose objects there
      }
      for (const f of names) {
        const other = oid.slice(0, 2) + f;
        if (other.length !== 40 || other === oid) continue;
        let k = 2;
        while (k < 40 && other.charCodeAt(k) === oid.charCodeAt(k)) k++;
        shared = Math.max(shared, k);
      }
    }
    return shared;
  }

  packedObjects(): number {
    return this.packs.reduce((n, p) => n + p.index.count, 0);
  }

  commitGraph(): CommitGraph | null {
    // git does not use its graph where objects are replaced or commits grafted: the graph has the parents the commits say
    if (this.replaced.size || this.grafted.size) return null;
    if (this.graph === undefined) {
      this.graphStamp = graphStamp(this.gitdir);
      this.graph = CommitGraph.open(this.gitdir);
    }
    return this.graph;
  }

  *storedCommits(): Generator<{ id: Uint8Array; data: Uint8Array }> {
    for (const pack of [...this.packs].sort((a, b) => b.dataEnd - a.dataEnd)) {
      if (!this.replaced.size && !this.grafted.size) yield* commitsInPackOrder(pack);
      else
        for (const c of commitsInPackOrder(pack)) {
          const oid = c.id.toString('hex');
          yield this.replaced.has(oid) || this.grafted.has(oid) ? { id: c.id, data: this.readObjectSync(oid).data } : c;
        }
    }
  }

  async shallowCommits(): Promise<ReadonlySet<string>> {
    this.shallow ??= readShallowFile(this.gitdir);
    return this.shallow;
  }
}

/** Changes when git writes a new commit-graph (a single file, or a split chain named in its chain file). */
function graphStamp(gitdir: string): string {
  const info = path.join(gitdir, 'objects', 'info');
  const stamp = (f: string) => {
    try {
      const st = fs.statSync(f);
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return '-';
    }
  };
  return `${stamp(path.join(info, 'commit-graph'))} ${stamp(path.join(info, 'commit-graphs', 'commit-graph-chain'))}`;
}

/** The repository's object folder and those its alternates name, recursively. */
function objectDirectories(objects: string, seen = new Set<string>()): string[] {
  const dir = path.resolve(objects);
  if (seen.has(dir)) return [];
  seen.add(dir);
  const out = [dir];
  try {
    for (const line of fs.readFileSync(path.join(dir, 'info', 'alternates'), 'utf8').split('\n')) {
      const alt = line.trim();
      if (alt && !alt.startsWith('#')) out.push(...objectDirectories(path.resolve(dir, alt), seen));
    }
  } catch {
    /* no alternates */
  }
  return out;
}
