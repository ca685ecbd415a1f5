/**
 * SigV4 authentication of an IAM query request (AWS General Reference, "Signature Version 4"):
 * the Authorization header, credential scope service `iam`, region `us-east-1` (IAM is global;
 * the configured region is accepted too), the whole form body hashed into the canonical
 * request. Reuses the S3 SigV4 cores (header parsing, canonical request, signing keys) and
 * answers with IAM's error codes:
 *   no Authorization header         -> MissingAuthenticationToken 403
 *   malformed header / scope        -> IncompleteSignature 400
 *   unknown, inactive, deleted key  -> InvalidClientTokenId 403 (a session token that does not
 *                                      verify too; an expired one -> ExpiredToken 403)
 *   wrong signature, skew > 15 min  -> SignatureDoesNotMatch 403
 */
import { createHash } from 'node:crypto';
import { SessionTokenExpiredError, SessionTokenInvalidError } from '../../errors/domain-errors.js';
import { isS3Error } from '../../errors/s3-error.js';
import type { CredentialScope } from '../../s3/sigv4/credential.js';
import { parseAuthorizationV4, requestTimeFromHeaders } from '../../s3/sigv4/header-auth.js';
import { MAX_SKEW_MS } from '../../s3/sigv4/request-time.js';
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

/** The access key of a request whose signature checks out over `body`; throws IamError otherwise. */
export function authenticateIam(req: AuthRequest, body: Buffer, store: CredentialStore, opts: IamAuthOptions): string {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') throw new IamError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  try {
    const parsed = parseAuthorizationV4(header.trim());
    const credential = parseScope(parsed.credential, opts.region);
    const signedHeaders = parseSignedHeaders(parsed.signedHeaders, 'header');
    const { date, amzDate } = requestTimeFromHeaders(req);
    if (Math.abs(opts.now.getTime() - date.getTime()) > MAX_SKEW_MS) {
      throw new IamError('SignatureDoesNotMatch', `Signature expired: ${amzDate} is now earlier than ${new Date(opts.now.getTime() - MAX_SKEW_MS).toISOString().replace(/[-:]|\.\d+/g, '')}`);
    }
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const claimed = req.headers['x-amz-content-sha256'];
    if (typeof claimed === 'string' && claimed !== payloadHash && claimed !== 'UNSIGNED-PAYLOAD') throw new IamError('SignatureDoesNotMatch', BAD_SIGNATURE);
    verifySignature({
      req, store, keyCache: opts.keyCache, credential, amzDate, signedHeaders, payloadHash: typeof claimed === 'string' ? claimed : payloadHash,
      signature: parsed.signature,
      sessionToken: typeof req.headers['x-amz-security-token'] === 'string' ? req.headers['x-amz-security-token'] : undefined,
    });
    return credential.accessKey;
  } catch (err) {
    // STS session credentials: a token that expired or does not verify.
    if (err instanceof SessionTokenExpiredError) throw new IamError('ExpiredToken', 'The security token included in the request is expired');
    if (err instanceof SessionTokenInvalidError) throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    if (!isS3Error(err)) throw err;
    if (err.code === 'InvalidAccessKeyId') throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    if (err.code === 'SignatureDoesNotMatch') throw new IamError('SignatureDoesNotMatch', BAD_SIGNATURE);
    throw new IamError('IncompleteSignature', err.message);
  }
}
