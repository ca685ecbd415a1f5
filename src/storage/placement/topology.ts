/**
 * Erasure topology of a pool: how many drives per set, the default parity per set size,
 * the EC:N storage-class override, quorums, and the object → set hash.
 */
import { createHash } from 'node:crypto';
import { FormatError } from '../../errors/domain-errors.js';

/** Largest divisor of the drive count between 2 and 16 (a single drive is a set of 1). */
export function setSizeFor(driveCount: number): number {
  if (!Number.isInteger(driveCount) || driveCount < 1) throw new FormatError(`bad drive count ${driveCount}`);
  if (driveCount === 1) return 1;
  for (let size = 16; size >= 2; size--) {
    if (driveCount % size === 0) return size;
  }
  throw new FormatError(`${driveCount} drives cannot be split into erasure sets of 2 to 16 drives; use a drive count with such a divisor`);
}

/** Default parity for a set size: 1 → 0, 2-3 → 1, 4-5 → 2, 6-7 → 3, 8-16 → 4. */
export function defaultParity(setSize: number): number {
  if (setSize <= 1) return 0;
  if (setSize <= 3) return 1;
  if (setSize <= 5) return 2;
  if (setSize <= 7) return 3;
  return 4;
}

/** Parse a storage class value `EC:N` (e.g. from CAIRN_STORAGE_CLASS_STANDARD) for a set size. */
export function parseStorageClass(value: string, setSize: number): number {
  const m = /^EC:(\d{1,2})$/.exec(value.trim());
  if (m === null) throw new FormatError(`storage class ${JSON.stringify(value)} is not of the form EC:N`);
  const parity = Number(m[1]);
  return checkParity(parity, setSize);
}

export function checkParity(parity: number, setSize: number): number {
  if (!Number.isInteger(parity) || parity < 0) throw new FormatError(`parity ${parity} must be a non-negative integer`);
  if (parity > Math.floor(setSize / 2)) throw new FormatError(`parity EC:${parity} exceeds half of the erasure set size ${setSize}`);
  return parity;
}

export interface Quorums {
  readonly k: number;
  readonly m: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
}

export function quorumsFor(setSize: number, parity: number): Quorums {
  const k = setSize - parity;
  return { k, m: parity, readQuorum: k, writeQuorum: k === parity ? k + 1 : k };
}

/** Deterministic set index: first 4 bytes of sha256(deploymentId \0 bucket/key) mod sets. */
export function setIndexFor(deploymentId: string, bucket: string, key: string, setCount: number): number {
  if (setCount <= 1) return 0;
  const h = createHash('sha256').update(deploymentId).update('\0').update(bucket).update('/').update(key).digest();
  return h.readUInt32BE(0) % setCount;
}
