/**
 * CreateMultipartUpload: write the upload record on every drive of the key's set.
 * The erasure layout is fixed here, so every part (and the final object) uses the same one, and
 * so is the data dir the parts are written into (format v2, upload-record.ts); nothing is
 * created on the drives until a part is uploaded.
 */
import { defaultChecksumType } from '../../util/checksums.js';
import { newDataId, newId } from '../ids.js';
import { DEFAULT_CONTENT_TYPE, DEFAULT_STORAGE_CLASS, type LayerContext } from '../layer-context.js';
import { validateObjectKey } from '../object-info.js';
import { withLock } from '../object-lock-metadata.js';
import { assertBucketOnSet } from '../bucket-on-set.js';
import type { CreateMultipartUploadRequest, MultipartUploadInfo } from '../object-layer.js';
import { assertChecksumConfig } from './multipart-checksums.js';
import { metaBatchAll, onDrives } from './upload-io.js';
import { encodeUploadRecord, uploadKey, type UploadRecord } from './upload-record.js';
import { toUploadInfo } from './upload-info.js';
import { newSealing } from '../sse/sse-keys.js';
import { sseMetadataEntries } from '../sse/sse-metadata.js';

export async function createMultipartUpload(ctx: LayerContext, req: CreateMultipartUploadRequest): Promise<MultipartUploadInfo> {
  const { bucket, key } = req;
  validateObjectKey(key); // also refuses NUL, which upload keys rely on
  const onSet = await assertBucketOnSet(ctx, bucket, key);
  const alg = req.checksumAlgorithm;
  const type = alg ? (req.checksumType ?? defaultChecksumType(alg)) : undefined;
  assertChecksumConfig(alg, req.checksumType);
  const set = ctx.storage.setFor(bucket, key);
  const now = ctx.nextMtime();
  const uploadId = newId(now);
  // The object key of the whole upload (every part derives its own stream key from it).
  const sealing = req.encryption ? await newSealing(ctx.sse, req.encryption, req, onSet.owner()) : undefined;
  const systemMetadata = withLock(req.systemMetadata ?? {}, req.objectLock);
  if (sealing) Object.assign(systemMetadata, sseMetadataEntries(sealing.stored));
  const record: UploadRecord = {
    bucket,
    key,
    uploadId,
    initiated: now,
    contentType: req.contentType ?? DEFAULT_CONTENT_TYPE,
    userMetadata: { ...(req.userMetadata ?? {}) },
    systemMetadata,
    storageClass: req.storageClass ?? DEFAULT_STORAGE_CLASS,
    ...(alg ? { checksumAlgorithm: alg } : {}),
    ...(type ? { checksumType: type } : {}),
    layout: set.layoutFor(bucket, key),
    dataId: newDataId(), // the parts are written in place into the object's data dir-to-be
  };
  const ukey = uploadKey(bucket, key, uploadId);
  try {
    await metaBatchAll(set, [{ key: ukey, value: encodeUploadRecord(record) }]);
  } catch (err) {
    // Below write quorum: take back the copies that landed so the upload never half-exists.
    await onDrives(set.drives, (d) => d.metaBatch([{ key: ukey, value: null }]));
    throw err;
  }
  return toUploadInfo(record, record.bucket);
}
