/**
 * Bitrot-protected shard frames. A shard file (or an inline shard buffer) is a sequence of
 * frames, one per erasure block: [checksum (4 bytes, crc32c little-endian)][shard bytes].
 * The algorithm id is recorded in ErasureLayout.bitrot so it can change later.
 */
import { crc32c } from '../../util/crc32c.js';

export const BITROT_CRC32C = 'crc32c-1';
export const DEFAULT_BITROT = BITROT_CRC32C;

export interface BitrotAlgorithm {
  readonly id: string;
  /** Bytes of checksum in front of every frame. */
  readonly checksumSize: number;
  /** Write the checksum of `data` at `out[offset..]`. */
  sumInto(data: Buffer, out: Buffer, offset: number): void;
  /** True when `frame` (checksum + data) verifies. */
  verify(frame: Buffer): boolean;
  /**
   * Set when the check is a CRC-32C of the frame's bytes from this offset on: a reader that sums
   * what it reads (DriveFileReader.readSummed) hands that sum to `verifySum` instead.
   */
  readonly crc32cFrom?: number;
  /** True when `frame`, whose bytes from `crc32cFrom` on sum to `crc`, verifies. */
  verifySum?(frame: Buffer, crc: number): boolean;
}

const crc32cAlgorithm: BitrotAlgorithm = {
  id: BITROT_CRC32C,
  checksumSize: 4,
  sumInto(data, out, offset) {
    out.writeUInt32LE(crc32c(data) >>> 0, offset);
  },
  verify(frame) {
    if (frame.length < 4) return false;
    return (crc32c(frame.subarray(4)) >>> 0) === frame.readUInt32LE(0);
  },
  crc32cFrom: 4,
  verifySum(frame, crc) {
    return frame.length >= 4 && crc === frame.readUInt32LE(0);
  },
};

/** The algorithm for an id, or undefined when unknown (the caller treats data as unreadable). */
export function bitrotAlgorithm(id: string): BitrotAlgorithm | undefined {
  return id === BITROT_CRC32C ? crc32cAlgorithm : undefined;
}

/** Build one frame: checksum followed by a copy of the shard bytes. */
export function makeFrame(algo: BitrotAlgorithm, shard: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(algo.checksumSize + shard.length);
  shard.copy(frame, algo.checksumSize);
  algo.sumInto(shard, frame, 0);
  return frame;
}

/** The checksum header of one frame alone, to be written followed by the shard itself (no copy). */
export function frameHeader(algo: BitrotAlgorithm, shard: Buffer): Buffer {
  const header = Buffer.allocUnsafe(algo.checksumSize);
  algo.sumInto(shard, header, 0);
  return header;
}

/** The shard bytes of a verified frame, or undefined when the checksum does not match. */
export function openFrame(algo: BitrotAlgorithm, frame: Buffer): Buffer | undefined {
  return algo.verify(frame) ? frame.subarray(algo.checksumSize) : undefined;
}
