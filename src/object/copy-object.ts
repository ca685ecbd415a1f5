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
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { checksumToBase64 } from '../util/checksums.js';
import { checkBucketQuota } from './bucket-quota.js';
import { commitVersion, removeOrphanedData } from './commit-version.js';
import { checkReadConditions, checkWriteConditions, writeConditionGuard } from './conditions.js';
import { locate, openVersionBody, readInline } from './get-object.js';
import { newId, NULL_VERSION_ID } from './ids.js';
import { DEFAULT_STORAGE_CLASS, lockName, type LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import { withLock } from './object-lock-metadata.js';
import { withAcl } from './update-object-acl.js';
import { TAGS_METADATA, withStoredTags } from './update-object-tags.js';
import type { CopiedObjectInfo, CopyObjectRequest, ObjectInfo, OpContext } from './object-layer.js';
import { assertBucketOnSet } from './bucket-on-set.js';
import { commitNewVersion, storeBody } from './put-object.js';
import { readKey } from './record-quorum.js';
import { checkCustomerKey, newSealing, sseEtag } from './sse/sse-keys.js';
import { hasSse, SSE_PLAIN_SIZE, sseMetadataEntries, withoutSse } from './sse/sse-metadata.js';

type Fields = Pick<ObjectVersionRecord, 'contentType' | 'userMetadata' | 'systemMetadata' | 'storageClass'>;

function destinationFields(src: ObjectVersionRecord, req: CopyObjectRequest): Fields {
  const storageClass = req.storageClass ?? DEFAULT_STORAGE_CLASS;
  if (req.metadataDirective === 'REPLACE') {
    const requested = req.systemMetadata ?? {};
    return {
      contentType: req.contentType ?? src.contentType,
      userMetadata: { ...(req.userMetadata ?? {}) },
      systemMetadata: withAcl(withLock(req.tagsFrom === 'source' ? withStoredTags(requested, src.systemMetadata[TAGS_METADATA]) : requested, req.objectLock), req.acl),
      storageClass,
    };
  }
  // The copy never inherits the source's lock state (only the request's or the bucket default),
  // nor its encryption, nor its ACL (the copy has the request's, or none).
  const kept = withoutSse(src.systemMetadata);
  return {
    contentType: src.contentType, userMetadata: src.userMetadata,
    systemMetadata: withAcl(withLock(req.tagsFrom === 'request' ? withStoredTags(kept, req.systemMetadata?.[TAGS_METADATA]) : kept, req.objectLock), req.acl),
    storageClass,
  };
}

/** bucket/key of the request are the destination; `source` the object read. */
export async function copyObject(ctx: LayerContext, req: CopyObjectRequest, op: OpContext = {}): Promise<CopiedObjectInfo> {
  const { bucket: dstBucket, key: dstKey, source } = req;
  validateObjectKey(dstKey);
  // An encrypted copy (either side) is always a full read + re-encryption.
  const isSelf = source.bucket === dstBucket && source.key === dstKey && req.versioned !== true && !req.storeChecksum
    && req.encryption === undefined && source.customerKey === undefined;
  if (isSelf) {
    const done = await copyInPlace(ctx, req);
    if (done) return { ...done, sourceVersionId: NULL_VERSION_ID };
  }
  const src = await locate(ctx, source);
  checkReadConditions(src.info, source.conditions, 'copy-source');
  const v = src.selected.version;
  checkCustomerKey(src.sse, source.customerKey, 'copy-source');
  const dstSet = ctx.storage.setFor(dstBucket, dstKey);
  const onSet = await assertBucketOnSet(ctx, dstBucket, dstKey);
  await checkBucketQuota(ctx, { bucket: dstBucket, size: src.info.size });
  const sealing = req.encryption ? await newSealing(ctx.sse, req.encryption, req, onSet.owner()) : undefined;
  const opened = await openVersionBody(ctx, { bucket: source.bucket, key: source.key, read: src.read, version: v }, op, source.customerKey, src.sse);
  const body = opened.pooled !== undefined
    ? opened.pooled.stream
    : Readable.from(opened.chunks ?? (opened.bytes.length > 0 ? [opened.bytes] : []), { objectMode: false });
  const storeAlg = req.storeChecksum ?? v.checksum?.algorithm;
  const stored = await storeBody(ctx, {
    set: dstSet,
    layout: dstSet.layoutFor(dstBucket, dstKey),
    body,
    size: src.info.size,
    ...(sealing ? { seal: { objectKey: sealing.objectKey, cipher: sealing.stored.cipher } } : {}),
    ...(req.checksumAlgorithms ? { checksumAlgorithms: req.checksumAlgorithms } : {}),
    ...(storeAlg ? { storeChecksum: storeAlg } : {}),
  }, op);
  const digest = storeAlg ? stored.checksums[storeAlg] : undefined;
  const fields = destinationFields(v, req);
  const systemMetadata = sealing
    ? { ...fields.systemMetadata, ...sseMetadataEntries(sealing.stored), [SSE_PLAIN_SIZE]: String(stored.size) }
    : fields.systemMetadata;
  const version = await commitNewVersion(ctx, {
    bucket: dstBucket, key: dstKey, set: dstSet, payload: stored.payload, versioned: req.versioned === true,
    ...(req.conditions ? { conditions: req.conditions } : {}),
    fields: {
      ...fields,
      systemMetadata,
      isDeleteMarker: false,
      size: stored.storedSize,
      etag: sealing ? sseEtag(sealing.stored.mode, sealing.objectKey, stored.md5) : stored.md5.toString('hex'),
      ...(storeAlg && digest ? { checksum: { algorithm: storeAlg, type: 'FULL_OBJECT' as const, value: checksumToBase64(digest) } } : {}),
      erasure: stored.layout,
    },
  }, op);
  return { ...toObjectInfo(req, version, true), sourceVersionId: v.versionId };
}

/** The arbiter drive's latest version is not the one read (another process's write, or a stale drive). */
class LatestMoved extends Error {}

/**
 * Metadata-only rewrite of the latest null version, under the key lock. Returns undefined
 * when the source is not eligible (a specific older version, a versioned object): the caller
 * then does a full copy. The commit is guarded on the arbiter drive: its latest version must
 * still be the one read (another process's overwrite in between would leave the rewrite
 * naming data the overwrite removed); when it is not, nothing was written and the caller's
 * full copy (which reads the source afresh) is done instead.
 */
async function copyInPlace(ctx: LayerContext, req: CopyObjectRequest): Promise<ObjectInfo | undefined> {
  try {
    return await rewriteInPlace(ctx, req);
  } catch (err) {
    if (err instanceof LatestMoved) return undefined;
    throw err;
  }
}

async function rewriteInPlace(ctx: LayerContext, req: CopyObjectRequest): Promise<ObjectInfo | undefined> {
  const { bucket, key, source } = req;
  const set = ctx.storage.setFor(bucket, key);
  let committed: Awaited<ReturnType<typeof commitVersion>> | undefined;
  const info = await ctx.locks.withLock(lockName(bucket, key), async () => {
    const read = await readKey(ctx, bucket, key);
    const latest = read.record?.versions[0];
    if (!latest || latest.isDeleteMarker || latest.versionId !== NULL_VERSION_ID) return undefined;
    // An encrypted object's sealing is bound to its key: rewritten by a full copy only.
    if (hasSse(latest.systemMetadata)) return undefined;
    if (source.versionId !== undefined && source.versionId !== NULL_VERSION_ID) return undefined;
    checkReadConditions(toObjectInfo(req, latest, true), source.conditions, 'copy-source');
    checkWriteConditions(bucket, key, { etag: latest.etag, lastModified: new Date(latest.mtime) }, req.conditions);
    const writeId = newId();
    const { inline: _inline, uploadId: _uploadId, ...rest } = latest; // a copy is no longer the upload's result
    const version: ObjectVersionRecord = {
      ...rest,
      ...destinationFields(latest, req),
      versionId: NULL_VERSION_ID,
      writeId,
      mtime: ctx.nextMtime(),
    };
    let inlineShards: (Buffer | undefined)[] | undefined;
    if (latest.inline !== undefined) {
      const data = await readInline(ctx, { bucket, key, read, version: latest });
      inlineShards = data.length === 0 ? set.drives.map(() => Buffer.alloc(0)) : await set.encodeInline(latest.erasure!, data);
    }
    const conditions = writeConditionGuard(bucket, key, req.conditions);
    const guard = (current: ObjectRecord | undefined): void => {
      if (current?.versions[0]?.writeId !== latest.writeId) throw new LatestMoved();
      conditions?.(current);
    };
    committed = await commitVersion({
      set, bucket, key, change: { put: version }, onPartial: () => ctx.onHealNeeded(bucket, key),
      ...(inlineShards ? { inlineShards } : {}), guard,
    });
    return toObjectInfo(req, version, true);
  });
  if (committed) {
    ctx.usage.committed(committed.usage);
    await removeOrphanedData(set, committed);
  }
  return info;
}
