/**
 * Opening a batch of whole stored packages into a plaintext buffer: the plaintext of package
 * `i` of the batch is written at `i * PACKAGE_SIZE` of `out` (package-format.ts). The stored
 * bytes come as consecutive segments, e.g. the frames in shared memory a worker thread reads
 * where the drive read put them (object/sse/open-batch-worker.ts); a package is opened where
 * it lies, with no copy in between, unless it spans two segments.
 *
 * Same checks as PackageOpener (package-codec.ts): sequence and final flag in nonce and aad, a
 * non-final package must be whole; a failing package stops the batch, and only the packages
 * before it count as plaintext (`out` after them is zeroed, never returned).
 */
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { KEY_BYTES, openInto, TAG_BYTES, type SseCipher } from './cipher-suite.js';
import { packageAad, packageNonce, PACKAGE_SIZE, SEALED_PACKAGE_SIZE } from './package-format.js';

export interface PackageBatch {
  readonly key: Buffer;
  readonly cipher: SseCipher;
  /** Sequence number of the first package of the batch. */
  readonly firstSequence: number;
  /** The batch's last package is the stream's final package. */
  readonly lastIsFinal: boolean;
}

export interface OpenedBatch {
  /** Plaintext bytes at the start of `out` (of the packages that verified). */
  readonly plainLength: number;
  /** Why the package after them failed (DecryptionFailedError reason); undefined: all verified. */
  readonly error?: string;
}

/** Plaintext bytes of a batch of `sealedLength` stored bytes in whole packages (the last possibly short). */
export function batchPlainLength(sealedLength: number): number {
  const full = Math.floor(sealedLength / SEALED_PACKAGE_SIZE);
  const rest = sealedLength % SEALED_PACKAGE_SIZE;
  return full * PACKAGE_SIZE + Math.max(0, rest - TAG_BYTES);
}

/** A package that spans segments is gathered here first (one per thread, reused). */
let gatherScratch: Buffer | undefined;

/**
 * Opens the batch whose stored bytes are the concatenation of `segments` (whole packages, the
 * last possibly short) into `out` (at least `batchPlainLength` of them, not overlapping them).
 * A package inside one segment is opened where it lies; one that spans segments is copied
 * together first.
 */
export function openSegmentsInto(batch: PackageBatch, segments: readonly Buffer[], out: Buffer): OpenedBatch {
  if (batch.key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${batch.key.length}`);
  let length = 0;
  for (const s of segments) length += s.length;
  if (length <= 0) throw new RangeError(`invalid batch length ${length}`);
  if (out.length < batchPlainLength(length)) throw new RangeError(`output of ${out.length} bytes for ${batchPlainLength(length)}`);
  let seg = 0;
  let segAt = 0;
  /** The next `n` bytes of the segments: a view where they lie in one segment, else a gathered copy. */
  const next = (n: number): Buffer => {
    while (segAt === segments[seg]!.length) { seg++; segAt = 0; }
    const s = segments[seg]!;
    if (s.length - segAt >= n) {
      segAt += n;
      return s.subarray(segAt - n, segAt);
    }
    gatherScratch ??= Buffer.allocUnsafeSlow(SEALED_PACKAGE_SIZE);
    let got = 0;
    while (got < n) {
      while (segAt === segments[seg]!.length) { seg++; segAt = 0; }
      const piece = Math.min(n - got, segments[seg]!.length - segAt);
      segments[seg]!.copy(gatherScratch, got, segAt, segAt + piece);
      got += piece;
      segAt += piece;
    }
    return gatherScratch.subarray(0, n);
  };
  let plainLength = 0;
  let sequence = batch.firstSequence;
  for (let at = 0; at < length; at += SEALED_PACKAGE_SIZE, sequence++) {
    const end = Math.min(length, at + SEALED_PACKAGE_SIZE);
    const final = end === length && batch.lastIsFinal;
    try {
      if (!final && end - at !== SEALED_PACKAGE_SIZE) throw new DecryptionFailedError(`package ${sequence} is truncated`);
      if (end - at < TAG_BYTES) throw new DecryptionFailedError(`package ${sequence} is shorter than its tag`);
      const n = end - at - TAG_BYTES;
      const aead = { cipher: batch.cipher, key: batch.key, nonce: packageNonce(sequence), aad: packageAad({ cipher: batch.cipher, sequence, final }) };
      openInto(aead, next(end - at), out.subarray(plainLength, plainLength + n), `package ${sequence}${final ? ' (final)' : ''}`);
      plainLength += n;
    } catch (err) {
      out.fill(0, plainLength, Math.min(out.length, batchPlainLength(length)));
      if (err instanceof DecryptionFailedError) return { plainLength, error: err.reason };
      throw err;
    }
  }
  return { plainLength };
}
