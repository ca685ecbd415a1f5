/**
 * Opening a batch of whole stored packages in one buffer, in place: each package is opened
 * where it lies, then its plaintext moved to `i * PACKAGE_SIZE` (package-format.ts), which never reaches
 * stored bytes not yet opened (they start at `(i + 1) * SEALED_PACKAGE_SIZE`). So a batch read into a buffer of its
 * own can be handed to a worker thread, opened there without a further allocation visible to
 * the caller, and handed back (transferred) as plaintext.
 *
 * Same checks as PackageOpener (package-codec.ts): sequence and final flag in nonce and aad, a
 * non-final package must be whole; a failing package stops the batch, and only the packages
 * before it count as plaintext (the failing package's bytes are zeroed, never returned).
 */
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { KEY_BYTES, openInto, TAG_BYTES, type SseCipher } from './cipher-suite.js';
import { packageAad, packageNonce, SEALED_PACKAGE_SIZE } from './package-format.js';

export interface PackageBatch {
  readonly key: Buffer;
  readonly cipher: SseCipher;
  /** Sequence number of the first package of the batch. */
  readonly firstSequence: number;
  /** The batch's last package is the stream's final package. */
  readonly lastIsFinal: boolean;
}

export interface OpenedBatch {
  /** Plaintext bytes at the start of the buffer (of the packages that verified). */
  readonly plainLength: number;
  /** Why the package after them failed (DecryptionFailedError reason); undefined: all verified. */
  readonly error?: string;
}

/** Opens `buf[0, length)` (whole packages, the last possibly short) in place. */
export function openBatchInPlace(batch: PackageBatch, buf: Buffer, length: number): OpenedBatch {
  if (batch.key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${batch.key.length}`);
  if (length <= 0 || length > buf.length) throw new RangeError(`invalid batch length ${length}`);
  let plainLength = 0;
  let sequence = batch.firstSequence;
  for (let at = 0; at < length; at += SEALED_PACKAGE_SIZE, sequence++) {
    const end = Math.min(length, at + SEALED_PACKAGE_SIZE);
    const final = end === length && batch.lastIsFinal;
    try {
      if (!final && end - at !== SEALED_PACKAGE_SIZE) throw new DecryptionFailedError(`package ${sequence} is truncated`);
      const aead = { cipher: batch.cipher, key: batch.key, nonce: packageNonce(sequence), aad: packageAad({ cipher: batch.cipher, sequence, final }) };
      const sealed = buf.subarray(at, end);
      if (sealed.length < TAG_BYTES) throw new DecryptionFailedError(`package ${sequence} is shorter than its tag`);
      const n = sealed.length - TAG_BYTES;
      openInto(aead, sealed, buf.subarray(at, at + n), `package ${sequence}${final ? ' (final)' : ''}`);
      if (at !== plainLength) buf.copy(buf, plainLength, at, at + n);
      plainLength += n;
    } catch (err) {
      buf.fill(0, plainLength, length);
      if (err instanceof DecryptionFailedError) return { plainLength, error: err.reason };
      throw err;
    }
  }
  return { plainLength };
}
