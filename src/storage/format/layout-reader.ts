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
  let k: number | undefined;
  let m: number | undefined;
  let blockSize: number | undefined;
  let distribution: number[] | undefined;
  let bitrot: string | undefined;
  let seen = 0;
  for (let n = r.map(); n > 0; n--) {
    const f = r.key(LAYOUT_FIELDS);
    seen = once(seen, 1 << f);
    if (f === 0) k = r.int(1);
    else if (f === 1) m = r.int(0);
    else if (f === 2) blockSize = r.int(1);
    else if (f === 3) {
      distribution = [];
      for (let i = r.array(); i > 0; i--) distribution.push(r.int(0));
    } else bitrot = r.str();
  }
  if (k === undefined || m === undefined || blockSize === undefined || distribution === undefined || bitrot === undefined) throw BAIL;
  if (distribution.length !== k + m) throw BAIL;
  return { k, m, blockSize, distribution, bitrot };
}
