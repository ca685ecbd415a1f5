/**
 * Integrity headers of an upload: Content-MD5 and the flexible checksums
 * (x-amz-checksum-<alg> as a header, or named by x-amz-trailer and sent as a trailer of an
 * aws-chunked body; x-amz-sdk-checksum-algorithm announces the algorithm).
 *
 * Parsing validates the syntax up front (InvalidDigest / InvalidRequest, as AWS does);
 * verification happens in the layer's beforeCommit hook, once the whole body was read, so a
 * mismatch (BadDigest) leaves nothing visible.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BodyDigests, ChecksumAlgorithm, StoredChecksum } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { nonEmptyHeader } from './header-value.js';

/** Algorithm -> header name and raw digest length. */
export const CHECKSUM_ALGORITHMS: Readonly<Record<ChecksumAlgorithm, { readonly header: string; readonly bytes: number }>> = {
  CRC32: { header: 'x-amz-checksum-crc32', bytes: 4 },
  CRC32C: { header: 'x-amz-checksum-crc32c', bytes: 4 },
  CRC64NVME: { header: 'x-amz-checksum-crc64nvme', bytes: 8 },
  SHA1: { header: 'x-amz-checksum-sha1', bytes: 20 },
  SHA256: { header: 'x-amz-checksum-sha256', bytes: 32 },
};
const ALGORITHMS = Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface ChecksumRequest {
  /** Decoded Content-MD5. */
  readonly contentMd5?: Buffer;
  /** The flexible checksum algorithm in use, if any. */
  readonly algorithm?: ChecksumAlgorithm;
  /** Decoded value from the x-amz-checksum-* header (absent when it comes as a trailer). */
  readonly expected?: Buffer;
  /** Trailer name carrying the value (x-amz-trailer), lower-case. */
  readonly trailer?: string;
}

/** Strict base64 decode; undefined when the text is not canonical base64. */
export function decodeBase64(value: string): Buffer | undefined {
  if (value.length === 0 || value.length > 1024 || !BASE64.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}

export function parseAlgorithmName(value: string, header: string): ChecksumAlgorithm {
  const upper = value.toUpperCase();
  if ((ALGORITHMS as string[]).includes(upper)) return upper as ChecksumAlgorithm;
  throw new S3Error('InvalidRequest', { message: `Value for ${header} header is invalid.` });
}

export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  return ALGORITHMS.find((a) => CHECKSUM_ALGORITHMS[a].header === name);
}

/** Decodes a checksum value of a known algorithm; InvalidRequest when it is malformed. */
export function decodeChecksum(algorithm: ChecksumAlgorithm, value: string): Buffer {
  const { header, bytes } = CHECKSUM_ALGORITHMS[algorithm];
  const raw = decodeBase64(value.trim());
  if (raw === undefined || raw.length !== bytes) {
    throw new S3Error('InvalidRequest', { message: `Value for ${header} header is invalid.` });
  }
  return raw;
}

/** The Content-MD5 digest; a header sent empty is InvalidDigest as any other bad value (AWS; s3-tests test_object_create_bad_md5_empty). */
export function parseContentMd5(headers: IncomingHttpHeaders): Buffer | undefined {
  const sent = headers['content-md5'];
  if (sent === undefined) return undefined;
  const value = (Array.isArray(sent) ? sent[0] ?? '' : sent).trim();
  const raw = value === '' ? undefined : decodeBase64(value);
  if (raw === undefined || raw.length !== 16) throw new S3Error('InvalidDigest');
  return raw;
}

export function parseChecksumHeaders(headers: IncomingHttpHeaders): ChecksumRequest {
  const contentMd5 = parseContentMd5(headers);
  const present = ALGORITHMS.filter((a) => nonEmptyHeader(headers, CHECKSUM_ALGORITHMS[a].header) !== undefined);
  if (present.length > 1) {
    throw new S3Error('InvalidRequest', { message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.' });
  }
  const trailerHeader = nonEmptyHeader(headers, 'x-amz-trailer')?.toLowerCase();
  const trailerAlgorithm = trailerHeader === undefined ? undefined : algorithmOfHeader(trailerHeader);
  if (trailerHeader !== undefined && trailerAlgorithm === undefined) {
    throw new S3Error('InvalidRequest', { message: 'The value specified in the x-amz-trailer header is not supported' });
  }
  if (present.length === 1 && trailerAlgorithm !== undefined) {
    throw new S3Error('InvalidRequest', { message: 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.' });
  }
  const sdkValue = nonEmptyHeader(headers, 'x-amz-sdk-checksum-algorithm');
  const sdkAlgorithm = sdkValue === undefined ? undefined : parseAlgorithmName(sdkValue, 'x-amz-sdk-checksum-algorithm');
  const algorithm = present[0] ?? trailerAlgorithm;
  if (sdkAlgorithm !== undefined && sdkAlgorithm !== algorithm) {
    throw new S3Error('InvalidRequest', {
      message: 'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
    });
  }
  const out: { -readonly [K in keyof ChecksumRequest]: ChecksumRequest[K] } = {};
  if (contentMd5 !== undefined) out.contentMd5 = contentMd5;
  if (algorithm !== undefined) out.algorithm = algorithm;
  if (present[0] !== undefined) out.expected = decodeChecksum(present[0], nonEmptyHeader(headers, CHECKSUM_ALGORITHMS[present[0]].header) ?? '');
  if (trailerAlgorithm !== undefined) out.trailer = trailerHeader;
  return out;
}

/** The write options that make the layer compute, verify and store the checksums. */
export interface ChecksumWriteOptions {
  readonly checksumAlgorithms?: readonly ChecksumAlgorithm[];
  readonly storeChecksum?: ChecksumAlgorithm;
  readonly beforeCommit?: (digests: BodyDigests) => void;
}

/**
 * Builds the layer options for a parsed ChecksumRequest. `trailers` is read only in
 * beforeCommit, when the body has ended and the trailers are complete.
 */
export function checksumWriteOptions(
  parsed: ChecksumRequest,
  trailers: () => Readonly<Record<string, string>>,
): ChecksumWriteOptions {
  const { contentMd5, algorithm } = parsed;
  if (contentMd5 === undefined && algorithm === undefined) return {};
  const beforeCommit = (digests: BodyDigests): void => {
    if (contentMd5 !== undefined && !contentMd5.equals(digests.md5)) throw new S3Error('BadDigest');
    if (algorithm === undefined) return;
    const expected = parsed.expected ?? trailerValue(algorithm, parsed.trailer ?? '', trailers());
    const actual = digests.checksums[algorithm];
    if (actual === undefined) throw new Error(`object layer did not compute the requested ${algorithm} checksum`);
    if (!expected.equals(actual)) {
      throw new S3Error('BadDigest', { message: `The ${algorithm} you specified did not match the calculated checksum.` });
    }
  };
  if (algorithm === undefined) return { beforeCommit };
  return { checksumAlgorithms: [algorithm], storeChecksum: algorithm, beforeCommit };
}

function trailerValue(algorithm: ChecksumAlgorithm, name: string, trailers: Readonly<Record<string, string>>): Buffer {
  const value = trailers[name] ?? Object.entries(trailers).find(([k]) => k.toLowerCase() === name)?.[1];
  if (value === undefined) {
    throw new S3Error('InvalidRequest', { message: `The trailing header ${name} was declared in x-amz-trailer but not sent.` });
  }
  return decodeChecksum(algorithm, value);
}

/** Response header carrying a stored checksum: `{ 'x-amz-checksum-crc32': 'AAAAAA==' }`. */
export function checksumResponseHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (checksum === undefined) return {};
  return { [CHECKSUM_ALGORITHMS[checksum.algorithm].header]: checksum.value, 'x-amz-checksum-type': checksum.type };
}
