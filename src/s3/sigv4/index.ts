/**
 * Request authentication for the S3 API: SigV4 (Authorization header, presigned query,
 * aws-chunked streaming with trailers) and SigV2 (header and query), plus body decoding.
 * Pure: no fs, no sockets; the current time comes in as a parameter.
 */
export { authenticate } from './authenticate.js';
export type { AuthenticateOptions } from './authenticate.js';
export { decodeBody } from './decode-body.js';
export type { DecodedBody } from './decode-body.js';
export { SigningKeyCache, deriveSigningKey } from './signing-key.js';
export { canonicalRequest, canonicalUri, canonicalQuery, stringToSign, sha256Hex, EMPTY_SHA256 } from './canonical-request.js';
export { chunkSignature, trailerSignature } from './chunk-signature.js';
export { AwsChunkedDecoder } from './aws-chunked-decoder.js';
export {
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
} from './payload-mode.js';
export type {
  AuthOptions,
  AuthRequest,
  AuthResult,
  CredentialStore,
  DecodeBodyOptions,
  PayloadMode,
  StreamingSigningContext,
} from './types.js';
