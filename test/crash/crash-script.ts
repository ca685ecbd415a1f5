/**
 * The scripted workload of the crash trials, shared by the child (which performs it) and the
 * parent (which checks what survived): operation i of a seed is a pure function of (seed, i),
 * and an object's content is a pure function of (key, seq), so acknowledged content can be
 * recomputed after a SIGKILL.
 */
import { createHash } from 'node:crypto';

export const CRASH_BUCKET = 'crash-bkt';
export const CRASH_KEYS = ['k0', 'k1', 'k2', 'dir/k3', 'dir/k4', 'k5'] as const;
export const CRASH_BLOCK_SIZE = 64 * 1024;
const PUT_SIZES = [0, 100, 4000, 100 * 1024, 200 * 1024 + 5, 700 * 1024 + 11];
export const MULTIPART_PART1 = 5 * 1024 * 1024;
export const MULTIPART_PART2 = 1024 + 7;

export type CrashOp =
  | { readonly kind: 'put'; readonly key: string; readonly seq: number; readonly size: number }
  | { readonly kind: 'delete'; readonly key: string; readonly seq: number }
  | { readonly kind: 'multipart'; readonly key: string; readonly seq: number };

/** Deterministic uniform [0, 1) from (seed, i, salt). */
function unit(seed: number, i: number, salt: string): number {
  return createHash('sha256').update(`${seed}:${i}:${salt}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function crashOp(seed: number, i: number): CrashOp {
  const key = CRASH_KEYS[Math.floor(unit(seed, i, 'key') * CRASH_KEYS.length)]!;
  const r = unit(seed, i, 'kind');
  if (r < 0.2) return { kind: 'delete', key, seq: i };
  if (r < 0.28) return { kind: 'multipart', key, seq: i };
  return { kind: 'put', key, seq: i, size: PUT_SIZES[Math.floor(unit(seed, i, 'size') * PUT_SIZES.length)]! };
}

/** Deterministic bytes (xorshift32 seeded by a hash of the label): fast for MiB sizes. */
export function crashBytes(label: string, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = createHash('sha256').update(label).digest().readUInt32LE(0) | 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out.writeInt32LE(x | 0, i);
  }
  for (; i < size; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 0xff; }
  return out;
}

export function multipartParts(key: string, seq: number): Buffer[] {
  return [crashBytes(`${key}:${seq}:1`, MULTIPART_PART1), crashBytes(`${key}:${seq}:2`, MULTIPART_PART2)];
}

/** The content an op leaves under its key (undefined: the key is deleted). */
export function contentAfter(op: CrashOp): Buffer | undefined {
  if (op.kind === 'delete') return undefined;
  if (op.kind === 'multipart') return Buffer.concat(multipartParts(op.key, op.seq));
  return crashBytes(`${op.key}:${op.seq}`, op.size);
}
