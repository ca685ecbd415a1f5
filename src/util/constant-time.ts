/** Constant-time comparison of secrets given as strings (signatures: hex or base64). */
import { timingSafeEqual } from 'node:crypto';

/**
 * True when the two strings have the same UTF-8 bytes. The time taken depends only on the
 * length of `expected`: a length mismatch still spends one full comparison, so it is not
 * observably faster than a mismatch in the last byte.
 */
export function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
