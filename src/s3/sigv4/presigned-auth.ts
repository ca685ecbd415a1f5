/**
 * SigV4 presigned URLs (query-string authentication):
 *   X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders,
 *   X-Amz-Signature [, X-Amz-Security-Token, X-Amz-Content-Sha256]
 * The payload hash in the canonical request is X-Amz-Content-Sha256 (query) or
 * x-amz-content-sha256 (header) when given, else the body's hash for services other than S3
 * (STS, IAM: `AuthOptions.payloadHash`), else UNSIGNED-PAYLOAD. Validity: X-Amz-Date <= now + 15 min
 * (else AccessDenied 'Request is not valid yet'), now <= X-Amz-Date + X-Amz-Expires (else
 * AccessDenied 'Request has expired'); X-Amz-Expires must be 1..604800 seconds.
 */
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from './canonical-request.js';
import { parseCredential, parseSignedHeaders } from './credential.js';
import { ALGORITHM } from './header-auth.js';
import { parsePayloadMode, parseTrailerNames, UNSIGNED_PAYLOAD } from './payload-mode.js';
import { MAX_SKEW_MS, parseAmzDate } from './request-time.js';
import type { SigningKeyCache } from './signing-key.js';
import type { AuthOptions, AuthRequest, AuthResult, CredentialStore } from './types.js';
import { percentDecode } from './uri-encode.js';
import { checkHeadersSigned, verifySignature } from './verify-signature.js';

export const MAX_EXPIRES_SECONDS = 604800;

const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;

function queryError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', { message });
}

/** Decoded query parameters by exact name; a repeated name is kept as several values. */
export function parseQueryParams(rawQuery: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = percentDecode(eq < 0 ? piece : piece.slice(0, eq), true);
    const value = eq < 0 ? '' : percentDecode(piece.slice(eq + 1), true);
    const list = params.get(name);
    if (list === undefined) params.set(name, [value]);
    else list.push(value);
  }
  return params;
}

function single(params: Map<string, string[]>, name: string): string | undefined {
  const values = params.get(name);
  if (values === undefined) return undefined;
  if (values.length !== 1) throw queryError(`The query parameter ${name} must appear only once.`);
  return values[0];
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isPresignedV4(params: Map<string, string[]>): boolean {
  return params.has('X-Amz-Algorithm') || params.has('X-Amz-Credential') || params.has('X-Amz-Signature');
}

export function authenticatePresignedV4(
  req: AuthRequest,
  params: Map<string, string[]>,
  store: CredentialStore,
  opts: AuthOptions & { keyCache: SigningKeyCache },
): AuthResult {
  const values: Record<string, string> = {};
  for (const name of REQUIRED) {
    const v = single(params, name);
    if (v === undefined) {
      throw queryError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    values[name] = v;
  }
  if (values['X-Amz-Algorithm'] !== ALGORITHM) throw queryError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const credential = parseCredential(values['X-Amz-Credential']!, 'query', opts.region, opts.service);
  const amzDate = values['X-Amz-Date']!;
  const date = parseAmzDate(amzDate);
  if (date === undefined) throw queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  if (amzDate.slice(0, 8) !== credential.date) {
    throw queryError(
      `Error parsing the X-Amz-Credential parameter; Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    );
  }
  const expiresText = values['X-Amz-Expires']!;
  if (!/^-?\d{1,12}$/.test(expiresText)) throw queryError('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires < 0) throw queryError('X-Amz-Expires must be non-negative');
  if (expires === 0) throw queryError('X-Amz-Expires must be greater than 0');
  if (expires > MAX_EXPIRES_SECONDS) {
    throw queryError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);
  }
  const signedHeaders = parseSignedHeaders(values['X-Amz-SignedHeaders']!, 'query');
  checkHeadersSigned(req, signedHeaders);

  const now = opts.now.getTime();
  if (date.getTime() - now > MAX_SKEW_MS) {
    throw new S3Error('AccessDenied', { message: 'Request is not valid yet' });
  }
  if (now > date.getTime() + expires * 1000) {
    throw new S3Error('AccessDenied', {
      message: 'Request has expired',
      extra: {
        'X-Amz-Expires': expiresText,
        Expires: isoSeconds(new Date(date.getTime() + expires * 1000)),
        ServerTime: isoSeconds(opts.now),
      },
    });
  }

  // The SDK's presigner hoists the x-amz-content-sha256 header into the query under its
  // lower-case name; the AWS docs spell it X-Amz-Content-Sha256.
  const claimed =
    single(params, 'X-Amz-Content-Sha256') ?? single(params, 'x-amz-content-sha256') ?? headerValue(req, 'x-amz-content-sha256')?.trim();
  // S3's presigners sign UNSIGNED-PAYLOAD; the other services' (STS, IAM: botocore's
  // SigV4QueryAuth) sign the body's hash, which their listeners pass in as opts.payloadHash.
  const payloadHash = claimed ?? opts.payloadHash ?? UNSIGNED_PAYLOAD;
  const payload = parsePayloadMode(payloadHash);
  const signature = values['X-Amz-Signature']!;
  const sessionToken = single(params, 'X-Amz-Security-Token') ?? headerValue(req, 'x-amz-security-token');
  const signingKey = verifySignature({
    req,
    store,
    sessionToken,
    keyCache: opts.keyCache,
    credential,
    amzDate,
    signedHeaders,
    payloadHash,
    signature,
    excludeQuery: 'X-Amz-Signature',
  });
  return {
    accessKey: credential.accessKey,
    anonymous: false,
    version: 4,
    payload,
    signing: { signingKey, seedSignature: signature, amzDate, scope: credential.scope },
    method: 'presigned',
    expectedTrailers: parseTrailerNames(headerValue(req, 'x-amz-trailer')),
    sessionToken,
  };
}
