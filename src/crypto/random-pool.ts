/**
 * Random bytes for keys, IVs and nonces, drawn from the CSPRNG (crypto.randomFillSync) 4 KiB
 * at a time: each node:crypto call costs about as much for 4 KiB as for 32 bytes (~5 µs,
 * several per encrypted PUT), so small draws are cut from a pooled buffer (as Node's
 * randomUUID does with its entropy cache). Every pooled byte is handed out once, as a copy
 * (a Buffer of its own), and zeroed in the pool as it is handed out. Per thread (module state).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
/** Larger draws are not pooled. */
const MAX_POOLED = 256;

const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `n` fresh random bytes in a buffer of their own. */
export function secureRandomBytes(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid random byte count ${n}`);
  const out = Buffer.allocUnsafeSlow(n);
  if (n > MAX_POOLED) return randomFillSync(out);
  if (used + n > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  pool.copy(out, 0, used, used + n);
  pool.fill(0, used, used + n);
  used += n;
  return out;
}
