/**
 * The erasure layout map `{k, m, blockSize, distribution, bitrot}` read strictly
 * (msgpack-reader.ts): each field once, all present, `distribution` of length k + m; anything
 * else throws BAIL so the fast decoders (object-record-fast.ts, object/multipart/
 * upload-record-fast.ts) fall back to their generic path. Pure.
 */
import { BAIL, keyTable, once, type Reader } from './msgpack-reader.js';
import type { ErasureLayoutRecord } from './object-record.js';

const LAYOUT_FIELDS = keyTable(['k', 'm', 'blockSize', 'distribution', 'bitrot']);

export function readLayout(r: Reader): ErasureLayoutRecord {
  return layoutFields(r, true)!;
}

/** Checks a layout map as readLayout reads it, without making it. */
export function checkLayout(r: Reader): void {
  layoutFields(r, false);
}

function layoutFields(r: Reader, make: boolean): ErasureLayoutRecord | undefined {
  let k: number | undefined;
  let m: number | undefined;
  let blockSize: number | undefined;
  let distribution: number[] | undefined;
  let count = 0;
  let bitrot: string | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const f = r.key(LAYOUT_FIELDS);
    seen = once(seen, 1 << f);
    if (f === 0) k = r.int(1);
    else if (f === 1) m = r.int(0);
    else if (f === 2) blockSize = r.int(1);
    else if (f === 3) {
      if (make) distribution = [];
      count = r.array();
      for (let i = count; i > 0; i--) {
        const d = r.int(0);
        distribution?.push(d);
      }
    } else if (make) bitrot = r.str();
    else r.checkStr();
  }
  // Each field once, all five present: `seen` has the five bits.
  if (seen !== 0b11111 || k === undefined || m === undefined || blockSize === undefined) throw BAIL;
  if (count !== k + m) throw BAIL;
  return make ? { k, m, blockSize, distribution: distribution!, bitrot: bitrot! } : undefined;
}
