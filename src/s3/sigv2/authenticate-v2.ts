/**
 * SigV2 authentication (legacy; s3cmd signature_v2, old boto):
 *   header: Authorization: AWS AKID:base64(HMAC-SHA1(secret, StringToSign))
 *   query:  ?AWSAccessKeyId=AKID&Expires=<epoch seconds>&Signature=<base64>
 * Header requests must carry Date or x-amz-date within 15 minutes of now; query requests
 * expire at Expires (AccessDenied 'Request has expired').
 * Query parameters arrive already decoded (the caller parses them once for all schemes).
 */
import { createHmac } from 'node:crypto';
import { S3Error } from '../../errors/s3-error.js';
import { constantTimeEqual as equalSignatures } from '../../util/constant-time.js';
import { stringToSignV2, type SigV2Request } from './string-to-sign.js';

export interface SigV2Store {
  secretFor(accessKey: string): string | undefined;
}

export interface SigV2Options {
  readonly now: Date;
  /** Decoded query parameters of the request. */
  readonly params: ReadonlyMap<string, readonly string[]>;
}

const MAX_SKEW_MS = 15 * 60 * 1000;

export function signV2(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

function secretOf(store: SigV2Store, accessKey: string): string {
  const secret = store.secretFor(accessKey);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', { extra: { AWSAccessKeyId: accessKey } });
  return secret;
}

/**
 * The path a client may have signed for a path-style request to a bucket itself: boto3 and
 * botocore (signature_version 's3') sign the virtual-hosted form of the resource, `/bucket/`,
 * while sending `/bucket`. Both name the same resource, so either signature is taken.
 */
function bucketSlashPath(req: SigV2Request): string | undefined {
  if (req.virtualHostBucket !== undefined && req.virtualHostBucket !== '') return undefined;
  return /^\/[^/]+$/.test(req.rawPath) ? `${req.rawPath}/` : undefined;
}

/** Verifies `provided` against the string to sign of `path`, then of its `/bucket/` form if it has one. */
function verify(secret: string, toSign: (path: string) => string, req: SigV2Request, provided: string, accessKey: string): void {
  const sts = toSign(req.rawPath);
  if (equalSignatures(signV2(secret, sts), provided)) return;
  const slashed = bucketSlashPath(req);
  if (slashed !== undefined && equalSignatures(signV2(secret, toSign(slashed)), provided)) return;
  throw new S3Error('SignatureDoesNotMatch', {
    extra: { AWSAccessKeyId: accessKey, StringToSign: sts, SignatureProvided: provided.slice(0, 128) },
  });
}

function single(req: SigV2Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Authorization: AWS AKID:signature. Returns the access key. */
export function authenticateHeaderV2(req: SigV2Request, authorization: string, store: SigV2Store, opts: SigV2Options): string {
  const creds = authorization.slice('AWS '.length).trim();
  const colon = creds.lastIndexOf(':');
  if (colon <= 0 || colon === creds.length - 1) {
    throw new S3Error('InvalidArgument', {
      message: 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature',
      extra: { ArgumentName: 'Authorization', ArgumentValue: authorization.slice(0, 256) },
    });
  }
  const accessKey = creds.slice(0, colon);
  const signature = creds.slice(colon + 1);
  const amzDate = single(req, 'x-amz-date');
  const httpDate = single(req, 'date');
  const dateText = amzDate ?? httpDate;
  const time = dateText === undefined || dateText.length > 64 ? NaN : Date.parse(dateText);
  if (!Number.isFinite(time)) {
    throw new S3Error('AccessDenied', { message: 'AWS authentication requires a valid Date or x-amz-date header' });
  }
  if (Math.abs(opts.now.getTime() - time) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', {
      extra: {
        RequestTime: dateText!,
        ServerTime: isoSeconds(opts.now),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    });
  }
  const secret = secretOf(store, accessKey);
  const toSign = (path: string): string => stringToSignV2({ req, dateLine: amzDate !== undefined ? '' : httpDate ?? '', path, params: opts.params });
  if (amzDate !== undefined && !equalSignatures(signV2(secret, toSign(req.rawPath)), signature)) {
    // The form of the AWS docs' DELETE example: x-amz-date's value on the Date line.
    const alt = stringToSignV2({ req, dateLine: amzDate, path: req.rawPath, params: opts.params, excludeAmzHeader: 'x-amz-date' });
    if (equalSignatures(signV2(secret, alt), signature)) return accessKey;
  }
  verify(secret, toSign, req, signature, accessKey);
  return accessKey;
}

export function isPresignedV2(params: ReadonlyMap<string, readonly string[]>): boolean {
  return params.has('AWSAccessKeyId') || (params.has('Signature') && params.has('Expires'));
}

function oneParam(params: ReadonlyMap<string, readonly string[]>, name: string): string {
  const values = params.get(name);
  if (values === undefined || values.length !== 1) {
    throw new S3Error('AccessDenied', {
      message: 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
    });
  }
  return values[0]!;
}

/** ?AWSAccessKeyId=&Expires=&Signature=. Returns the access key. */
export function authenticatePresignedV2(req: SigV2Request, store: SigV2Store, opts: SigV2Options): string {
  const accessKey = oneParam(opts.params, 'AWSAccessKeyId');
  const expires = oneParam(opts.params, 'Expires');
  // A raw '+' of base64 decodes to ' ' under form decoding; base64 never holds a space.
  const signature = oneParam(opts.params, 'Signature').replace(/ /g, '+');
  if (!/^\d{1,12}$/.test(expires)) {
    throw new S3Error('AccessDenied', { message: 'Invalid date (should be seconds since epoch)' });
  }
  const expiresMs = Number(expires) * 1000;
  if (opts.now.getTime() > expiresMs) {
    throw new S3Error('AccessDenied', {
      message: 'Request has expired',
      extra: { Expires: isoSeconds(new Date(expiresMs)), ServerTime: isoSeconds(opts.now) },
    });
  }
  const secret = secretOf(store, accessKey);
  verify(secret, (path) => stringToSignV2({ req, dateLine: expires, path, params: opts.params }), req, signature, accessKey);
  return accessKey;
}
