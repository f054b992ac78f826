/**
 * Lines on their way through a blame: for each, its line in the blamed version (`final`) and where it is in the
 * version at hand (`here`), both 0-based, in two growable integer arrays (a blame moves every line through every
 * version it passes: objects per line and per version were most of its time, in allocation and collection).
 */
export class LineSet {
  final: Int32Array;
  here: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.final = new Int32Array(Math.max(1, capacity));
    this.here = new Int32Array(Math.max(1, capacity));
  }

  /** Lines 0 … n-1, each where it is. */
  static identity(n: number): LineSet {
    const s = new LineSet(n);
    for (let i = 0; i < n; i++) s.final[i] = s.here[i] = i;
    s.length = n;
    return s;
  }

  push(final: number, here: number): void {
    if (this.length === this.final.length) this.grow(this.length * 2);
    this.final[this.length] = final;
    this.here[this.length++] = here;
  }

  pushAll(other: LineSet): void {
    if (this.length + other.length > this.final.length) this.grow(Math.max(this.length * 2, this.length + other.length));
    this.final.set(other.final.subarray(0, other.length), this.length);
    this.here.set(other.here.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  copy(): LineSet {
    const s = new LineSet(this.length);
    s.pushAll(this);
    return s;
  }

  private grow(capacity: number): void {
    const final = new Int32Array(capacity);
    const here = new Int32Array(capacity);
    final.set(this.final.subarray(0, this.length));
    here.set(this.here.subarray(0, this.length));
    this.final = final;
    this.here = here;
  }
}
