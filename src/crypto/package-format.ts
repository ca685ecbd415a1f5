/**
 * The encrypted package format (version 1) of an object body or one multipart part.
 *
 * The plaintext is cut into packages of 64 KiB; the last package holds the rest (1..64 KiB),
 * and an empty plaintext is one empty final package, so every stream has at least one package.
 * Each package is stored as `ciphertext || 16-byte tag`, back to back with no header: package
 * `i` starts at `i * (64 KiB + 16)` in the encrypted stream. The stream key is used for one
 * stream only (stream-key.ts), so the nonce can be the package sequence number:
 *
 *   nonce = 0x00000000 || uint64be(sequence)                                  (12 bytes)
 *   aad   = "CAIRN-SSE" || version (0x01) || cipher id || final (0x00|0x01) || uint64be(sequence)
 *
 * What that detects: a flipped bit (tag), packages swapped or moved (sequence in nonce and
 * aad), truncation at a package boundary or to zero bytes (the last package read is not
 * sealed as final, or there is none), a package dropped in the middle (sequence), data
 * appended after the final package (the final package is then opened as non-final), a
 * stream decrypted with another cipher (cipher id in aad) or key.
 *
 * This module is the pure arithmetic: sizes, nonces, aad, and the plaintext range -> which
 * packages to read. The streams that apply it are encrypt-stream.ts and decrypt-stream.ts.
 */
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { cipherId, NONCE_BYTES, TAG_BYTES, type SseCipher } from './cipher-suite.js';

export const FORMAT_VERSION = 1;
/** Plaintext bytes per package (the last package of a stream may hold fewer). */
export const PACKAGE_SIZE = 64 * 1024;
/** Stored bytes of a full package. */
export const SEALED_PACKAGE_SIZE = PACKAGE_SIZE + TAG_BYTES;

const AAD_LABEL = Buffer.from('CAIRN-SSE', 'latin1');

// Nonces and aads are cut from Node's shared allocation pool (allocUnsafe, every byte written
// below): Buffer.alloc would make a new ArrayBuffer for each, two per 64 KiB package.

/** `sequence` (a safe integer, so below 2^53) as 8 bytes big-endian at `at`, without a BigInt. */
function writeSequence(out: Buffer, sequence: number, at: number): void {
  out.writeUInt32BE(Math.floor(sequence / 0x1_0000_0000), at);
  out.writeUInt32BE(sequence >>> 0, at + 4);
}

/** Nonce of package `sequence`. */
export function packageNonce(sequence: number): Buffer {
  const nonce = Buffer.allocUnsafe(NONCE_BYTES);
  writePackageNonce(nonce, 0, sequence);
  return nonce;
}

/** The nonce of package `sequence` into `out` at `at` (NONCE_BYTES). */
export function writePackageNonce(out: Buffer, at: number, sequence: number): void {
  out.writeUInt32BE(0, at);
  writeSequence(out, sequence, at + 4);
}

export interface PackageAadInput {
  readonly cipher: SseCipher;
  readonly sequence: number;
  readonly final: boolean;
}

/** Bytes of a package's additional data. */
export const PACKAGE_AAD_BYTES = AAD_LABEL.length + 11;

/** Additional authenticated data of one package. */
export function packageAad(input: PackageAadInput): Buffer {
  const aad = Buffer.allocUnsafe(PACKAGE_AAD_BYTES);
  writePackageAad(aad, 0, input);
  return aad;
}

/** The additional data of a package into `out` at `at` (PACKAGE_AAD_BYTES). */
export function writePackageAad(out: Buffer, at: number, input: PackageAadInput): void {
  AAD_LABEL.copy(out, at);
  let i = at + AAD_LABEL.length;
  out[i++] = FORMAT_VERSION;
  out[i++] = cipherId(input.cipher);
  out[i++] = input.final ? 1 : 0;
  writeSequence(out, input.sequence, i);
}

/** Number of packages of a plaintext of `plainSize` bytes (an empty one is one package). */
export function packageCount(plainSize: number): number {
  return plainSize === 0 ? 1 : Math.ceil(plainSize / PACKAGE_SIZE);
}

/** Stored size of a plaintext of `plainSize` bytes. */
export function encryptedSize(plainSize: number): number {
  if (!Number.isSafeInteger(plainSize) || plainSize < 0) throw new RangeError(`invalid plaintext size ${plainSize}`);
  return plainSize + TAG_BYTES * packageCount(plainSize);
}

/**
 * Plaintext size of a stored stream of `sealedSize` bytes; DecryptionFailedError for a size
 * no plaintext encrypts to (0 bytes, a last package shorter than its tag, or an empty package
 * after full ones).
 */
export function plaintextSize(sealedSize: number): number {
  if (!Number.isSafeInteger(sealedSize) || sealedSize < 0) throw new RangeError(`invalid encrypted size ${sealedSize}`);
  const full = Math.floor(sealedSize / SEALED_PACKAGE_SIZE);
  const rest = sealedSize % SEALED_PACKAGE_SIZE;
  if (rest === 0 && full > 0) return full * PACKAGE_SIZE;
  if (rest < TAG_BYTES || (rest === TAG_BYTES && full > 0)) {
    throw new DecryptionFailedError(`${sealedSize} bytes is not the size of an encrypted stream`);
  }
  return full * PACKAGE_SIZE + rest - TAG_BYTES;
}

export interface PlainRange {
  /** Size of the whole plaintext. */
  readonly plainSize: number;
  /** First plaintext byte wanted. */
  readonly offset: number;
  /** Number of plaintext bytes wanted (>= 1; 0 only for the whole of an empty plaintext). */
  readonly length: number;
}

/** What to read of the stored stream for a plaintext range, and what to keep of its plaintext. */
export interface SealedRange {
  /** Sequence number of the first package read. */
  readonly firstSequence: number;
  /** Byte offset of that package in the stored stream. */
  readonly sealedOffset: number;
  /** Stored bytes to read from `sealedOffset` (whole packages). */
  readonly sealedLength: number;
  /** Plaintext bytes to drop from the start of the decrypted packages. */
  readonly skip: number;
  /** Plaintext bytes to keep after `skip` (the range length). */
  readonly take: number;
  /** The packages read end with the stream's final package. */
  readonly endsAtFinal: boolean;
}

/** The package-aligned stored range that holds a plaintext range (decrypt only what it touches). */
export function sealedRangeOf(range: PlainRange): SealedRange {
  const { plainSize, offset, length } = range;
  const valid = Number.isSafeInteger(plainSize) && Number.isSafeInteger(offset) && Number.isSafeInteger(length)
    && plainSize >= 0 && offset >= 0 && offset + length <= plainSize && (length >= 1 || (plainSize === 0 && offset === 0));
  if (!valid) throw new RangeError(`invalid range ${offset}+${length} of a ${plainSize}-byte plaintext`);
  const firstSequence = Math.floor(offset / PACKAGE_SIZE);
  const lastSequence = length === 0 ? 0 : Math.floor((offset + length - 1) / PACKAGE_SIZE);
  const sealedOffset = firstSequence * SEALED_PACKAGE_SIZE;
  const sealedEnd = Math.min(encryptedSize(plainSize), (lastSequence + 1) * SEALED_PACKAGE_SIZE);
  return {
    firstSequence,
    sealedOffset,
    sealedLength: sealedEnd - sealedOffset,
    skip: offset - firstSequence * PACKAGE_SIZE,
    take: length,
    endsAtFinal: lastSequence === packageCount(plainSize) - 1,
  };
}
