/**
 * A bucket's default encryption (PutBucketEncryption) and what it means for a write without
 * encryption headers. Stored as the 'encryption' bucket config document, JSON
 * `{"algorithm":"AES256"}` or `{"algorithm":"aws:kms","kmsKeyId":"NAME","bucketKeyEnabled":true}`.
 */
import type { EncryptionRequest, ObjectLayer } from '../../../object/object-layer.js';
import type { S3Request } from '../handler.js';
import type { EncryptionConfigCache } from './encryption-config-cache.js';
import { parseEncryptionRequest } from './sse-headers.js';

export const ENCRYPTION_CONFIG = 'encryption';

export interface BucketEncryption {
  readonly algorithm: 'AES256' | 'aws:kms';
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
}

export function encodeEncryptionConfig(config: BucketEncryption): Buffer {
  return Buffer.from(JSON.stringify(config));
}

/** A document that is not one this module wrote fails loudly. */
export function decodeEncryptionConfig(doc: Buffer | undefined): BucketEncryption | undefined {
  if (doc === undefined || doc.length === 0) return undefined;
  const parsed = JSON.parse(doc.toString('utf8')) as { algorithm?: unknown; kmsKeyId?: unknown; bucketKeyEnabled?: unknown };
  if (parsed.algorithm !== 'AES256' && parsed.algorithm !== 'aws:kms') throw new Error('corrupt encryption config document: algorithm');
  return {
    algorithm: parsed.algorithm,
    ...(typeof parsed.kmsKeyId === 'string' ? { kmsKeyId: parsed.kmsKeyId } : {}),
    ...(parsed.bucketKeyEnabled === true ? { bucketKeyEnabled: true } : {}),
  };
}

export async function readBucketEncryption(objects: ObjectLayer, bucket: string): Promise<BucketEncryption | undefined> {
  return decodeEncryptionConfig(await objects.getBucketConfig({ bucket, name: ENCRYPTION_CONFIG }));
}

/** The encryption request of a bucket default. */
export function defaultEncryptionRequest(config: BucketEncryption): EncryptionRequest {
  if (config.algorithm === 'AES256') return { mode: 'SSE-S3' };
  return {
    mode: 'SSE-KMS',
    ...(config.kmsKeyId !== undefined ? { keyId: config.kmsKeyId } : {}),
    ...(config.bucketKeyEnabled === true ? { bucketKeyEnabled: true } : {}),
  };
}

/** The encryption of a new object: the request's headers, else the bucket's default (cached), else none. */
export async function writeEncryption(
  req: Pick<S3Request, 'headers' | 'secure'>, configs: Pick<EncryptionConfigCache, 'get'>, bucket: string,
): Promise<EncryptionRequest | undefined> {
  const explicit = parseEncryptionRequest(req);
  if (explicit !== undefined) return explicit;
  const config = await configs.get(bucket);
  return config === undefined ? undefined : defaultEncryptionRequest(config);
}
