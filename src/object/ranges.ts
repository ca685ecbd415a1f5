/** Resolution of client ranges and part numbers against an object (RFC 9110 + S3 rules). */
import { InvalidPartNumberError, InvalidRangeError } from '../errors/domain-errors.js';
import type { ObjectVersionRecord } from '../storage/format/index.js';
import type { ByteRange, RangeSpec } from './object-layer.js';

/** Unsatisfiable (start beyond the end, empty object, bytes=-0) → InvalidRangeError(size). */
export function resolveRange(spec: RangeSpec, size: number): ByteRange {
  switch (spec.kind) {
    case 'bounded': {
      if (!Number.isSafeInteger(spec.start) || !Number.isSafeInteger(spec.end) || spec.start < 0 || spec.end < spec.start) {
        throw new InvalidRangeError(size);
      }
      if (spec.start >= size) throw new InvalidRangeError(size);
      return { start: spec.start, end: Math.min(spec.end, size - 1) };
    }
    case 'open': {
      if (!Number.isSafeInteger(spec.start) || spec.start < 0 || spec.start >= size) throw new InvalidRangeError(size);
      return { start: spec.start, end: size - 1 };
    }
    case 'suffix': {
      if (!Number.isSafeInteger(spec.length) || spec.length <= 0 || size === 0) throw new InvalidRangeError(size);
      return { start: Math.max(0, size - spec.length), end: size - 1 };
    }
    default: {
      const never: never = spec;
      throw new InvalidRangeError(size + 0 * (never as number));
    }
  }
}

export interface PartSelection {
  /** Byte range of the part in the object (undefined for an empty single-part object). */
  readonly range: ByteRange | undefined;
  readonly partsCount: number;
}

/**
 * GET/HEAD ?partNumber=N. Multipart objects: the part's bytes. Other objects (as AWS):
 * part 1 is the whole object, any other number is InvalidPartNumber.
 */
export function selectPart(v: ObjectVersionRecord, partNumber: number): PartSelection {
  if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > 10000) throw new InvalidPartNumberError(partNumber);
  if (!v.parts) {
    if (partNumber !== 1) throw new InvalidPartNumberError(partNumber);
    return { range: v.size > 0 ? { start: 0, end: v.size - 1 } : undefined, partsCount: 1 };
  }
  let offset = 0;
  for (const p of v.parts) {
    if (p.number === partNumber) {
      return { range: p.size > 0 ? { start: offset, end: offset + p.size - 1 } : undefined, partsCount: v.parts.length };
    }
    offset += p.size;
  }
  throw new InvalidPartNumberError(partNumber);
}
