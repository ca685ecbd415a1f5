/**
 * Process-wide free lists of erasure block buffers, so that consecutive PUTs reuse the block
 * (and parity) buffers of earlier ones instead of allocating 1 MiB or more each: a 1 MiB PUT
 * allocated two 1 MiB blocks (plus parity) that became garbage at once, and the collector's
 * share of a 1 MiB PUT run was ~14% of the event loop.
 *
 * A buffer is keyed by its length and the block size it holds, so a recycled data block keeps
 * the zeroed padding past the block (writers fill exactly [0, blockSize) of a full block, and
 * only full blocks are pooled). A writer gives a buffer back only when no write can still be
 * reading it (see writeShards). Bounded: at most MAX_FREE buffers per key are kept (16 MiB
 * for 1 MiB blocks of data and parity).
 */
const MAX_FREE = 8;
const free = new Map<string, Buffer[]>();

/** 'data': a block's data buffer (zero padding kept); 'parity': zeroed by the encoder anyway. */
export type BlockBufferKind = 'data' | 'parity';

const keyOf = (kind: BlockBufferKind, length: number, blockSize: number): string => `${kind}:${length}:${blockSize}`;

/** A free buffer of `length` bytes last used for blocks of `blockSize`, or undefined. */
export function takeBlockBuffer(kind: BlockBufferKind, length: number, blockSize: number): Buffer | undefined {
  return free.get(keyOf(kind, length, blockSize))?.pop();
}

/** Give a buffer back (dropped when the list for its key is full). */
export function giveBlockBuffer(kind: BlockBufferKind, buf: Buffer, blockSize: number): void {
  const key = keyOf(kind, buf.length, blockSize);
  let list = free.get(key);
  if (list === undefined) { list = []; free.set(key, list); }
  if (list.length < MAX_FREE) list.push(buf);
}

/** Buffers held (tests). */
export function pooledBlockBuffers(): number {
  let n = 0;
  for (const l of free.values()) n += l.length;
  return n;
}
