/**
 * Cryptographically random bytes, drawn from a 4 KiB pool refilled with randomFillSync.
 * One randomBytes(8) call per id costs an allocation and a trip into OpenSSL each time; ids
 * are made on every write, so they take their bytes from this pool instead (same source,
 * same quality; the pool is per process and never handed out twice).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** Copies `n` (<= 4096) fresh random bytes into `out` at `at`. */
export function randomInto(out: Buffer, at: number, n: number): void {
  if (n > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  pool.copy(out, at, offset, offset + n);
  offset += n; // bytes before offset are spent: refilled before they are used again
}

/** `n` fresh random bytes as lowercase hex. */
export function randomHex(n: number): string {
  const b = Buffer.allocUnsafe(n);
  randomInto(b, 0, n);
  return b.toString('hex');
}
