/**
 * SigV4 signing of an admin request, as madmin signs it: service `s3`, the deployment's
 * region, header auth over host, x-amz-content-sha256 (the body's sha256) and x-amz-date.
 * Built from the server's own pure cores (s3/sigv4: canonical request, string to sign,
 * signing key), so client and server cannot canonicalize differently; the server side is
 * checked against an independent signer by the e2e tests.
 */
import { ALGORITHM } from '../s3/sigv4/header-auth.js';
import { canonicalRequest, sha256Hex, stringToSign } from '../s3/sigv4/canonical-request.js';
import { formatAmzDate } from '../s3/sigv4/request-time.js';
import { deriveSigningKey, hmacHex } from '../s3/sigv4/signing-key.js';

export interface AdminCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface SignInput {
  readonly method: string;
  /** Percent-encoded path, e.g. /minio/admin/v3/heal/. */
  readonly rawPath: string;
  /** Encoded query without '?' ('' for none). */
  readonly rawQuery: string;
  /** host[:port] as sent in the Host header. */
  readonly host: string;
  readonly body: Buffer;
  readonly region: string;
  readonly credentials: AdminCredentials;
  readonly now: Date;
}

/** The headers to send: host, x-amz-date, x-amz-content-sha256 and authorization. */
export function signAdminRequest(input: SignInput): Record<string, string> {
  const amzDate = formatAmzDate(input.now);
  const headers: Record<string, string> = {
    host: input.host,
    'x-amz-content-sha256': sha256Hex(input.body),
    'x-amz-date': amzDate,
  };
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    req: { method: input.method, rawPath: input.rawPath, rawQuery: input.rawQuery, headers },
    signedHeaders: signed,
    payloadHash: headers['x-amz-content-sha256']!,
  });
  const scope = `${amzDate.slice(0, 8)}/${input.region}/s3/aws4_request`;
  const key = deriveSigningKey(input.credentials.secretKey, amzDate.slice(0, 8), input.region, 's3');
  const signature = hmacHex(key, stringToSign(amzDate, scope, canonical));
  headers['authorization'] = `${ALGORITHM} Credential=${input.credentials.accessKey}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
