/**
 * The sums of a gathered write with sums (FileIo / DriveFileWriter `writevSummed`): pairs of
 * indexes into the write's chunks, `[header, data, header, data, ...]`, each 4-byte header to be
 * filled with the CRC-32C (little-endian) of its data chunk before the chunks are written (a
 * shard frame's `[crc32c][shard]`, storage/erasure/bitrot.ts). The native file calls sum on the
 * pool thread that writes; these are the checks both implementations share and the sum on the
 * calling thread.
 */
import { crc32c } from '../../util/crc32c.js';

/** Throws RangeError unless `sums` is a list of (header, data) pairs of distinct indexes into `chunks`, each header 4 bytes. */
export function checkSums(chunks: readonly Buffer[], sums: readonly number[]): void {
  if (sums.length % 2 !== 0) throw new RangeError('sums must hold (header, data) index pairs');
  for (let i = 0; i < sums.length; i += 2) {
    const header = sums[i]!;
    const data = sums[i + 1]!;
    if (!Number.isInteger(header) || !Number.isInteger(data) || header < 0 || data < 0 || header >= chunks.length || data >= chunks.length || header === data) {
      throw new RangeError(`sums index out of range (${header}, ${data}) for ${chunks.length} chunks`);
    }
    if (chunks[header]!.length !== 4) throw new RangeError(`a sum's header chunk must be 4 bytes, not ${chunks[header]!.length}`);
  }
}

/** Fills every header of `sums` with its data chunk's CRC-32C (little-endian), here. */
export function fillSums(chunks: readonly Buffer[], sums: readonly number[]): void {
  for (let i = 0; i < sums.length; i += 2) chunks[sums[i]!]!.writeUInt32LE(crc32c(chunks[sums[i + 1]!]!) >>> 0, 0);
}
