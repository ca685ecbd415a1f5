/**
 * Range header parsing (RFC 7233) with S3's choices:
 * - one byte range: `bytes=a-b`, `bytes=a-`, `bytes=-n`;
 * - a syntactically invalid header (wrong unit, garbage, last < first, signs) is ignored and
 *   the whole object is served, as RFC 7233 section 3.1 requires and S3 does;
 * - several ranges (`bytes=0-1,4-5`) are not supported by S3: it serves the whole object
 *   with 200, so they are ignored too;
 * - `bytes=-0` is syntactically valid but never satisfiable: it resolves to 416 in the layer,
 *   so it is passed on as a zero-length suffix.
 * Whether a valid range is satisfiable depends on the object size and is decided by the
 * object layer (InvalidRangeError -> 416 InvalidRange with `Content-Range: bytes *\/size`).
 */
import type { ByteRange, RangeSpec } from '../../../object/object-layer.js';

const SINGLE = /^bytes=(\d*)-(\d*)$/;
const MAX_DIGITS = 15; // 10^15 bytes is far beyond any object; keeps Number exact

export function parseRange(header: string | undefined): RangeSpec | undefined {
  if (header === undefined) return undefined;
  const m = SINGLE.exec(header.trim().replace(/\s+/g, ''));
  if (m === null) return undefined;
  const [, first = '', last = ''] = m;
  if (first.length > MAX_DIGITS || last.length > MAX_DIGITS) return undefined;
  if (first === '' && last === '') return undefined;
  if (first === '') return { kind: 'suffix', length: Number(last) };
  const start = Number(first);
  if (last === '') return { kind: 'open', start };
  const end = Number(last);
  if (end < start) return undefined;
  return { kind: 'bounded', start, end };
}

/**
 * Resolves a range against an object size (used where the handler must check a range itself,
 * e.g. x-amz-copy-source-range). Undefined when not satisfiable.
 */
export function resolveRange(spec: RangeSpec, size: number): ByteRange | undefined {
  switch (spec.kind) {
    case 'bounded':
      if (spec.start >= size) return undefined;
      return { start: spec.start, end: Math.min(spec.end, size - 1) };
    case 'open':
      if (spec.start >= size) return undefined;
      return { start: spec.start, end: size - 1 };
    case 'suffix':
      if (spec.length === 0 || size === 0) return undefined;
      return { start: Math.max(0, size - spec.length), end: size - 1 };
  }
}

/** `bytes 0-9/100` for a 206 response. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
