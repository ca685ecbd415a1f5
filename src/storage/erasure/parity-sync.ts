/**
 * Parity of one small block computed synchronously on the calling thread, byte-for-byte the
 * result @ronomon/reed-solomon's native encode produces for the same context (its bitmatrix
 * "dot" over packets; see binding.c reed_solomon_encode with every data shard present and
 * every parity shard a target).
 *
 * Why: the native encode always runs as libuv thread-pool work. For the inline objects of the
 * small-object hot path (a 4 KiB body is 2 x 2 KiB shards) the thread hop — queueing, waking a
 * pool thread, the completion callback and its promise — costs more than the XORs themselves,
 * and on a busy 2-core box the woken thread preempts the event loop. Blocks up to
 * SYNC_PARITY_MAX_BYTES of data are encoded here instead; larger ones stay on the pool.
 * parity-sync.test.ts compares the output with the native encoder on random data.
 */

/** Data bytes (k x shardSize) up to which encoding runs synchronously. */
export const SYNC_PARITY_MAX_BYTES = 16 * 1024;

function xorInto(target: Buffer, tOff: number, source: Buffer, sOff: number, len: number): void {
  const ta = target.byteOffset + tOff;
  const sa = source.byteOffset + sOff;
  if ((ta & 3) === 0 && (sa & 3) === 0 && (len & 3) === 0) {
    const t = new Int32Array(target.buffer, ta, len >> 2);
    const s = new Int32Array(source.buffer, sa, len >> 2);
    for (let i = 0; i < t.length; i++) t[i]! ^= s[i]!;
    return;
  }
  for (let i = 0; i < len; i++) target[tOff + i]! ^= source[sOff + i]!;
}

/** ronomon's packet size for a shard (it halves large packets to stay in cache). */
function chunkSizeFor(w: number, k: number, shardSize: number): number {
  let chunk = shardSize / w;
  while (chunk > 64 && chunk % 2 === 0 && (1 + k * w) * chunk > 1_048_576) chunk /= 2;
  return chunk;
}

/**
 * Fill `parity` (m x shardSize, zeroed) from the k data shards laid out in `buffer`
 * (k x shardSize), using the codec `context` from ronomon's create(k, m).
 */
export function encodeParitySync(context: Buffer, buffer: Buffer, parity: Buffer, shardSize: number): void {
  const w = context[0]!;
  const k = context[1]!;
  const m = context[2]!;
  if (context.length !== 3 + k * w * m * w) throw new RangeError('reed-solomon context has a bad length');
  if (buffer.length < k * shardSize || parity.length < m * shardSize || shardSize % w !== 0) {
    throw new RangeError('reed-solomon buffers do not match the shard size');
  }
  if (k === 1) { // replication
    for (let i = 0; i < m; i++) buffer.copy(parity, i * shardSize, 0, shardSize);
    return;
  }
  if (m === 1) { // one parity shard: the plain XOR of the data shards
    buffer.copy(parity, 0, 0, shardSize);
    for (let b = 1; b < k; b++) xorInto(parity, 0, buffer, b * shardSize, shardSize);
    return;
  }
  const chunk = chunkSizeFor(w, k, shardSize);
  const kww = k * w * w;
  for (let i = 0; i < m; i++) {
    const row = 3 + kww * i;
    const target = i * shardSize;
    for (let offset = 0; offset < shardSize; offset += w * chunk) {
      let column = 0;
      for (let a = 0; a < w; a++) {
        const t = target + offset + a * chunk;
        let copied = false;
        for (let b = 0; b < k; b++) {
          const source = b * shardSize + offset;
          for (let c = 0; c < w; c++) {
            if (context[row + column] !== 0) {
              const s = source + c * chunk;
              if (!copied) { buffer.copy(parity, t, s, s + chunk); copied = true; }
              else xorInto(parity, t, buffer, s, chunk);
            }
            column++;
          }
        }
      }
    }
  }
}
