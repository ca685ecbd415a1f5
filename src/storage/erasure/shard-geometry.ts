/**
 * Where the bytes of an object live inside its shard files: blocks of layout.blockSize bytes
 * of object data, each stored as one frame per shard. Every block except the last is full,
 * so frame b of any shard file starts at b * fullFrameSize.
 */
import type { ErasureLayout } from '../storage.js';
import { shardSizeFor } from './reed-solomon-codec.js';

export interface ShardGeometry {
  readonly blockSize: number;
  readonly blocks: number;
  readonly size: number;
  readonly checksumSize: number;
  /** Object bytes in block b. */
  blockLen(b: number): number;
  /** Shard bytes of block b. */
  shardSize(b: number): number;
  /** Frame (checksum + shard) bytes of block b. */
  frameSize(b: number): number;
  /** Offset of frame b within a shard file. */
  frameOffset(b: number): number;
  /** Total shard file length. */
  readonly fileSize: number;
}

export function shardGeometry(layout: ErasureLayout, size: number, checksumSize: number): ShardGeometry {
  const { k, m, blockSize } = layout;
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad object size ${size}`);
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError(`bad block size ${blockSize}`);
  const blocks = Math.ceil(size / blockSize);
  const fullShard = shardSizeFor(k, m, blockSize);
  const fullFrame = checksumSize + fullShard;
  const lastLen = blocks === 0 ? 0 : size - (blocks - 1) * blockSize;
  const blockLen = (b: number) => (b === blocks - 1 ? lastLen : blockSize);
  const shardSize = (b: number) => (b === blocks - 1 ? shardSizeFor(k, m, lastLen) : fullShard);
  const frameSize = (b: number) => checksumSize + shardSize(b);
  const fileSize = blocks === 0 ? 0 : (blocks - 1) * fullFrame + frameSize(blocks - 1);
  return {
    blockSize, blocks, size, checksumSize, fileSize,
    blockLen, shardSize, frameSize,
    frameOffset: (b: number) => b * fullFrame,
  };
}
