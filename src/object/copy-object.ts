/**
 * CopyObject: the source version is located by a quorum read, the source conditions are
 * checked (copy semantics: every failure is 412), and its bytes stream into a normal put
 * (storeBody + commitNewVersion) on the destination's set, which may differ from the source's.
 * Metadata: COPY keeps the source's content type, user and system metadata; REPLACE takes
 * them from the options. Storage class is the requested one, else STANDARD (as S3).
 * Copy onto itself (same key, latest null version, unversioned destination): a metadata-only
 * update that reuses the stored data (same dataId / re-encoded inline bytes) under a new mtime
 * and writeId; the merge sees the data id still referenced, so nothing is deleted.
 * (Copy onto itself with COPY and nothing changed is refused by the S3 layer.)
 */
import { Readable } from 'node:stream';
import type { ObjectVersionRecord } from '../storage/format/index.js';
import { checksumToBase64 } from '../util/checksums.js';
import { commitVersion, removeOrphanedData } from './commit-version.js';
import { checkReadConditions, checkWriteConditions, writeConditionGuard } from './conditions.js';
import { locate, openVersionBody, readInline } from './get-object.js';
import { newId, NULL_VERSION_ID } from './ids.js';
import { DEFAULT_STORAGE_CLASS, lockName, type LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import type { CopyObjectOptions, ObjectInfo } from './object-layer.js';
import { assertBucketOnSet, commitNewVersion, storeBody } from './put-object.js';
import { readKey } from './record-quorum.js';

type Fields = Pick<ObjectVersionRecord, 'contentType' | 'userMetadata' | 'systemMetadata' | 'storageClass'>;

function destinationFields(src: ObjectVersionRecord, opts: CopyObjectOptions): Fields {
  const storageClass = opts.storageClass ?? DEFAULT_STORAGE_CLASS;
  if (opts.metadataDirective === 'REPLACE') {
    return {
      contentType: opts.contentType ?? src.contentType,
      userMetadata: { ...(opts.userMetadata ?? {}) },
      systemMetadata: { ...(opts.systemMetadata ?? {}) },
      storageClass,
    };
  }
  return { contentType: src.contentType, userMetadata: src.userMetadata, systemMetadata: src.systemMetadata, storageClass };
}

export async function copyObject(
  ctx: LayerContext, srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, opts: CopyObjectOptions,
): Promise<ObjectInfo> {
  validateObjectKey(dstKey);
  const isSelf = srcBucket === dstBucket && srcKey === dstKey && opts.versioned !== true && !opts.storeChecksum;
  if (isSelf) {
    const done = await copyInPlace(ctx, srcBucket, srcKey, opts);
    if (done) return done;
  }
  const src = await locate(ctx, srcBucket, srcKey, opts.sourceVersionId);
  checkReadConditions(src.info, opts.sourceConditions, 'copy-source');
  const v = src.selected.version;
  const dstSet = ctx.storage.setFor(dstBucket, dstKey);
  await assertBucketOnSet(ctx, dstBucket, dstKey);
  const opened = await openVersionBody(ctx, src.read, v, undefined, { bucket: srcBucket, key: srcKey });
  const body = opened.stream ?? Readable.from(opened.bytes.length > 0 ? [opened.bytes] : [], { objectMode: false });
  const storeAlg = opts.storeChecksum ?? v.checksum?.algorithm;
  const stored = await storeBody(ctx, dstSet, dstSet.layoutFor(dstBucket, dstKey), body, {
    size: v.size,
    ...(opts.checksumAlgorithms ? { checksumAlgorithms: opts.checksumAlgorithms } : {}),
    ...(storeAlg ? { storeChecksum: storeAlg } : {}),
  });
  const digest = storeAlg ? stored.checksums[storeAlg] : undefined;
  const version = await commitNewVersion(ctx, {
    bucket: dstBucket, key: dstKey, set: dstSet, payload: stored.payload, versioned: opts.versioned === true,
    ...(opts.conditions ? { conditions: opts.conditions } : {}),
    fields: {
      ...destinationFields(v, opts),
      isDeleteMarker: false,
      size: stored.size,
      etag: stored.md5.toString('hex'),
      ...(storeAlg && digest ? { checksum: { algorithm: storeAlg, type: 'FULL_OBJECT' as const, value: checksumToBase64(digest) } } : {}),
      erasure: stored.layout,
    },
  });
  return toObjectInfo(dstBucket, dstKey, version, true);
}

/**
 * Metadata-only rewrite of the latest null version, under the key lock. Returns undefined
 * when the source is not eligible (a specific older version, a versioned object): the caller
 * then does a full copy.
 */
async function copyInPlace(ctx: LayerContext, bucket: string, key: string, opts: CopyObjectOptions): Promise<ObjectInfo | undefined> {
  const set = ctx.storage.setFor(bucket, key);
  let committed: Awaited<ReturnType<typeof commitVersion>> | undefined;
  const info = await ctx.locks.withLock(lockName(bucket, key), async () => {
    const read = await readKey(ctx, bucket, key);
    const latest = read.record?.versions[0];
    if (!latest || latest.isDeleteMarker || latest.versionId !== NULL_VERSION_ID) return undefined;
    if (opts.sourceVersionId !== undefined && opts.sourceVersionId !== NULL_VERSION_ID) return undefined;
    checkReadConditions(toObjectInfo(bucket, key, latest, true), opts.sourceConditions, 'copy-source');
    checkWriteConditions(bucket, key, { etag: latest.etag, lastModified: new Date(latest.mtime) }, opts.conditions);
    const writeId = newId();
    const { inline: _inline, ...rest } = latest;
    const version: ObjectVersionRecord = {
      ...rest,
      ...destinationFields(latest, opts),
      versionId: NULL_VERSION_ID,
      writeId,
      mtime: ctx.nextMtime(),
    };
    let inlineShards: (Buffer | undefined)[] | undefined;
    if (latest.inline !== undefined) {
      const data = await readInline(ctx, read, latest, bucket, key);
      inlineShards = data.length === 0 ? set.drives.map(() => Buffer.alloc(0)) : await set.encodeInline(latest.erasure!, data);
    }
    const guard = writeConditionGuard(bucket, key, opts.conditions);
    committed = await commitVersion({
      set, bucket, key, change: { put: version }, onPartial: () => ctx.onHealNeeded(bucket, key),
      ...(inlineShards ? { inlineShards } : {}), ...(guard ? { guard } : {}),
    });
    return toObjectInfo(bucket, key, version, true);
  });
  if (committed) await removeOrphanedData(set, committed);
  return info;
}
