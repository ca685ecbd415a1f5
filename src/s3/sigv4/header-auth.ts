/**
 * SigV4 with the Authorization header:
 *   AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/region/s3/aws4_request, SignedHeaders=a;b, Signature=hex
 * Steps: parse strictly -> request time (x-amz-date, else Date) -> credential date matches ->
 * x-amz-content-sha256 present and valid -> host and every x-amz-* header signed ->
 * clock skew <= 15 min -> secret lookup -> canonical request -> constant-time compare.
 */
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from './canonical-request.js';
import { parseCredential, parseSignedHeaders } from './credential.js';
import { parsePayloadMode, parseTrailerNames } from './payload-mode.js';
import { checkSkew, formatAmzDate, missingDateError, parseAmzDate, parseHttpDate } from './request-time.js';
import type { SigningKeyCache } from './signing-key.js';
import type { AuthOptions, AuthRequest, AuthResult, CredentialStore } from './types.js';
import { checkHeadersSigned, verifySignature } from './verify-signature.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface ParsedAuthorization {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

function malformed(detail: string): S3Error {
  return new S3Error('AuthorizationHeaderMalformed', { message: `The authorization header is malformed; ${detail}` });
}

function duplicated(key: string): S3Error {
  return malformed(`the component "${key}" appears more than once.`);
}

/** Parses the part after `AWS4-HMAC-SHA256 `: exactly Credential, SignedHeaders, Signature. */
export function parseAuthorizationV4(value: string): ParsedAuthorization {
  if (!value.startsWith(ALGORITHM + ' ')) throw malformed(`the algorithm must be ${ALGORITHM}.`);
  if (value.length > 16 * 1024) throw malformed('the header is too long.');
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const rawPart of value.slice(ALGORITHM.length + 1).split(',')) {
    const part = rawPart.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) throw malformed(`the component "${part.slice(0, 64)}" is not of the form key=value.`);
    const key = part.slice(0, eq);
    const field = part.slice(eq + 1);
    if (key === 'Credential') {
      if (credential !== undefined) throw duplicated(key);
      credential = field;
    } else if (key === 'SignedHeaders') {
      if (signedHeaders !== undefined) throw duplicated(key);
      signedHeaders = field;
    } else if (key === 'Signature') {
      if (signature !== undefined) throw duplicated(key);
      signature = field;
    } else {
      throw malformed(`unknown component "${key.slice(0, 64)}".`);
    }
  }
  if (credential === undefined) throw malformed("Authorization header requires 'Credential' parameter.");
  if (signedHeaders === undefined) throw malformed("Authorization header requires 'SignedHeaders' parameter.");
  if (signature === undefined) throw malformed("Authorization header requires 'Signature' parameter.");
  return { credential, signedHeaders, signature };
}

/** The request time from x-amz-date (preferred) or Date, as a Date and ISO basic string. */
export function requestTimeFromHeaders(req: AuthRequest): { date: Date; amzDate: string } {
  const amz = headerValue(req, 'x-amz-date');
  if (amz !== undefined) {
    const date = parseAmzDate(amz.trim());
    if (date === undefined) throw missingDateError();
    return { date, amzDate: amz.trim() };
  }
  const http = headerValue(req, 'date');
  if (http === undefined) throw missingDateError();
  const date = parseHttpDate(http);
  if (date === undefined) throw missingDateError();
  return { date, amzDate: formatAmzDate(date) };
}

export function authenticateHeaderV4(
  req: AuthRequest,
  authorization: string,
  store: CredentialStore,
  opts: AuthOptions & { keyCache: SigningKeyCache },
): AuthResult {
  const parsed = parseAuthorizationV4(authorization);
  const credential = parseCredential(parsed.credential, 'header', opts.region, opts.service);
  const signedHeaders = parseSignedHeaders(parsed.signedHeaders, 'header');
  const { date, amzDate } = requestTimeFromHeaders(req);
  if (amzDate.slice(0, 8) !== credential.date) {
    throw malformed(`Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  }
  const contentSha = headerValue(req, 'x-amz-content-sha256') ?? opts.payloadHash;
  if (contentSha === undefined) {
    throw new S3Error('InvalidRequest', { message: 'Missing required header for this request: x-amz-content-sha256' });
  }
  const payload = parsePayloadMode(contentSha.trim());
  checkHeadersSigned(req, signedHeaders);
  checkSkew(date, opts.now);
  const sessionToken = headerValue(req, 'x-amz-security-token');
  const signingKey = verifySignature({
    req,
    store,
    sessionToken,
    keyCache: opts.keyCache,
    credential,
    amzDate,
    signedHeaders,
    payloadHash: contentSha.trim(),
    signature: parsed.signature,
  });
  return {
    accessKey: credential.accessKey,
    anonymous: false,
    version: 4,
    payload,
    signing: { signingKey, seedSignature: parsed.signature, amzDate, scope: credential.scope },
    method: 'header',
    expectedTrailers: parseTrailerNames(headerValue(req, 'x-amz-trailer')),
    sessionToken,
  };
}
