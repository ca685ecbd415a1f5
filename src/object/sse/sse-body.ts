/**
 * The stored form of an encrypted stream (an object body, or one multipart part):
 *
 *   stream IV (32 random bytes) || packages (crypto/package-format.ts) under
 *   deriveStreamKey(objectKey, IV)
 *
 * The IV travels with the data, so every part of a multipart upload (and a re-uploaded part)
 * has its own key without a new record field, and heal copies it with the bytes.
 * Stored size = 32 + encryptedSize(plaintext size).
 */
import {
  deriveStreamKey, encryptedSize, newStreamIv, openAll, PackageOpener, PackageSealer, plaintextSize, sealAll, STREAM_IV_BYTES,
  type PackageOpenerOptions, type SseCipher,
} from '../../crypto/index.js';
import { DecryptionFailedError } from '../../errors/domain-errors.js';

export const STREAM_HEADER_BYTES = STREAM_IV_BYTES;

/** What encrypts a new stream: the object key and its cipher. */
export interface StreamSealKey {
  readonly objectKey: Buffer;
  readonly cipher: SseCipher;
}

/** Stored size of a stream of `plain` plaintext bytes. */
export function storedSizeOf(plain: number): number {
  return STREAM_HEADER_BYTES + encryptedSize(plain);
}

/** Plaintext size of a stored stream of `stored` bytes (DecryptionFailedError for an impossible size). */
export function plainSizeOf(stored: number): number {
  if (stored < STREAM_HEADER_BYTES) throw new DecryptionFailedError(`${stored} stored bytes cannot hold an encrypted stream`);
  return plaintextSize(stored - STREAM_HEADER_BYTES);
}

/** Seal a whole (small) plaintext in memory. */
export function sealWhole(key: StreamSealKey, plain: Buffer): Buffer {
  const iv = newStreamIv();
  const stored = Buffer.allocUnsafe(storedSizeOf(plain.length));
  iv.copy(stored, 0);
  sealAll(deriveStreamKey(key.objectKey, iv), key.cipher, plain, stored, STREAM_HEADER_BYTES);
  return stored;
}

/** The stream IV at the head of a whole stored stream (DecryptionFailedError when it is shorter than one). */
export function streamIvOf(stored: Buffer): Buffer {
  if (stored.length < STREAM_HEADER_BYTES) throw new DecryptionFailedError('stored stream is shorter than its IV');
  return stored.subarray(0, STREAM_HEADER_BYTES);
}

/**
 * Open a whole stored stream in memory with the key of its stream, whose IV the caller took with
 * `streamIvOf` (so `stored` holds one): DecryptionFailedError when any byte was changed.
 */
export function openWholeWith(streamKey: Buffer, cipher: SseCipher, stored: Buffer, alloc?: (n: number) => Buffer): Buffer {
  return openAll(streamKey, cipher, stored.subarray(STREAM_HEADER_BYTES), alloc);
}

/** Open a whole stored stream in memory (DecryptionFailedError when any byte was changed). */
export function openWhole(key: StreamSealKey, stored: Buffer): Buffer {
  return openWholeWith(deriveStreamKey(key.objectKey, streamIvOf(stored)), key.cipher, stored);
}

/**
 * The stored stream of a plaintext body: the IV, then the packages. `observe` sees every
 * plaintext chunk first, in order (hashing: the digests are the plaintext's), and is awaited.
 * The packages are sealed into one buffer (no allocation per 64 KiB): each chunk yielded is
 * valid until the next is asked for, which the shard writer (`writeShards`, the only consumer)
 * honours by copying every chunk into its block before it asks for the next.
 */
export async function* sealChunks(
  key: StreamSealKey, source: AsyncIterable<Buffer>, observe: (plain: Buffer) => void | Promise<void>,
): AsyncGenerator<Buffer> {
  const iv = newStreamIv();
  const sealer = new PackageSealer(deriveStreamKey(key.objectKey, iv), key.cipher);
  yield iv;
  for await (const chunk of source) {
    await observe(chunk);
    yield* sealer.packagesOf(chunk);
  }
  yield sealer.finalPackage();
}

/**
 * The plaintext of stored bytes read from a stream: `ivOf` gives the IV (read separately, or
 * taken from the first 32 bytes of `source` when `ivInSource`). Each consumed source chunk is
 * handed to `release` once its bytes were copied or opened (pooled read buffers).
 */
export async function* openChunks(
  key: StreamSealKey, source: AsyncIterable<Buffer>, range: PackageOpenerOptions,
  iv: Buffer | undefined, release: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  let opener = iv === undefined ? undefined : new PackageOpener(deriveStreamKey(key.objectKey, iv), key.cipher, range);
  let header: Buffer[] = [];
  let headerBytes = 0;
  for await (const chunk of source) {
    let rest = chunk;
    if (opener === undefined) {
      const n = Math.min(STREAM_HEADER_BYTES - headerBytes, rest.length);
      header.push(Buffer.from(rest.subarray(0, n)));
      headerBytes += n;
      rest = rest.subarray(n);
      if (headerBytes === STREAM_HEADER_BYTES) {
        opener = new PackageOpener(deriveStreamKey(key.objectKey, Buffer.concat(header)), key.cipher, range);
        header = [];
      }
    }
    // The packages before a failing one are still handed on, then the failure (never a byte of it).
    const out: Buffer[] = [];
    let failed: unknown;
    try {
      if (opener !== undefined && rest.length > 0) opener.update(rest, (plain) => out.push(plain));
    } catch (err) {
      failed = err;
    }
    release(chunk);
    yield* out;
    if (failed !== undefined) throw failed;
  }
  if (opener === undefined) throw new DecryptionFailedError('stored stream is shorter than its IV');
  const last: Buffer[] = [];
  opener.final((plain) => last.push(plain));
  yield* last;
  opener.checkComplete();
}
