import { StrataError } from '../../shared/errors';
import type { ObjectStore } from '../objects/objectStore';
import { parseCommitLinks } from '../objects/parseCommit';
import type { CommitGraph } from '../objects/commitGraph';

export interface CommitLinks {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly time: number;
  /** Position in git's commit-graph, when the links came from it. */
  readonly graphPos?: number;
}

/**
 * Parents, committer time and root tree of each commit, read once and kept:
 * a commit never changes, so what is known is reused by every later walk.
 */
export class CommitLinkSource {
  commitsRead = 0;
  commitsVisited = 0;
  /** Commits answered by git's commit-graph instead of an object read. */
  graphReads = 0;
  readonly graph: CommitGraph | null;
  private readonly fromGraph = new Map<string, CommitLinks>();

  constructor(
    private readonly store: ObjectStore,
    readonly known: Map<string, CommitLinks>,
    private readonly shallow: ReadonlySet<string>,
  ) {
    this.graph = store.commitGraph?.() ?? null;
  }

  async links(oid: string): Promise<CommitLinks> {
    this.commitsVisited++;
    let links = this.known.get(oid) ?? this.fromGraph.get(oid);
    if (!links && this.graph) {
      const g = this.graph.lookup(oid);
      if (g) {
        links = { tree: g.tree, parents: g.parents, time: g.time, graphPos: g.pos };
        this.fromGraph.set(oid, links); // not persisted: git's graph already has them
        this.graphReads++;
      }
    }
    if (!links) {
      const obj = await this.store.readObject(oid);
      if (obj.type !== 'commit') throw new StrataError('RevisionNotFound', `${oid} is a ${obj.type}, not a commit.`);
      const parsed = parseCommitLinks(obj.data);
      links = { tree: parsed.tree, parents: parsed.parents, time: parsed.commitTime };
      this.known.set(oid, links);
      this.commitsRead++;
    }
    // A shallow clone cuts history at these commits: git treats them as roots.
    return this.shallow.has(oid) ? { ...links, parents: [] } : links;
  }
}
