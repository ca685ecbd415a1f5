/**
 * x-amz-content-sha256 -> PayloadMode. S3 accepts a hex SHA-256 of the body or one of the
 * documented sentinel values; SigV4a (ECDSA) streaming is recognised and answered NotImplemented.
 */
import { S3Error } from '../../errors/s3-error.js';
import type { PayloadMode } from './types.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const STREAMING_ECDSA = 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD';
const STREAMING_ECDSA_TRAILER = 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER';

const HEX64 = /^[0-9a-fA-F]{64}$/;

function invalid(value: string, message: string): S3Error {
  return new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value.slice(0, 256) },
  });
}

export function parsePayloadMode(value: string): PayloadMode {
  switch (value) {
    case UNSIGNED_PAYLOAD:
      return { kind: 'unsigned' };
    case STREAMING_SIGNED:
      return { kind: 'streaming-signed', trailer: false };
    case STREAMING_SIGNED_TRAILER:
      return { kind: 'streaming-signed', trailer: true };
    case STREAMING_UNSIGNED_TRAILER:
      return { kind: 'streaming-unsigned-trailer' };
    case STREAMING_ECDSA:
    case STREAMING_ECDSA_TRAILER:
      throw new S3Error('NotImplemented', { message: 'SigV4a (ECDSA) streaming payloads are not supported.' });
    default:
      if (HEX64.test(value)) return { kind: 'sha256', expectedHex: value.toLowerCase() };
      throw invalid(
        value,
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
          'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, ' +
          'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      );
  }
}

/** Parses x-amz-trailer: comma-separated, lower-cased trailer names. */
export function parseTrailerNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}
