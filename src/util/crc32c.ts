/**
 * CRC-32C (Castagnoli): the bitrot checksum of every shard frame (storage/erasure/bitrot.ts),
 * S3's CRC32C checksum, the audit queue's line checksums and the erasure set rotation.
 *
 * Two implementations, same results: the `cairn-native-crc32c` addon (native/crc32c: the
 * x86-64 `crc32` instruction on three interleaved streams, 26-28 GB/s on 1 MiB here) when it
 * loaded and the CPU has SSE4.2, otherwise @node-rs/crc32 (one chain of the same instruction,
 * or the ARM one: 6.3-6.9 GB/s here). Every GET verifies and every PUT sums its frames on the
 * event loop, so the speed of this is paid per byte served.
 *
 * `initial` is a previous result: crc32c(b, crc32c(a)) === crc32c(a || b).
 */
import { crc32c as portableCrc32c } from '@node-rs/crc32';
import { loadNativeAddon } from './native-addon.js';

interface Addon {
  readonly available: boolean;
  readonly hardware?: boolean;
  readonly reason?: string;
  readonly crc32c?: (data: Uint8Array, initial?: number) => number;
}

const addon: Addon = loadNativeAddon<Addon>('cairn-native-crc32c');
const nativeCrc32c = addon.available && addon.hardware === true && typeof addon.crc32c === 'function' ? addon.crc32c : undefined;
const bytesCrc32c: (data: Uint8Array, initial?: number) => number = nativeCrc32c ?? portableCrc32c;

/** CRC-32C of `data` (a string as its UTF-8 bytes), continuing `initial`; an unsigned 32-bit number. */
export function crc32c(data: Uint8Array | string, initial = 0): number {
  return typeof data === 'string' ? portableCrc32c(data, initial) >>> 0 : bytesCrc32c(data, initial) >>> 0;
}

/** Which implementation runs, and why not the addon when it does not. */
export function crc32cImplementation(): { readonly name: 'native' | '@node-rs/crc32'; readonly nativeUnavailable?: string } {
  if (nativeCrc32c !== undefined) return { name: 'native' };
  const why = !addon.available ? (addon.reason ?? 'the addon did not load') : 'the CPU has no SSE4.2 (or is not x86-64)';
  return { name: '@node-rs/crc32', nativeUnavailable: why };
}
