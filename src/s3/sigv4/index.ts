/**
 * Request authentication for the S3 API: SigV4 (Authorization header, presigned query,
 * aws-chunked streaming with trailers) and SigV2 (header and query), plus body decoding.
 * Pure: no fs, no sockets; the current time comes in as a parameter.
 *
 * Behaviour choices (AWS S3 unless noted; see each module's header for the steps):
 * - Region: the credential scope must name the configured region ('US' = us-east-1, as
 *   MinIO); otherwise AuthorizationHeaderMalformed / AuthorizationQueryParametersError
 *   "the region 'x' is wrong; expecting 'y'" with a Region element.
 * - Time: x-amz-date, else Date; |now - t| > 15 min -> RequestTimeTooSkewed. Presigned:
 *   X-Amz-Expires 1..604800, expired -> AccessDenied 'Request has expired', X-Amz-Date more
 *   than 15 min ahead -> AccessDenied 'Request is not valid yet'.
 * - Header auth requires x-amz-content-sha256 (InvalidRequest when missing, InvalidArgument
 *   when not a sha256 / sentinel). host and every x-amz-* header sent must be signed
 *   (AccessDenied, HeadersNotSigned), for header and presigned auth alike.
 * - Canonical URI: the raw path decoded and re-encoded per segment (no normalization, no
 *   double encoding); query '+' decodes to a space (MinIO/AWS).
 * - Bodies: sha256 claims are checked at the end of the stream (XAmzContentSHA256Mismatch);
 *   aws-chunked: bad chunk/trailer signature -> SignatureDoesNotMatch, truncation or decoded
 *   length mismatch -> IncompleteBody, bad framing/trailers -> InvalidRequest (AWS would say
 *   MalformedTrailerError / IncompleteBody; the table has no MalformedTrailerError yet).
 * - SigV2: Authorization: AWS AK:sig and ?AWSAccessKeyId&Expires&Signature; x-amz-date
 *   accepted both the boto/s3cmd way and the AWS docs' DELETE-example way.
 * - No credentials at all -> AuthResult.anonymous (the pipeline decides).
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
