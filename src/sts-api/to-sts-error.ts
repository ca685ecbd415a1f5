/**
 * Errors met while authenticating an STS request (the S3 SigV4 core throws S3Error; session
 * tokens throw domain errors) as STS's own codes and words: an unknown key or a bad session
 * token is InvalidClientTokenId, an expired session ExpiredToken, a bad signature or skew
 * SignatureDoesNotMatch, a malformed Authorization IncompleteSignature. Anything unknown is a
 * 500 InternalFailure whose cause is logged, never shown.
 */
import { isCairnError } from '../errors/domain-errors.js';
import { isS3Error } from '../errors/s3-error.js';
import { StsError } from '../iam/sts/sts-error.js';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export function toStsError(err: unknown): StsError {
  if (err instanceof StsError) return err;
  if (isCairnError(err)) {
    if (err.code === 'ERR_STS_TOKEN_EXPIRED') return new StsError('ExpiredToken', 'The security token included in the request is expired', { cause: err });
    if (err.code === 'ERR_STS_TOKEN_INVALID') return new StsError('InvalidClientTokenId', INVALID_TOKEN, { cause: err });
    if (err.code === 'ERR_POLICY_MALFORMED') return new StsError('MalformedPolicyDocument', err.message, { cause: err });
  }
  if (isS3Error(err)) {
    switch (err.code) {
      case 'InvalidAccessKeyId': return new StsError('InvalidClientTokenId', INVALID_TOKEN, { cause: err });
      case 'SignatureDoesNotMatch':
        return new StsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', { cause: err });
      case 'RequestTimeTooSkewed': return new StsError('SignatureDoesNotMatch', `Signature expired: ${err.message}`, { cause: err });
      case 'AccessDenied': return new StsError('AccessDenied', err.message, { cause: err });
      default:
        if (err.status < 500) return new StsError('IncompleteSignature', err.message, { cause: err });
    }
  }
  return new StsError('InternalFailure', 'An internal error occurred.', { cause: err });
}
