/**
 * Browser POST upload forms for tests: a multipart/form-data body built by hand (so tests can
 * split, pad or break it) and the policy + signature fields AWS documents for SigV4
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html) and SigV2.
 */
import { createHmac } from 'node:crypto';
import type { CairnServer } from './server.js';

export type FormFields = ReadonlyArray<readonly [string, string]>;

export interface FormFile {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType?: string;
}

export interface MultipartBody {
  readonly body: Buffer;
  readonly contentType: string;
}

export function multipartBody(fields: FormFields, file: FormFile | undefined, boundary = '----cairnFormBoundary7MA4YWxkTrZu0gW'): MultipartBody {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n`
      + `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface PolicySpec {
  readonly conditions: readonly unknown[];
  /** Default: one hour from now. */
  readonly expiration?: Date;
}

const amzDate = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The SigV4 fields: policy (with the credential conditions added), x-amz-* and x-amz-signature. */
export function sigV4Fields(s: Pick<CairnServer, 'accessKey' | 'secretKey' | 'region'>, spec: PolicySpec, secret = s.secretKey): Array<[string, string]> {
  const now = new Date();
  const date = amzDate(now);
  const credential = `${s.accessKey}/${date.slice(0, 8)}/${s.region}/s3/aws4_request`;
  const policy = Buffer.from(JSON.stringify({
    expiration: (spec.expiration ?? new Date(now.getTime() + 3600_000)).toISOString(),
    conditions: [...spec.conditions, { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': credential }, { 'x-amz-date': date }],
  })).toString('base64');
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [date.slice(0, 8), s.region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(policy).digest('hex');
  return [
    ['x-amz-algorithm', 'AWS4-HMAC-SHA256'], ['x-amz-credential', credential], ['x-amz-date', date],
    ['policy', policy], ['x-amz-signature', signature],
  ];
}

/** The SigV2 fields: AWSAccessKeyId, policy, signature. */
export function sigV2Fields(s: Pick<CairnServer, 'accessKey' | 'secretKey'>, spec: PolicySpec): Array<[string, string]> {
  const policy = Buffer.from(JSON.stringify({
    expiration: (spec.expiration ?? new Date(Date.now() + 3600_000)).toISOString(),
    conditions: spec.conditions,
  })).toString('base64');
  const signature = createHmac('sha1', s.secretKey).update(policy).digest('base64');
  return [['AWSAccessKeyId', s.accessKey], ['policy', policy], ['signature', signature]];
}
