import type { BloomKey, CommitTable } from '../objects/commitTable';
import type { CommitGraph } from '../objects/commitGraph';
import type { StrataCommitIndex } from '../index/strataCommitIndex';

/**
 * Strata's own commit index that asks git's changed-path Bloom filters about the commits it shares with the
 * graph: an index built from the graph keeps the graph's positions, and commits made since (a graph written
 * before the last fetch) come after them, with no filter. The walk then passes over most commits unread, as
 * git's own walk does over a graph that lacks the newest commits.
 */
class IndexWithBloom implements CommitTable {
  constructor(
    private readonly own: StrataCommitIndex,
    private readonly graph: CommitGraph,
    private readonly shared: number,
  ) {}

  get count(): number {
    return this.own.count;
  }
  positionOf(oid: string): number {
    return this.own.positionOf(oid);
  }
  oidAt(pos: number): string {
    return this.own.oidAt(pos);
  }
  treeAt(pos: number): string {
    return this.own.treeAt(pos);
  }
  timeAt(pos: number): number {
    return this.own.timeAt(pos);
  }
  parentsAt(pos: number): number[] {
    return this.own.parentsAt(pos);
  }
  knownAt(pos: number): boolean {
    return this.own.knownAt(pos);
  }
  maybeChangedAt(pos: number, keys: readonly BloomKey[]): boolean | null {
    return pos < this.shared ? this.graph.maybeChangedAt(pos, keys) : null;
  }
  bloomKeys(path: string): BloomKey[] {
    return this.graph.bloomKeys(path);
  }
}

/** Whether an index starts with a graph's commits, per index: the graph object changes when git rewrites its file. */
const checked = new WeakMap<StrataCommitIndex, { graph: CommitGraph; same: boolean }>();

/** The table to walk: the index, asking the graph's Bloom filters where it starts with the graph's commits in its order. */
export function withGraphBloom(own: StrataCommitIndex, graph: CommitGraph | null): CommitTable {
  const shared = bloomCovered(own, graph);
  return shared > 0 ? new IndexWithBloom(own, graph!, shared) : own;
}

/** How many of the index's first positions the graph's Bloom filters answer for (0: none). */
export function bloomCovered(own: StrataCommitIndex, graph: CommitGraph | null): number {
  if (!graph?.hasBloom || graph.count === 0) return 0;
  let known = checked.get(own);
  if (known?.graph !== graph) {
    known = { graph, same: own.startsWithIds(graph.idParts()) };
    checked.set(own, known);
  }
  return known.same ? graph.count : 0;
}
