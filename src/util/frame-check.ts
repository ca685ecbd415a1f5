/**
 * The frame checks the frame-read pool can apply (util/frame-read-pool.ts), usable on any
 * thread: 'crc32c-le-prefix' = bytes [0, 4) are crc32c(bytes [4, end)) little-endian (the
 * bitrot frame of storage/erasure/bitrot.ts); 'none' = no check.
 */
import { crc32c } from '@node-rs/crc32';

export type FrameCheck = 'crc32c-le-prefix' | 'none';

/** True when `frame` passes `check` (a crc32c frame shorter than 4 bytes never does). */
export function checkFrame(frame: Buffer, check: FrameCheck): boolean {
  if (check === 'none') return true;
  if (frame.length < 4) return false;
  return (crc32c(frame.subarray(4)) >>> 0) === frame.readUInt32LE(0);
}
