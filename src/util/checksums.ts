/**
 * S3 additional checksums: incremental hashers, header names, base64 rendering and the
 * multipart combinations.
 *
 * - CRC32 / CRC32C: native (@node-rs/crc32; CRC32C through crc32c.ts), 4-byte big-endian digests.
 * - CRC64NVME: table-driven JS (crc64-nvme.ts), 8-byte big-endian digest.
 * - SHA1 / SHA256: node:crypto.
 *
 * Multipart objects (AWS "Checking object integrity"):
 * - COMPOSITE: the algorithm applied to the concatenation of the parts' raw checksums,
 *   rendered `base64-N` (N = number of parts). Allowed for CRC32, CRC32C, SHA1, SHA256.
 * - FULL_OBJECT: the checksum of the whole object, obtained from the part CRCs by CRC
 *   combination (crc-combine.ts). Allowed for CRC32, CRC32C, CRC64NVME.
 *
 * util/ imports nothing internal, so the algorithm and type unions are declared here; they
 * are identical to ChecksumAlgorithm / ChecksumType of object/object-layer.ts.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from '@node-rs/crc32';
import { crc32c } from './crc32c.js';
import { Crc64Nvme } from './crc64-nvme.js';
import { crcCombineAll, type CrcAlgorithm } from './crc-combine.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/** Raw digest length in bytes per algorithm. */
export const CHECKSUM_DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

/** Request/response header carrying the checksum value. */
export const CHECKSUM_HEADERS: Readonly<Record<ChecksumAlgorithm, string>> = {
  CRC32: 'x-amz-checksum-crc32',
  CRC32C: 'x-amz-checksum-crc32c',
  CRC64NVME: 'x-amz-checksum-crc64nvme',
  SHA1: 'x-amz-checksum-sha1',
  SHA256: 'x-amz-checksum-sha256',
};

const HEADER_TO_ALGORITHM: ReadonlyMap<string, ChecksumAlgorithm> = new Map(
  CHECKSUM_ALGORITHMS.map((a) => [CHECKSUM_HEADERS[a], a] as const),
);

export interface ChecksumHasher {
  update(buf: Buffer): void;
  /** Raw digest bytes (big-endian for CRCs). Call once, after the last update. */
  digest(): Buffer;
}

class Crc32Hasher implements ChecksumHasher {
  #state = 0;
  readonly #fn: (input: Uint8Array, initial?: number) => number;
  constructor(fn: (input: Uint8Array, initial?: number) => number) { this.#fn = fn; }
  update(buf: Buffer): void { this.#state = this.#fn(buf, this.#state); }
  digest(): Buffer {
    const out = Buffer.allocUnsafe(4);
    out.writeUInt32BE(this.#state >>> 0, 0);
    return out;
  }
}

class ShaHasher implements ChecksumHasher {
  readonly #hash: Hash;
  constructor(name: 'sha1' | 'sha256') { this.#hash = createHash(name); }
  update(buf: Buffer): void { this.#hash.update(buf); }
  digest(): Buffer { return this.#hash.digest(); }
}

/** A fresh incremental hasher for one S3 checksum algorithm. */
export function createChecksum(alg: ChecksumAlgorithm): ChecksumHasher {
  switch (alg) {
    case 'CRC32': return new Crc32Hasher(crc32);
    case 'CRC32C': return new Crc32Hasher(crc32c);
    case 'CRC64NVME': return new Crc64Nvme();
    case 'SHA1': return new ShaHasher('sha1');
    case 'SHA256': return new ShaHasher('sha256');
    default: {
      const never: never = alg;
      throw new TypeError(`unknown checksum algorithm ${String(never)}`);
    }
  }
}

/** One-shot checksum of a buffer. */
export function computeChecksum(alg: ChecksumAlgorithm, data: Buffer): Buffer {
  const h = createChecksum(alg);
  h.update(data);
  return h.digest();
}

export function checksumToBase64(digest: Buffer): string {
  return digest.toString('base64');
}

/** `CRC32` from `crc32`, `Crc32`, ...; undefined for anything else. */
export function parseChecksumAlgorithm(value: string): ChecksumAlgorithm | undefined {
  const upper = value.trim().toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(upper) ? (upper as ChecksumAlgorithm) : undefined;
}

export function parseChecksumType(value: string): ChecksumType | undefined {
  const upper = value.trim().toUpperCase();
  return upper === 'FULL_OBJECT' || upper === 'COMPOSITE' ? upper : undefined;
}

/** The algorithm of an `x-amz-checksum-*` header name (any case), or undefined. */
export function checksumAlgorithmForHeader(name: string): ChecksumAlgorithm | undefined {
  return HEADER_TO_ALGORITHM.get(name.toLowerCase());
}

/**
 * Decode a base64 checksum value as sent by a client; undefined unless it is canonical
 * base64 of exactly the algorithm's digest length.
 */
export function decodeChecksumValue(alg: ChecksumAlgorithm, value: string): Buffer | undefined {
  const expectedChars = Math.ceil(CHECKSUM_DIGEST_BYTES[alg] / 3) * 4;
  if (value.length !== expectedChars || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  const raw = Buffer.from(value, 'base64');
  if (raw.length !== CHECKSUM_DIGEST_BYTES[alg] || raw.toString('base64') !== value) return undefined;
  return raw;
}

// ---- multipart ----

/** AWS rules: SHA families only COMPOSITE; CRC64NVME only FULL_OBJECT; CRC32/CRC32C both. */
export function isChecksumTypeSupported(alg: ChecksumAlgorithm, type: ChecksumType): boolean {
  if (type === 'COMPOSITE') return alg !== 'CRC64NVME';
  return alg === 'CRC32' || alg === 'CRC32C' || alg === 'CRC64NVME';
}

/** The type S3 uses when a multipart upload names an algorithm but no type. */
export function defaultChecksumType(alg: ChecksumAlgorithm): ChecksumType {
  return alg === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
}

export function isCrcAlgorithm(alg: ChecksumAlgorithm): alg is CrcAlgorithm {
  return alg === 'CRC32' || alg === 'CRC32C' || alg === 'CRC64NVME';
}

/** Raw checksum of the concatenated raw part checksums (before the `-N` suffix). */
export function compositeChecksum(alg: ChecksumAlgorithm, partDigests: readonly Buffer[]): Buffer {
  if (alg === 'CRC64NVME') throw new RangeError('CRC64NVME does not support COMPOSITE checksums');
  const h = createChecksum(alg);
  for (const d of partDigests) {
    if (d.length !== CHECKSUM_DIGEST_BYTES[alg]) throw new RangeError(`${alg} part digest must be ${CHECKSUM_DIGEST_BYTES[alg]} bytes`);
    h.update(d);
  }
  return h.digest();
}

/** `base64-N`, as S3 renders a composite checksum. */
export function renderCompositeChecksum(alg: ChecksumAlgorithm, partDigests: readonly Buffer[]): string {
  return `${checksumToBase64(compositeChecksum(alg, partDigests))}-${partDigests.length}`;
}

/** The whole object's CRC from the part CRCs and sizes (FULL_OBJECT). */
export function fullObjectChecksum(
  alg: ChecksumAlgorithm,
  parts: readonly { readonly digest: Buffer; readonly size: number }[],
): Buffer {
  if (!isCrcAlgorithm(alg)) throw new RangeError(`${alg} does not support FULL_OBJECT checksums`);
  return crcCombineAll(alg, parts.map((p) => ({ crc: p.digest, size: p.size })));
}
