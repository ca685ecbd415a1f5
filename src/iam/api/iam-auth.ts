/**
 * SigV4 authentication of an IAM query request (AWS General Reference, "Signature Version 4"):
 * the Authorization header or a presigned URL (`X-Amz-Credential`... in the query, as botocore's
 * `generate_presigned_url` makes them), credential scope service `iam`, region `us-east-1` (IAM
 * is global; the configured region is accepted too), the form body's hash in the canonical
 * request (an empty body's for a presigned GET). Reuses the S3 SigV4 cores (header parsing,
 * presigned URLs, canonical request, signing keys) and answers with IAM's error codes:
 *   no Authorization header or presigned query -> MissingAuthenticationToken 403
 *   malformed header / scope / query           -> IncompleteSignature 400
 *   unknown, inactive, deleted key             -> InvalidClientTokenId 403 (a session token that
 *                                                 does not verify too; an expired one -> ExpiredToken 403)
 *   wrong signature, skew > 15 min, presigned
 *   URL expired or not yet valid               -> SignatureDoesNotMatch 403
 */
import { createHash } from 'node:crypto';
import { SessionTokenExpiredError, SessionTokenInvalidError } from '../../errors/domain-errors.js';
import { isS3Error } from '../../errors/s3-error.js';
import type { CredentialScope } from '../../s3/sigv4/credential.js';
import { parseAuthorizationV4, requestTimeFromHeaders } from '../../s3/sigv4/header-auth.js';
import { authenticatePresignedV4, isPresignedV4, parseQueryParams } from '../../s3/sigv4/presigned-auth.js';
import { formatAmzDate, MAX_SKEW_MS } from '../../s3/sigv4/request-time.js';
import type { AuthRequest, CredentialStore, SigningKeyCache } from '../../s3/sigv4/index.js';
import { verifySignature } from '../../s3/sigv4/verify-signature.js';
import { parseSignedHeaders } from '../../s3/sigv4/credential.js';
import { IamError } from '../store/iam-errors.js';

export const IAM_SERVICE = 'iam';
const IAM_REGION = 'us-east-1';

export interface IamAuthOptions {
  readonly now: Date;
  /** The deployment's region (accepted besides us-east-1). */
  readonly region: string;
  readonly keyCache: SigningKeyCache;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const BAD_SIGNATURE = 'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function parseScope(value: string, region: string): CredentialScope {
  const parts = value.split('/');
  if (parts.length < 5) throw new IamError('IncompleteSignature', `Credential should be scoped to a valid region. `);
  const terminator = parts.pop()!;
  const service = parts.pop()!;
  const scopeRegion = parts.pop()!;
  const date = parts.pop()!;
  const accessKey = parts.join('/');
  if (accessKey === '' || !/^\d{8}$/.test(date) || terminator !== 'aws4_request') {
    throw new IamError('IncompleteSignature', `Credential should be scoped to a valid region. `);
  }
  if (service !== IAM_SERVICE) throw new IamError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${IAM_SERVICE}'. `);
  if (scopeRegion !== IAM_REGION && scopeRegion !== region) {
    throw new IamError('SignatureDoesNotMatch', `Credential should be scoped to a valid region. `);
  }
  return { accessKey, date, region: scopeRegion, service, scope: `${date}/${scopeRegion}/${service}/aws4_request` };
}

/** Who signed an IAM request: the access key, and the session token of STS credentials. */
export interface IamSigner {
  readonly accessKey: string;
  readonly sessionToken: string | undefined;
}

function skewMessage(amzDate: string, now: Date, late: boolean): string {
  const stamp = (ms: number): string => formatAmzDate(new Date(ms));
  return late
    ? `Signature expired: ${amzDate} is now earlier than ${stamp(now.getTime() - MAX_SKEW_MS)} (${stamp(now.getTime())} - 15 min.)`
    : `Signature not yet current: ${amzDate} is still later than ${stamp(now.getTime() + MAX_SKEW_MS)} (${stamp(now.getTime())} + 15 min.)`;
}

function headerSigner(req: AuthRequest, header: string, body: Buffer, store: CredentialStore, opts: IamAuthOptions): IamSigner {
  const parsed = parseAuthorizationV4(header);
  const credential = parseScope(parsed.credential, opts.region);
  const signedHeaders = parseSignedHeaders(parsed.signedHeaders, 'header');
  const { date, amzDate } = requestTimeFromHeaders(req);
  if (Math.abs(opts.now.getTime() - date.getTime()) > MAX_SKEW_MS) {
    throw new IamError('SignatureDoesNotMatch', skewMessage(amzDate, opts.now, date.getTime() < opts.now.getTime()));
  }
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const claimed = req.headers['x-amz-content-sha256'];
  if (typeof claimed === 'string' && claimed !== payloadHash && claimed !== 'UNSIGNED-PAYLOAD') throw new IamError('SignatureDoesNotMatch', BAD_SIGNATURE);
  const sessionToken = typeof req.headers['x-amz-security-token'] === 'string' ? req.headers['x-amz-security-token'] : undefined;
  verifySignature({
    req, store, keyCache: opts.keyCache, credential, amzDate, signedHeaders, payloadHash: typeof claimed === 'string' ? claimed : payloadHash,
    signature: parsed.signature, sessionToken,
  });
  return { accessKey: credential.accessKey, sessionToken };
}

function presignedSigner(req: AuthRequest, params: Map<string, string[]>, body: Buffer, store: CredentialStore, opts: IamAuthOptions): IamSigner {
  const scope = (params.get('X-Amz-Credential')?.[0] ?? '').split('/');
  if (scope.length >= 5 && scope[scope.length - 2] !== IAM_SERVICE) {
    throw new IamError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${IAM_SERVICE}'. `);
  }
  // IAM is global: a us-east-1 scope is always right, and the deployment's region.
  const region = scope[scope.length - 3];
  if (scope.length >= 5 && region !== IAM_REGION && region !== opts.region) {
    throw new IamError('SignatureDoesNotMatch', `Credential should be scoped to a valid region. `);
  }
  const scopeRegion = region === IAM_REGION ? IAM_REGION : opts.region;
  const auth = authenticatePresignedV4(req, params, store, {
    now: opts.now, region: scopeRegion, keyCache: opts.keyCache, service: IAM_SERVICE,
    payloadHash: createHash('sha256').update(body).digest('hex'),
  });
  return { accessKey: auth.accessKey, sessionToken: auth.sessionToken };
}

/** The signer of a request whose signature checks out over `body`; throws IamError otherwise. */
export function authenticateIam(req: AuthRequest, body: Buffer, store: CredentialStore, opts: IamAuthOptions): IamSigner {
  const header = req.headers.authorization;
  const params = parseQueryParams(req.rawQuery);
  const hasHeader = header !== undefined && header.trim() !== '';
  if (!hasHeader && !isPresignedV4(params)) throw new IamError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  if (hasHeader && isPresignedV4(params)) throw new IamError('IncompleteSignature', 'Only one authentication method is allowed');
  try {
    return hasHeader ? headerSigner(req, header.trim(), body, store, opts) : presignedSigner(req, params, body, store, opts);
  } catch (err) {
    // STS session credentials: a token that expired or does not verify.
    if (err instanceof SessionTokenExpiredError) throw new IamError('ExpiredToken', 'The security token included in the request is expired');
    if (err instanceof SessionTokenInvalidError) throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    if (!isS3Error(err)) throw err;
    if (err.code === 'InvalidAccessKeyId') throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    if (err.code === 'SignatureDoesNotMatch') throw new IamError('SignatureDoesNotMatch', BAD_SIGNATURE);
    // A presigned URL past X-Amz-Expires, or dated more than 15 min ahead.
    if (err.code === 'AccessDenied') {
      const amzDate = params.get('X-Amz-Date')?.[0] ?? '';
      throw new IamError('SignatureDoesNotMatch', skewMessage(amzDate, opts.now, /expired/i.test(err.message)));
    }
    throw new IamError('IncompleteSignature', err.message);
  }
}
