/**
 * Buffers for short-lived bytes of a few KiB (the plaintext of a small encrypted GET, written to
 * the socket and dropped), cut from a shared slab.
 *
 * `Buffer.allocUnsafe` pools only sizes under 4 KiB (half of `Buffer.poolSize`); anything from
 * 4 KiB up is an ArrayBuffer of its own, ~3 µs each on this machine with the garbage collector's
 * share (CPU profile of 4 KiB SSE-S3 GETs, 16 at once). Here sizes up to `MAX_SLAB_PIECE` are
 * views of a 256 KiB slab, each starting on an 8-byte boundary; a full slab is left to the views
 * that still hold parts of it (the garbage collector frees it with the last one), as Node's own
 * pool does. Only for bytes that do not outlive the request: a view kept for long keeps its
 * whole slab alive.
 */
const SLAB_BYTES = 256 * 1024;
/** Larger sizes get a buffer of their own. */
export const MAX_SLAB_PIECE = 32 * 1024;

let slab = Buffer.alloc(0);
let used = 0;

/** `n` uninitialised bytes (a view of the current slab when `n` <= MAX_SLAB_PIECE). */
export function allocShortLived(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid buffer size ${n}`);
  if (n > MAX_SLAB_PIECE) return Buffer.allocUnsafe(n);
  if (used + n > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  used += (n + 7) & ~7;
  return out;
}
