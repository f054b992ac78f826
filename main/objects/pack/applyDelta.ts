/** Applies a git delta (copy and insert instructions) to its base. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const baseSize = varint();
  if (baseSize !== base.length) throw new Error(`delta expects a base of ${baseSize} bytes, got ${base.length}`);
  const size = varint();
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  while (pos < delta.length) {
    const op = delta[pos++]!;
    if (op & 0x80) {
      let offset = 0;
      let len = 0;
      if (op & 0x01) offset |= delta[pos++]!;
      if (op & 0x02) offset |= delta[pos++]! << 8;
      if (op & 0x04) offset |= delta[pos++]! << 16;
      if (op & 0x08) offset = (offset | (delta[pos++]! << 24)) >>> 0;
      if (op & 0x10) len |= delta[pos++]!;
      if (op & 0x20) len |= delta[pos++]! << 8;
      if (op & 0x40) len |= delta[pos++]! << 16;
      if (len === 0) len = 0x10000;
      base.copy(out, o, offset, offset + len);
      o += len;
    } else if (op > 0) {
      delta.copy(out, o, pos, pos + op);
      o += op;
      pos += op;
    } else {
      throw new Error('invalid delta instruction 0');
    }
  }
  if (o !== size) throw new Error(`delta produced ${o} bytes, expected ${size}`);
  return out;
}
