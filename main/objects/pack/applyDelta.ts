const SHORT = 32;

/** A delta's header: the size of the base it works from, the size it makes, and where its instructions start. */
export function deltaHeader(delta: Uint8Array): { baseSize: number; size: number; at: number } {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && pos < delta.length);
    return result;
  };
  const baseSize = varint();
  const size = varint();
  return { baseSize, size, at: pos };
}

/** Applies a git delta (copy and insert instructions) to its base. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  const { baseSize, size, at } = deltaHeader(delta);
  if (baseSize !== base.length) throw new Error(`delta expects a base of ${baseSize} bytes, got ${base.length}`);
  let pos = at;
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
      if (offset + len > base.length || o + len > size) throw new Error('delta copies from outside its base or past its size');
      // short copies byte by byte: Buffer#copy's own checks cost more than the copy (mail blobs are mostly short runs)
      if (len <= SHORT) for (let k = 0; k < len; k++) out[o + k] = base[offset + k]!;
      else out.set(base.subarray(offset, offset + len), o);
      o += len;
    } else if (op > 0) {
      if (pos + op > delta.length || o + op > size) throw new Error('delta inserts past its end or its size');
      if (op <= SHORT) for (let k = 0; k < op; k++) out[o + k] = delta[pos + k]!;
      else out.set(delta.subarray(pos, pos + op), o);
      o += op;
      pos += op;
    } else {
      throw new Error('invalid delta instruction 0');
    }
  }
  if (o !== size) throw new Error(`delta produced ${o} bytes, expected ${size}`);
  return out;
}
