/**
 * Ranges of multipart objects: every part is its own encrypted stream (its own stream key,
 * sequence numbers from 0, its own final package), so an object range maps to one stored
 * range per part it touches. Pure arithmetic over the parts' plaintext sizes.
 */
import { sealedRangeOf, type SealedRange } from './package-format.js';

export interface PartRange extends SealedRange {
  /** Index of the part in the object's part list (0-based, not the S3 part number). */
  readonly partIndex: number;
}

export interface MultipartRangeInput {
  /** Plaintext size of each part, in object order. */
  readonly partSizes: readonly number[];
  /** First plaintext byte of the object wanted. */
  readonly offset: number;
  /** Plaintext bytes wanted (>= 1). */
  readonly length: number;
}

/** The stored range to read of each part a plaintext range of the whole object touches, in order. */
export function multipartSealedRanges(input: MultipartRangeInput): PartRange[] {
  const total = input.partSizes.reduce((a, b) => a + b, 0);
  const { offset, length } = input;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 1 || offset + length > total) {
    throw new RangeError(`invalid range ${offset}+${length} of a ${total}-byte multipart plaintext`);
  }
  const out: PartRange[] = [];
  let partStart = 0;
  const end = offset + length;
  for (let i = 0; i < input.partSizes.length && partStart < end; i++) {
    const size = input.partSizes[i]!;
    const partEnd = partStart + size;
    if (partEnd > offset && size > 0) {
      const from = Math.max(offset, partStart) - partStart;
      const to = Math.min(end, partEnd) - partStart;
      out.push({ partIndex: i, ...sealedRangeOf({ plainSize: size, offset: from, length: to - from }) });
    }
    partStart = partEnd;
  }
  return out;
}
