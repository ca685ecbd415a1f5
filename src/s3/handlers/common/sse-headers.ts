/**
 * Server-side encryption headers as AWS reads and writes them:
 *   x-amz-server-side-encryption                         AES256 (SSE-S3) | aws:kms (SSE-KMS)
 *   x-amz-server-side-encryption-aws-kms-key-id          SSE-KMS key (a name, or an ARN ending key/NAME)
 *   x-amz-server-side-encryption-context                 SSE-KMS: base64 of a JSON string map
 *   x-amz-server-side-encryption-bucket-key-enabled      SSE-KMS: true | false (recorded and echoed)
 *   x-amz-server-side-encryption-customer-algorithm      SSE-C: AES256
 *   x-amz-server-side-encryption-customer-key            SSE-C: base64 of 32 bytes
 *   x-amz-server-side-encryption-customer-key-MD5        SSE-C: base64 MD5 of the key (checked)
 * and the x-amz-copy-source-server-side-encryption-customer-* triple for a copy's source.
 * Every wrong combination gets AWS's code and message; SSE-C is refused over plain HTTP.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CustomerKey, EncryptionRequest, ObjectEncryption } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import type { S3Request } from '../handler.js';
import { headerValue } from './header-value.js';

const SSE = 'x-amz-server-side-encryption';
const KMS_KEY_ID = `${SSE}-aws-kms-key-id`;
const CONTEXT = `${SSE}-context`;
const BUCKET_KEY = `${SSE}-bucket-key-enabled`;
export const CUSTOMER_PREFIX = `${SSE}-customer-`;
export const COPY_SOURCE_CUSTOMER_PREFIX = 'x-amz-copy-source-server-side-encryption-customer-';

const SECURE_ONLY = 'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.';
const CONTEXT_MESSAGE = "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map";

function invalidArgument(message: string, name: string, value?: string): S3Error {
  return new S3Error('InvalidArgument', { message, extra: { ArgumentName: name, ...(value !== undefined ? { ArgumentValue: value } : {}) } });
}

/** The three header names under each prefix, built once (a name built per request is a fresh string to look up). */
const CUSTOMER_NAMES = new Map<string, readonly [string, string, string]>();
function customerNames(prefix: string): readonly [string, string, string] {
  let names = CUSTOMER_NAMES.get(prefix);
  if (names === undefined) {
    names = [`${prefix}algorithm`, `${prefix}key`, `${prefix}key-md5`];
    CUSTOMER_NAMES.set(prefix, names);
  }
  return names;
}

/** The SSE-C triple under `prefix` (request or copy source); undefined when none of it is there. */
export function parseCustomerKey(headers: IncomingHttpHeaders, prefix: string, secure: boolean): CustomerKey | undefined {
  const [algorithmName, keyName, md5Name] = customerNames(prefix);
  const algorithm = headerValue(headers, algorithmName);
  const key = headerValue(headers, keyName);
  const md5 = headerValue(headers, md5Name);
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
  if (!secure) throw new S3Error('InvalidRequest', { message: SECURE_ONLY });
  if (algorithm === undefined || algorithm === '') {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.', `${prefix}algorithm`);
  }
  if (algorithm !== 'AES256') {
    throw new S3Error('InvalidEncryptionAlgorithmError', { extra: { ArgumentName: `${prefix}algorithm`, ArgumentValue: algorithm } });
  }
  if (key === undefined || key === '') {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.', `${prefix}key`);
  }
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== key.replace(/\s/g, '')) {
    throw invalidArgument('The secret key was invalid for the specified algorithm.', `${prefix}key`);
  }
  if (md5 === undefined || md5 === '') {
    throw invalidArgument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.', `${prefix}key-MD5`,
    );
  }
  if (createHash('md5').update(raw).digest('base64') !== md5) {
    throw invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.', `${prefix}key-MD5`);
  }
  return { key: raw, keyMd5: md5 };
}

/** The KMS key name of a key id or ARN (`arn:aws:kms:REGION:ACCOUNT:key/NAME`). */
function kmsKeyName(value: string): string {
  const arn = /^arn:aws:kms:[^:]*:[^:]*:key\/(.+)$/.exec(value);
  return arn ? arn[1]! : value;
}

function parseContext(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw invalidArgument(CONTEXT_MESSAGE, CONTEXT);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument(CONTEXT_MESSAGE, CONTEXT);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw invalidArgument(CONTEXT_MESSAGE, CONTEXT);
    out[k] = v;
  }
  return out;
}

/** The encryption a write (PutObject, CopyObject, CreateMultipartUpload) asks for; undefined when none. */
export function parseEncryptionRequest(req: Pick<S3Request, 'headers' | 'secure'>): EncryptionRequest | undefined {
  const { headers } = req;
  const mode = headerValue(headers, SSE);
  const keyId = headerValue(headers, KMS_KEY_ID);
  const context = headerValue(headers, CONTEXT);
  const bucketKey = headerValue(headers, BUCKET_KEY);
  const customer = parseCustomerKey(headers, CUSTOMER_PREFIX, req.secure === true);
  if (customer !== undefined) {
    if (mode !== undefined) {
      throw invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', SSE, mode);
    }
    return { mode: 'SSE-C', customerKey: customer };
  }
  if (mode !== undefined && mode !== 'AES256' && mode !== 'aws:kms') {
    throw invalidArgument('The encryption method specified is not supported', SSE, mode);
  }
  if ((keyId !== undefined || context !== undefined) && mode !== 'aws:kms') {
    throw invalidArgument(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', SSE, mode ?? '',
    );
  }
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') {
    throw invalidArgument('The bucket key enabled value must be true or false', BUCKET_KEY, bucketKey);
  }
  if (mode === 'AES256') return { mode: 'SSE-S3' };
  if (mode !== 'aws:kms') return undefined;
  if (keyId === '') throw invalidArgument('KMS key id must not be empty', KMS_KEY_ID, keyId);
  return {
    mode: 'SSE-KMS',
    ...(keyId !== undefined ? { keyId: kmsKeyName(keyId) } : {}),
    ...(context !== undefined ? { context: parseContext(context) } : {}),
    ...(bucketKey === 'true' ? { bucketKeyEnabled: true } : {}),
  };
}

/** GET/HEAD: the SSE-C key for an SSE-C object; x-amz-server-side-encryption itself is refused (AWS). */
export function parseReadCustomerKey(req: Pick<S3Request, 'headers' | 'secure'>): CustomerKey | undefined {
  const mode = headerValue(req.headers, SSE);
  if (mode !== undefined) throw invalidArgument('x-amz-server-side-encryption header is not supported for this operation.', SSE, mode);
  return parseCustomerKey(req.headers, CUSTOMER_PREFIX, req.secure === true);
}

/** The response headers that describe an object's (or upload's) encryption. */
export function sseResponseHeaders(enc: ObjectEncryption | undefined): Record<string, string> {
  if (enc === undefined) return {};
  if (enc.mode === 'SSE-C') {
    return { [`${CUSTOMER_PREFIX}algorithm`]: 'AES256', [`${CUSTOMER_PREFIX}key-md5`]: enc.customerKeyMd5 ?? '' };
  }
  if (enc.mode === 'SSE-S3') return { [SSE]: 'AES256' };
  return {
    [SSE]: 'aws:kms',
    ...(enc.kmsKeyId !== undefined ? { [KMS_KEY_ID]: enc.kmsKeyId } : {}),
    ...(enc.context !== undefined ? { [CONTEXT]: Buffer.from(JSON.stringify(enc.context), 'utf8').toString('base64') } : {}),
    ...(enc.bucketKeyEnabled === true ? { [BUCKET_KEY]: 'true' } : {}),
  };
}
