/**
 * Opening a batch of whole stored packages in one buffer, in place: the plaintext of package
 * `i` of the batch is written at `i * PACKAGE_SIZE` (package-format.ts), which never reaches
 * stored bytes not yet opened (they start at `(i + 1) * SEALED_PACKAGE_SIZE`). So a batch read into a buffer of its
 * own can be handed to a worker thread, opened there without a further allocation visible to
 * the caller, and handed back (transferred) as plaintext.
 *
 * Same checks as PackageOpener (package-codec.ts): sequence and final flag in nonce and aad, a
 * non-final package must be whole; a failing package stops the batch, and only the packages
 * before it count as plaintext (the failing package's bytes are zeroed, never returned).
 */
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { KEY_BYTES, open, type SseCipher } from './cipher-suite.js';
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
      const plain = open(aead, buf.subarray(at, end), `package ${sequence}${final ? ' (final)' : ''}`);
      plain.copy(buf, plainLength);
      plainLength += plain.length;
    } catch (err) {
      buf.fill(0, plainLength, length);
      if (err instanceof DecryptionFailedError) return { plainLength, error: err.reason };
      throw err;
    }
  }
  return { plainLength };
}
