/**
 * The order git's revision walk pops commits in (revision.c, over its commit
 * queue): newest committer time first, and among equal times the one queued
 * first (git inserts after equal dates). Commits are table positions; the heap
 * is three flat arrays, no object per entry.
 */
export class CommitHeap {
  private pos: number[] = [];
  private time: number[] = [];
  private seq: number[] = [];
  private queued = 0;

  get size(): number {
    return this.pos.length;
  }

  push(pos: number, time: number): void {
    let i = this.pos.length;
    this.pos.push(pos);
    this.time.push(time);
    this.seq.push(this.queued++);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The committer time of the commit pop() gives next; undefined when the heap is empty. */
  peekTime(): number | undefined {
    return this.time[0];
  }

  /** Whether any queued commit passes `test` (in no particular order). */
  some(test: (pos: number) => boolean): boolean {
    return this.pos.some(test);
  }

  /** The next commit in git's order; undefined when the heap is empty. */
  pop(): number | undefined {
    const n = this.pos.length;
    if (n === 0) return undefined;
    const top = this.pos[0]!;
    this.swap(0, n - 1);
    this.pos.pop();
    this.time.pop();
    this.seq.pop();
    const len = n - 1;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < len && this.before(l, best)) best = l;
      if (r < len && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta > tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  private swap(a: number, b: number): void {
    const p = this.pos[a]!;
    this.pos[a] = this.pos[b]!;
    this.pos[b] = p;
    const t = this.time[a]!;
    this.time[a] = this.time[b]!;
    this.time[b] = t;
    const s = this.seq[a]!;
    this.seq[a] = this.seq[b]!;
    this.seq[b] = s;
  }
}
