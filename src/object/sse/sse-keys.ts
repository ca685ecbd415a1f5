/**
 * Object keys of encrypted objects: a new one per object (or multipart upload), sealed under a
 * data key that is bound to the object's context {account, bucket, key}:
 *   SSE-S3 / SSE-KMS  the data key comes from the KMS (generateDataKey with that context, plus
 *                     the client's SSE-KMS context); only its KMS ciphertext is stored;
 *   SSE-C             the customer key is the data key; only its MD5 is stored.
 * Reading unseals the object key the same way (the KMS decrypts the data key, or the client
 * brings the customer key again). See crypto/index.ts for the whole key hierarchy.
 *
 * The account of the context is the bucket owner's at write time (`newSealing`'s `owner`),
 * stored with the sealing (format 2, sse-metadata.ts); SSE-S3 and SSE-KMS without a key id use
 * that account's default key (`SseSettings.defaultKeyFor`: `cairn admin kms account set`), else
 * the deployment key. Records of format 1 (written before) were sealed in `SseSettings.account`.
 */
import { createHash } from 'node:crypto';
import {
  deriveStreamKey, hmacSha256, newObjectKey, sealObjectKey, unsealObjectKey, type EncryptionContext, type Kms, type ObjectContext, type SseCipher,
} from '../../crypto/index.js';
import { DecryptionFailedError, KmsNotConfiguredError, SseCustomerKeyError } from '../../errors/domain-errors.js';
import type { ObjectKeyCache } from './object-key-cache.js';
import type { CustomerKey, EncryptionRequest, SseMode } from './sse-contract.js';
import { sealingTextOf, type StoredEncryption } from './sse-metadata.js';

/** The account objects belong to until accounts exist. */
export const DEFAULT_ACCOUNT = '000000000000';

/** What the layer encrypts with (LayerContext.sse). */
export interface SseSettings {
  /** Undefined: no KMS configured (SSE-S3 / SSE-KMS refused; SSE-C still works). */
  readonly kms?: Kms;
  /** The KMS key of SSE-S3 and of SSE-KMS without a key id. */
  readonly defaultKeyId?: string;
  /** The default key of an account (its own when one is set, else `defaultKeyId`); absent: `defaultKeyId`. */
  readonly defaultKeyFor?: (account: string) => Promise<string>;
  /** Cipher of new objects (each object records its own). */
  readonly cipher: SseCipher;
  /** The account of buckets without an owner, and of format 1 records. */
  readonly account: string;
  /** Unsealed object keys of SSE-S3 / SSE-KMS objects read recently (object-key-cache.ts); absent: none. */
  readonly objectKeys?: ObjectKeyCache;
}

/** An object key ready to encrypt a new object, and what to store about it. */
export interface ObjectSealing {
  readonly objectKey: Buffer;
  readonly stored: StoredEncryption;
}

/** Where `objectKey`s sealing is bound: the object and its account. */
export interface SealTarget {
  readonly bucket: string;
  readonly key: string;
}

export function objectContextOf(account: string, at: SealTarget): ObjectContext {
  return { account, bucket: at.bucket, key: at.key };
}

/** The account a stored sealing is bound to. */
export function sealingAccountOf(settings: SseSettings, stored: StoredEncryption): string {
  return stored.account ?? settings.account;
}

/** The KMS context of a data key: the client's SSE-KMS context, then account, bucket and key (which win). */
export function kmsContext(oc: ObjectContext, extra: Readonly<Record<string, string>> | undefined): EncryptionContext {
  return { ...(extra ?? {}), account: oc.account, bucket: oc.bucket, key: oc.key };
}

/** base64 MD5 of a customer key. */
export function customerKeyMd5(key: Buffer): string {
  return createHash('md5').update(key).digest('base64');
}

/** The KMS and the key to seal with: `explicit`, else the account's default key. */
async function requireKms(settings: SseSettings, account: string, explicit: string | undefined): Promise<{ kms: Kms; keyId: string }> {
  if (settings.kms === undefined || settings.defaultKeyId === undefined) throw new KmsNotConfiguredError();
  if (explicit !== undefined) return { kms: settings.kms, keyId: explicit };
  const keyId = settings.defaultKeyFor !== undefined ? await settings.defaultKeyFor(account) : settings.defaultKeyId;
  return { kms: settings.kms, keyId };
}

/**
 * A fresh object key for a new object at `at`, sealed as `req` asks, bound to `owner` (the
 * bucket owner's account; undefined: a bucket without an owner, `settings.account`).
 */
export async function newSealing(settings: SseSettings, req: EncryptionRequest, at: SealTarget, owner: string | undefined): Promise<ObjectSealing> {
  const account = owner ?? settings.account;
  const oc = objectContextOf(account, at);
  const cipher = settings.cipher;
  const objectKey = newObjectKey();
  if (req.mode === 'SSE-C') {
    const md5 = customerKeyMd5(req.customerKey.key);
    const sealedKey = sealObjectKey({ objectKey, dataKey: req.customerKey.key, context: oc, cipher });
    return { objectKey, stored: { mode: 'SSE-C', cipher, sealedKey, customerKeyMd5: md5, format: 2, account } };
  }
  const { kms, keyId } = await requireKms(settings, account, req.mode === 'SSE-KMS' ? req.keyId : undefined);
  const extra = req.mode === 'SSE-KMS' ? req.context : undefined;
  const dataKey = await kms.generateDataKey(keyId, kmsContext(oc, extra));
  try {
    const sealedKey = sealObjectKey({ objectKey, dataKey: dataKey.plaintext, context: oc, cipher });
    return {
      objectKey,
      stored: {
        mode: req.mode, cipher, sealedKey, kmsKeyId: dataKey.keyId, kmsDataKey: dataKey.ciphertext, format: 2, account,
        ...(extra !== undefined ? { context: extra } : {}),
        ...(req.mode === 'SSE-KMS' && req.bucketKeyEnabled === true ? { bucketKeyEnabled: true } : {}),
      },
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/** Refuses a customer key that does not fit the stored encryption (`scope` picks AWS's answer). */
export function checkCustomerKey(
  stored: StoredEncryption | undefined, given: CustomerKey | undefined, scope: 'object' | 'upload' | 'copy-source',
): void {
  if (stored?.mode !== 'SSE-C') {
    if (given !== undefined) throw new SseCustomerKeyError(scope === 'upload' ? 'mismatch' : 'not-applicable', scope);
    return;
  }
  if (given === undefined) throw new SseCustomerKeyError('required', scope);
  if (customerKeyMd5(given.key) !== stored.customerKeyMd5) throw new SseCustomerKeyError('mismatch', scope);
}

/** The object key of a stored object or upload (after checkCustomerKey). */
export async function openSealing(
  settings: SseSettings, stored: StoredEncryption, at: SealTarget, given: CustomerKey | undefined,
): Promise<Buffer> {
  const oc = objectContextOf(sealingAccountOf(settings, stored), at);
  if (stored.mode === 'SSE-C') {
    if (given === undefined) throw new SseCustomerKeyError('required', 'object');
    return unsealObjectKey({ sealed: stored.sealedKey, dataKey: given.key, context: oc });
  }
  if (settings.kms === undefined) throw new KmsNotConfiguredError();
  if (stored.kmsKeyId === undefined || stored.kmsDataKey === undefined) throw new DecryptionFailedError('the sealed data key is missing');
  const context = kmsContext(oc, stored.context);
  const slot = cacheSlotOf(settings, stored, oc);
  const cached = slot?.cache.get(slot.id, slot.binding);
  if (cached !== undefined) return cached;
  const dataKey = await settings.kms.decrypt(stored.kmsKeyId, stored.kmsDataKey, context);
  try {
    const objectKey = unsealObjectKey({ sealed: stored.sealedKey, dataKey, context: oc });
    slot?.cache.set(slot.id, objectKey, slot.binding);
    return objectKey;
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The key of the stored stream with IV `iv` (sse-body.ts) of a stored object or part, after
 * checkCustomerKey: derived from the object key (openSealing). SSE-S3 / SSE-KMS stream keys are
 * kept with their cached object key, so a GET of a small object read recently neither unseals
 * nor derives anything.
 */
export async function openStreamKey(
  settings: SseSettings, stored: StoredEncryption, at: SealTarget, given: CustomerKey | undefined, iv: Buffer,
): Promise<Buffer> {
  const slot = cacheSlotOf(settings, stored, objectContextOf(sealingAccountOf(settings, stored), at));
  const hit = slot?.cache.getStream(slot.id, iv, slot.binding);
  if (hit !== undefined) return hit;
  const objectKey = await openSealing(settings, stored, at, given);
  try {
    const streamKey = deriveStreamKey(objectKey, iv);
    slot?.cache.setStream(slot.id, iv, streamKey, slot.binding);
    return streamKey;
  } finally {
    objectKey.fill(0);
  }
}

/**
 * Where the keys of a sealing are cached: the cache, the id (the sealed object key's stored
 * text) and the binding (every other input of its unseal, see object-key-cache.ts).
 * Undefined when nothing is cached: no cache, SSE-C, no KMS, or a sealing without its data key
 * (openSealing refuses those).
 */
function cacheSlotOf(settings: SseSettings, stored: StoredEncryption, oc: ObjectContext): { cache: ObjectKeyCache; id: string; binding: readonly string[] } | undefined {
  const cache = settings.objectKeys;
  const kmsKeyId = stored.kmsKeyId;
  if (cache === undefined || stored.mode === 'SSE-C' || settings.kms === undefined || kmsKeyId === undefined) return undefined;
  const text = sealingTextOf(stored);
  if (text.kmsDataKey === undefined) return undefined;
  return { cache, id: text.sealedKey, binding: [kmsKeyId, text.kmsDataKey, text.context ?? '', oc.account, oc.bucket, oc.key] };
}

/**
 * The ETag of an encrypted body whose plaintext MD5 is `md5`: the MD5 itself for SSE-S3 (as
 * AWS), otherwise a keyed digest of it (AWS: SSE-KMS and SSE-C ETags are not the MD5 of the
 * data), so the plaintext's MD5 is never exposed.
 */
const ETAG_LABEL = Buffer.from('CAIRN-SSE etag v1\0', 'latin1');

export function sseEtag(mode: SseMode, objectKey: Buffer, md5: Buffer): string {
  if (mode === 'SSE-S3') return md5.toString('hex');
  return hmacSha256(objectKey, ETAG_LABEL, md5).subarray(0, 16).toString('hex');
}
