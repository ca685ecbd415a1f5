/**
 * Validation of an ErasureLayout against the set it is used with, and the per-object shard
 * distribution (which drive holds which shard). Layouts come from stored records, so they are
 * untrusted input: a bad one is a CorruptRecordError, never a crash.
 */
import { crc32c } from '../../util/crc32c.js';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import type { ErasureLayout } from '../storage.js';
import { bitrotAlgorithm, type BitrotAlgorithm } from './bitrot.js';
import { MAX_DATA_SHARDS, MAX_PARITY_SHARDS } from './reed-solomon-codec.js';

/** Largest accepted block size (bounds memory per request). */
export const MAX_BLOCK_SIZE = 64 * 1024 * 1024;

export interface CheckedLayout {
  readonly layout: ErasureLayout;
  readonly algo: BitrotAlgorithm;
  /** shardToDrive[s] = index of the drive holding shard s. */
  readonly shardToDrive: readonly number[];
}

export function checkLayout(layout: ErasureLayout, driveCount: number): CheckedLayout {
  const { k, m, blockSize, distribution } = layout;
  if (!Number.isInteger(k) || k < 1 || k > MAX_DATA_SHARDS) throw new CorruptRecordError(`layout k=${k} out of range`);
  if (!Number.isInteger(m) || m < 0 || m > MAX_PARITY_SHARDS) throw new CorruptRecordError(`layout m=${m} out of range`);
  if (k + m !== driveCount) throw new CorruptRecordError(`layout ${k}+${m} does not fit a set of ${driveCount} drives`);
  if (!Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK_SIZE) throw new CorruptRecordError(`layout blockSize=${blockSize} out of range`);
  if (!Array.isArray(distribution) || distribution.length !== driveCount) throw new CorruptRecordError('layout distribution has the wrong length');
  const shardToDrive = new Array<number>(driveCount).fill(-1);
  distribution.forEach((s, drive) => {
    if (!Number.isInteger(s) || s < 0 || s >= driveCount || shardToDrive[s] !== -1) throw new CorruptRecordError('layout distribution is not a permutation');
    shardToDrive[s] = drive;
  });
  const algo = bitrotAlgorithm(layout.bitrot);
  if (algo === undefined) throw new CorruptRecordError(`unknown bitrot algorithm ${JSON.stringify(layout.bitrot)}`);
  return { layout, algo, shardToDrive };
}

/**
 * Distribution for a key: shards rotated by a hash of bucket/key so that parity (and the
 * first data shard) land on different drives for different objects.
 */
export function distributionFor(bucket: string, key: string, driveCount: number): number[] {
  const rot = driveCount <= 1 ? 0 : (crc32c(`${bucket}/${key}`) >>> 0) % driveCount;
  const out: number[] = [];
  for (let drive = 0; drive < driveCount; drive++) out.push((drive + driveCount - rot) % driveCount);
  return out;
}
