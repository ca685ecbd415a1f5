/**
 * Stream keys: every encrypted stream (an object body, or one UploadPart) gets its own key
 *
 *   streamKey = HMAC-SHA256(objectKey, "CAIRN-SSE stream key v1" || 0x00 || streamIv)
 *
 * with a random 32-byte stream IV stored beside the stream. Package nonces are sequence
 * numbers (package-format.ts), so a key must never seal two streams: a re-uploaded part or a
 * rewritten body draws a new IV, hence a new key, and never reuses a key+nonce pair.
 * (2^-256 per pair of streams is the chance two IVs collide.)
 */
import { secureRandomBytes } from '../util/random-pool.js';
import { KEY_BYTES } from './cipher-suite.js';
import { hmacSha256 } from './hmac-sha256.js';

export const STREAM_IV_BYTES = 32;
const LABEL = Buffer.from('CAIRN-SSE stream key v1\0', 'latin1');

/** A fresh random stream IV. */
export function newStreamIv(): Buffer {
  return secureRandomBytes(STREAM_IV_BYTES);
}

/** The key of the stream with IV `streamIv` of the object whose key is `objectKey`. */
export function deriveStreamKey(objectKey: Buffer, streamIv: Buffer): Buffer {
  if (objectKey.length !== KEY_BYTES) throw new RangeError(`object key must be ${KEY_BYTES} bytes, got ${objectKey.length}`);
  if (streamIv.length !== STREAM_IV_BYTES) throw new RangeError(`stream IV must be ${STREAM_IV_BYTES} bytes, got ${streamIv.length}`);
  return hmacSha256(objectKey, LABEL, streamIv);
}
