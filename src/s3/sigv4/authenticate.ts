/**
 * authenticate(): picks the scheme from the request and verifies it.
 *   Authorization: AWS4-HMAC-SHA256 ...  -> SigV4 header   (header-auth.ts)
 *   ?X-Amz-Algorithm=...                 -> SigV4 presigned (presigned-auth.ts)
 *   Authorization: AWS AKID:sig          -> SigV2 header    (s3/sigv2)
 *   ?AWSAccessKeyId=&Signature=&Expires= -> SigV2 presigned (s3/sigv2)
 *   none of these                        -> anonymous (the pipeline decides what it may do)
 * Header and query authentication together -> InvalidArgument, as S3 answers.
 * Region choice: credentials must be scoped to the configured region (default us-east-1);
 * 'US' is accepted as a legacy alias of us-east-1. Any other region is
 * AuthorizationHeaderMalformed / AuthorizationQueryParametersError naming the expected one.
 */
import { S3Error } from '../../errors/s3-error.js';
import { authenticateHeaderV2, authenticatePresignedV2, isPresignedV2 } from '../sigv2/index.js';
import { headerValue } from './canonical-request.js';
import { authenticateHeaderV4 } from './header-auth.js';
import { parsePayloadMode, parseTrailerNames } from './payload-mode.js';
import { authenticatePresignedV4, isPresignedV4, parseQueryParams } from './presigned-auth.js';
import { SigningKeyCache } from './signing-key.js';
import type { AuthOptions, AuthRequest, AuthResult, CredentialStore, PayloadMode } from './types.js';

/** Pure memo of derived keys used when the caller passes no cache of its own. */
const defaultKeyCache = new SigningKeyCache();

export interface AuthenticateOptions extends AuthOptions {
  /** Cache of derived SigV4 signing keys; one per server is ideal. */
  readonly keyCache?: SigningKeyCache;
}

function bothSchemes(): S3Error {
  return new S3Error('InvalidArgument', {
    message:
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    extra: { ArgumentName: 'Authorization' },
  });
}

function anonymousPayload(req: AuthRequest): PayloadMode {
  const claimed = headerValue(req, 'x-amz-content-sha256');
  if (claimed === undefined) return { kind: 'none' };
  const mode = parsePayloadMode(claimed.trim());
  if (mode.kind === 'streaming-signed') {
    throw new S3Error('AccessDenied', { message: 'A signed streaming payload requires a signed request.' });
  }
  return mode;
}

function serviceOptions(opts: AuthOptions): Pick<AuthOptions, 'service' | 'payloadHash'> {
  return {
    ...(opts.service === undefined ? {} : { service: opts.service }),
    ...(opts.payloadHash === undefined ? {} : { payloadHash: opts.payloadHash }),
  };
}

function sigV2Store(store: CredentialStore, req: AuthRequest, params: Map<string, string[]>): CredentialStore {
  const token = params.get('x-amz-security-token')?.[0] ?? params.get('X-Amz-Security-Token')?.[0] ?? headerValue(req, 'x-amz-security-token');
  return { secretFor: (accessKey) => store.secretFor(accessKey, token) };
}

function sigV2Result(accessKey: string, req: AuthRequest): AuthResult {
  return {
    accessKey,
    anonymous: false,
    version: 2,
    payload: { kind: 'none' },
    signing: undefined,
    method: 'header',
    expectedTrailers: [],
    sessionToken: headerValue(req, 'x-amz-security-token'),
  };
}

export function authenticate(req: AuthRequest, store: CredentialStore, opts: AuthenticateOptions): AuthResult {
  const keyCache = opts.keyCache ?? defaultKeyCache;
  const params = parseQueryParams(req.rawQuery);
  const authorization = headerValue(req, 'authorization');
  const presignedV4 = isPresignedV4(params);
  const presignedV2 = !presignedV4 && isPresignedV2(params);

  if (authorization !== undefined) {
    if (presignedV4 || presignedV2) throw bothSchemes();
    const value = authorization.trim();
    if (value.startsWith('AWS4-HMAC-SHA256')) {
      return authenticateHeaderV4(req, value, store, { now: opts.now, region: opts.region, keyCache, ...serviceOptions(opts) });
    }
    if (value.startsWith('AWS ')) {
      return sigV2Result(authenticateHeaderV2(req, value, sigV2Store(store, req, params), { now: opts.now, params }), req);
    }
    throw new S3Error('InvalidArgument', {
      message: 'Unsupported Authorization Type',
      extra: { ArgumentName: 'Authorization', ArgumentValue: value.slice(0, 256) },
    });
  }
  if (presignedV4) {
    return authenticatePresignedV4(req, params, store, { now: opts.now, region: opts.region, keyCache, ...serviceOptions(opts) });
  }
  if (presignedV2) {
    const accessKey = authenticatePresignedV2(req, sigV2Store(store, req, params), { now: opts.now, params });
    return { ...sigV2Result(accessKey, req), method: 'presigned' };
  }
  return {
    accessKey: '',
    anonymous: true,
    version: 4,
    payload: anonymousPayload(req),
    signing: undefined,
    method: 'anonymous',
    expectedTrailers: parseTrailerNames(headerValue(req, 'x-amz-trailer')),
    sessionToken: undefined,
  };
}
