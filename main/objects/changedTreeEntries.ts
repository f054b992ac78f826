import { commonPrefix, commonSuffix } from '../diff/commonBytes';

/**
 * Names of the entries that differ between two raw tree objects (added,
 * removed, or with another mode or id), by a merge walk over both sorted
 * entry lists: only the names that changed are decoded, and the ids only
 * where both sides are trees (to go one level down).
 */
export function changedTreeEntries(
  a: Uint8Array,
  b: Uint8Array,
): { name: string; bothTrees: boolean; oidA: string | null; oidB: string | null }[] {
  const A = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const B = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out: { name: string; bothTrees: boolean; oidA: string | null; oidB: string | null }[] = [];
  let i = 0;
  let j = 0;
  const entry = (buf: Buffer, pos: number) => {
    const space = buf.indexOf(32, pos);
    const nul = buf.indexOf(0, space);
    return { pos, modeEnd: space, nameStart: space + 1, nameEnd: nul, next: nul + 21, tree: space - pos === 5 && buf[pos] === 0x34 };
  };
  // git's order: a tree's name sorts as if followed by "/"
  const cmp = (x: ReturnType<typeof entry>, y: ReturnType<typeof entry>): number => {
    const lx = x.nameEnd - x.nameStart;
    const ly = y.nameEnd - y.nameStart;
    const n = Math.min(lx, ly);
    const c = A.compare(B, y.nameStart, y.nameStart + n, x.nameStart, x.nameStart + n);
    if (c !== 0) return c;
    const cx = lx > n ? A[x.nameStart + n]! : x.tree ? 0x2f : 0;
    const cy = ly > n ? B[y.nameStart + n]! : y.tree ? 0x2f : 0;
    return cx - cy;
  };
  // trees of neighbouring commits mostly share a long head and tail: skip whole entries in both
  const head = commonPrefix(A, B);
  for (;;) {
    const e = i < A.length ? entry(A, i) : null;
    if (!e || e.next > head) break;
    i = j = e.next;
  }
  const tail = commonSuffix(A, B);
  const restSame = () => A.length - i === B.length - j && A.length - i <= tail;
  let x = i < A.length ? entry(A, i) : null;
  let y = j < B.length ? entry(B, j) : null;
  while ((x || y) && !restSame()) {
    const c = !x ? 1 : !y ? -1 : cmp(x, y);
    if (c === 0) {
      const same =
        x!.modeEnd - x!.pos === y!.modeEnd - y!.pos &&
        A.compare(B, y!.pos, y!.modeEnd, x!.pos, x!.modeEnd) === 0 &&
        A.compare(B, y!.nameEnd + 1, y!.next, x!.nameEnd + 1, x!.next) === 0;
      if (!same) {
        const bothTrees = x!.tree && y!.tree;
        out.push({
          name: A.toString('utf8', x!.nameStart, x!.nameEnd),
          bothTrees,
          oidA: bothTrees ? A.toString('hex', x!.nameEnd + 1, x!.next) : null,
          oidB: bothTrees ? B.toString('hex', y!.nameEnd + 1, y!.next) : null,
        });
      }
      i = x!.next;
      j = y!.next;
    } else if (c < 0) {
      out.push({ name: A.toString('utf8', x!.nameStart, x!.nameEnd), bothTrees: false, oidA: null, oidB: null });
      i = x!.next;
    } else {
      out.push({ name: B.toString('utf8', y!.nameStart, y!.nameEnd), bothTrees: false, oidA: null, oidB: null });
      j = y!.next;
    }
    x = i < A.length ? entry(A, i) : null;
    y = j < B.length ? entry(B, j) : null;
  }
  return out;
}
