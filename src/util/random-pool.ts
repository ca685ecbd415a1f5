/**
 * Cryptographically random bytes for the whole process, per thread (module state): SSE keys,
 * IVs and nonces (crypto/), and ids (object/ids.ts). Drawn from the CSPRNG (randomFillSync) 4 KiB
 * at a time: each call costs about as much for 4 KiB as for 32 bytes (~4 µs, several per
 * encrypted PUT and one per id), so small draws are cut from a slab of random bytes (as Node's
 * randomUUID does with its entropy cache).
 *
 * A draw is a view of the slab, not a copy, and a slab is never refilled: every byte is handed
 * out once, and a full slab is left to the views that still hold parts of it (the garbage
 * collector frees it with the last one; holders wipe their keys as before). The slab is one
 * off-heap ArrayBuffer that native code already filled. A buffer of 64 bytes or less made on
 * its own (`Buffer.alloc`, `allocUnsafeSlow`) lives on the V8 heap instead, and the first time
 * native code is given it (the AEAD engine, HMAC, `Buffer.copy`) V8 moves it off the heap:
 * ~1.2-1.8 µs per key or IV on this machine, several times per encrypted request.
 */
import { randomFillSync } from 'node:crypto';

const SLAB_BYTES = 4096;
/** Larger draws are a buffer of their own. */
const MAX_POOLED = 256;

let slab = Buffer.alloc(0);
let used = 0;

/** `n` fresh random bytes, never handed out before (a view of the thread's current slab for small `n`). */
export function secureRandomBytes(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid random byte count ${n}`);
  if (n > MAX_POOLED) return randomFillSync(Buffer.allocUnsafeSlow(n));
  if (used + n > slab.length) {
    slab = randomFillSync(Buffer.allocUnsafeSlow(SLAB_BYTES));
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  used += n;
  return out;
}

/** Writes `n` (<= 4096) fresh random bytes into `out` at `at`. */
export function randomInto(out: Buffer, at: number, n: number): void {
  if (n > SLAB_BYTES) throw new RangeError(`at most ${SLAB_BYTES} random bytes at a time`);
  out.set(secureRandomBytes(n), at);
}

/** `n` fresh random bytes as lowercase hex. */
export function randomHex(n: number): string {
  return secureRandomBytes(n).toString('hex');
}
