/**
 * Re-sealing after a KMS key rotation: the data key of an SSE-S3 / SSE-KMS version (or of a
 * pending multipart upload, whose parts all derive their keys from the upload's object key) is
 * re-sealed with the newest version of its KMS key. The data key itself, and so the sealed
 * object key and every byte of data, stay as they are: only the record's
 * `x-cairn-sse-kms-data-key` entry changes (update-version-metadata.ts: same versionId, ETag,
 * Last-Modified; the upload record rewritten under the upload's lock).
 *
 * Idempotent: a data key sealed by the newest version already is left alone ('current'); a
 * version changed meanwhile (another re-seal, an overwrite) is compared-and-swapped, so a
 * concurrent change is never lost ('changed': the caller may look again).
 */
import type { EncryptionContext } from '../../crypto/index.js';
import { UploadNotFoundError } from '../../errors/domain-errors.js';
import { selectVersion } from '../get-object.js';
import type { LayerContext } from '../layer-context.js';
import { metaBatchAll, readUpload } from '../multipart/upload-io.js';
import { encodeUploadRecord, uploadKey } from '../multipart/upload-record.js';
import { readKey } from '../record-quorum.js';
import { updateVersionMetadata } from '../update-version-metadata.js';
import { kmsContext, objectContextOf, sealingAccountOf } from './sse-keys.js';
import { KMS_DATA_KEY, storedEncryptionOf } from './sse-metadata.js';

/** Re-seals a data key with the newest version of `keyId`; undefined when it is sealed by that version already. */
export type DataKeyRewrap = (keyId: string, ciphertext: Buffer, context: EncryptionContext) => Promise<Buffer | undefined>;

/** resealed: written; current: the newest key version already; not-kms: no KMS data key (plain, SSE-C); changed: raced. */
export type ResealOutcome = 'resealed' | 'current' | 'not-kms' | 'changed';

export interface ResealTarget {
  readonly bucket: string;
  readonly key: string;
  /** A version (ObjectInfo.versionId); with `uploadId` absent. */
  readonly versionId?: string;
  /** A pending multipart upload instead of a version. */
  readonly uploadId?: string;
}

/** ObjectLayer.resealDataKey's request. */
export interface ResealRequest extends ResealTarget {
  readonly rewrap: DataKeyRewrap;
}

class Raced extends Error {}

/** The new system metadata, or the outcome when there is nothing to write. */
async function resealed(
  ctx: LayerContext, meta: Readonly<Record<string, string>>, at: { bucket: string; key: string }, rewrap: DataKeyRewrap,
): Promise<Record<string, string> | ResealOutcome> {
  const stored = storedEncryptionOf(meta);
  if (stored === undefined || stored.kmsKeyId === undefined || stored.kmsDataKey === undefined) return 'not-kms';
  const context = kmsContext(objectContextOf(sealingAccountOf(ctx.sse, stored), at), stored.context);
  const next = await rewrap(stored.kmsKeyId, stored.kmsDataKey, context);
  if (next === undefined) return 'current';
  return { ...meta, [KMS_DATA_KEY]: next.toString('base64') };
}

export async function resealDataKey(ctx: LayerContext, target: ResealTarget, rewrap: DataKeyRewrap): Promise<ResealOutcome> {
  const { bucket, key } = target;
  if (target.uploadId !== undefined) {
    const uploadId = target.uploadId;
    const set = ctx.storage.setFor(bucket, key);
    return ctx.uploadLocks.withLock(uploadId, async () => {
      const upload = await readUpload(set, { bucket, key, uploadId });
      if (upload.completingDataId !== undefined) return 'changed';
      const meta = await resealed(ctx, upload.systemMetadata, target, rewrap);
      if (typeof meta === 'string') return meta;
      await metaBatchAll(set, [{ key: uploadKey(bucket, key, uploadId), value: encodeUploadRecord({ ...upload, systemMetadata: meta }) }]);
      return 'resealed';
    }).catch((err: unknown) => {
      if (err instanceof UploadNotFoundError) return 'changed';
      throw err;
    });
  }
  const read = await readKey(ctx, bucket, key);
  const { version } = selectVersion(target, read.record);
  const meta = await resealed(ctx, version.systemMetadata, target, rewrap);
  if (typeof meta === 'string') return meta;
  const before = version.systemMetadata[KMS_DATA_KEY];
  try {
    await updateVersionMetadata(ctx, { bucket, key, versionId: version.versionId }, (now) => {
      if (now.writeId !== version.writeId || now.systemMetadata[KMS_DATA_KEY] !== before) throw new Raced();
      // The version as it is now (tags or a retention may have changed since the read).
      return { ...now.systemMetadata, [KMS_DATA_KEY]: meta[KMS_DATA_KEY]! };
    });
  } catch (err) {
    if (err instanceof Raced) return 'changed';
    throw err;
  }
  return 'resealed';
}
