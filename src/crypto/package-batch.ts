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
import { nativeAead } from './aead-engine.js';
import { cipherId, KEY_BYTES, NONCE_BYTES, openInto, TAG_BYTES, type SseCipher } from './cipher-suite.js';
import { PACKAGE_AAD_BYTES, PACKAGE_SIZE, SEALED_PACKAGE_SIZE, writePackageAad, writePackageNonce } from './package-format.js';

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
  const count = Math.ceil(length / SEALED_PACKAGE_SIZE);
  const lastLength = length - (count - 1) * SEALED_PACKAGE_SIZE;
  const lastSequence = batch.firstSequence + count - 1;
  // Only the last package can be short: cut off when the stream goes on, or no room for its tag.
  const lastProblem = !batch.lastIsFinal && lastLength !== SEALED_PACKAGE_SIZE ? `package ${lastSequence} is truncated`
    : lastLength < TAG_BYTES ? `package ${lastSequence} is shorter than its tag` : undefined;
  const whole = lastProblem === undefined ? count : count - 1;
  let verified = 0;
  if (whole > 0) {
    const nonces = Buffer.allocUnsafe(whole * NONCE_BYTES);
    const aads = Buffer.allocUnsafe(whole * PACKAGE_AAD_BYTES);
    for (let i = 0; i < whole; i++) {
      const sequence = batch.firstSequence + i;
      writePackageNonce(nonces, i * NONCE_BYTES, sequence);
      writePackageAad(aads, i * PACKAGE_AAD_BYTES, { cipher: batch.cipher, sequence, final: i === count - 1 && batch.lastIsFinal });
    }
    const stored = whole === count ? segments : leadingBytes(segments, whole * SEALED_PACKAGE_SIZE);
    const native = nativeAead();
    verified = native !== undefined
      ? native.openPackages(cipherId(batch.cipher), batch.key, nonces, aads, stored, SEALED_PACKAGE_SIZE, out)
      : openPackagesOneByOne(batch, nonces, aads, stored, out);
  }
  const plainLength = verified * PACKAGE_SIZE;
  if (verified === count) return { plainLength: length - count * TAG_BYTES };
  out.fill(0, plainLength, Math.min(out.length, batchPlainLength(length)));
  if (verified < whole) {
    const sequence = batch.firstSequence + verified;
    const final = verified === count - 1 && batch.lastIsFinal;
    return { plainLength, error: `package ${sequence}${final ? ' (final)' : ''} failed authentication` };
  }
  return { plainLength, error: lastProblem };
}

/** The first `n` bytes of `segments` (views). */
function leadingBytes(segments: readonly Buffer[], n: number): Buffer[] {
  const lead: Buffer[] = [];
  for (const s of segments) {
    if (n === 0) break;
    const piece = Math.min(n, s.length);
    lead.push(s.subarray(0, piece));
    n -= piece;
  }
  return lead;
}

/** A package that spans segments is gathered here first by openPackagesOneByOne (one per thread, reused). */
let gatherScratch: Buffer | undefined;

/**
 * The addon's openPackages with node:crypto, one call per package: the packages stored in
 * `segments` (SEALED_PACKAGE_SIZE each, the last possibly shorter) opened with nonce i and
 * additional data i; returns how many verified (the failing one's plaintext zeroed by openInto).
 */
function openPackagesOneByOne(batch: PackageBatch, nonces: Buffer, aads: Buffer, segments: readonly Buffer[], out: Buffer): number {
  const count = nonces.length / NONCE_BYTES;
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
  let length = 0;
  for (const s of segments) length += s.length;
  for (let i = 0; i < count; i++) {
    const sealedLength = Math.min(SEALED_PACKAGE_SIZE, length - i * SEALED_PACKAGE_SIZE);
    const aead = {
      cipher: batch.cipher, key: batch.key,
      nonce: nonces.subarray(i * NONCE_BYTES, (i + 1) * NONCE_BYTES),
      aad: aads.subarray(i * PACKAGE_AAD_BYTES, (i + 1) * PACKAGE_AAD_BYTES),
    };
    try {
      openInto(aead, next(sealedLength), out.subarray(i * PACKAGE_SIZE, i * PACKAGE_SIZE + sealedLength - TAG_BYTES), `package ${i}`);
    } catch (err) {
      if (err instanceof DecryptionFailedError) return i;
      throw err;
    }
  }
  return count;
}
