/**
 * DeleteObjects: POST /bucket?delete with <Delete> of up to 1,000 objects.
 * Content-MD5 or an x-amz-checksum-* header is required and verified. Each key is deleted
 * as DeleteObject would (bounded concurrency, results in request order); a failure of one
 * key is reported in its <Error> entry and does not fail the request. Quiet mode reports
 * errors only. A version under Object Lock gets its own AccessDenied entry (the layer refuses
 * it); x-amz-bypass-governance-retention applies to every key of the request. An entry's ETag,
 * LastModifiedTime and Size make its delete conditional (a failed one is its Error entry
 * PreconditionFailed).
 */
import { toS3Error } from '../../../errors/to-s3-error.js';
import type { OpContext } from '../../../object/object-layer.js';
import type { Handler, HandlerContext } from '../handler.js';
import { readDocument } from '../../xml/read-body.js';
import { parseXml } from '../../xml/parse-xml.js';
import {
  deleteResultXml, parseDeleteRequest, type DeleteOutcome, type ObjectIdentifier,
} from '../../xml/shapes/delete-objects.js';
import { deleteConditionsOf } from '../common/delete-conditions.js';
import { verifyDocumentDigest } from '../common/document-digest.js';
import { MAX_KEY_BYTES, requireBucket } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { keyVersioning, readBucketVersioning, type BucketVersioning } from '../common/versioning.js';

const CONCURRENCY = 8;

/** What every key of one DeleteObjects request shares. */
interface DeleteBatch {
  readonly bucket: string;
  readonly versioning: BucketVersioning;
  readonly bypassGovernanceRetention: boolean;
  readonly op: OpContext;
}

async function deleteOne(ctx: HandlerContext, batch: DeleteBatch, obj: ObjectIdentifier): Promise<DeleteOutcome> {
  const { bucket, versioning } = batch;
  const base = { key: obj.key, ...(obj.versionId !== undefined ? { versionId: obj.versionId } : {}) };
  if (Buffer.byteLength(obj.key) > MAX_KEY_BYTES) {
    return { kind: 'error', ...base, code: 'KeyTooLongError', message: 'Your key is too long.' };
  }
  try {
    const conditions = deleteConditionsOf({
      ifMatch: obj.etag,
      lastModifiedTime: { name: 'LastModifiedTime', value: obj.lastModifiedTime },
      size: { name: 'Size', value: obj.size },
    });
    const r = await ctx.objects.deleteObject({
      bucket, key: obj.key, versioning: keyVersioning(versioning, obj.key),
      ...(obj.versionId !== undefined ? { versionId: obj.versionId } : {}),
      ...(conditions !== undefined ? { conditions } : {}),
      bypassGovernanceRetention: batch.bypassGovernanceRetention,
    }, batch.op);
    if (!r.isDeleteMarker) return { kind: 'deleted', ...base, deleteMarker: false };
    // A marker was created (no versionId asked) or the version removed was a marker.
    return {
      kind: 'deleted',
      ...base,
      deleteMarker: true,
      ...(r.versionId !== undefined ? { deleteMarkerVersionId: r.versionId } : {}),
    };
  } catch (err) {
    const mapped = toS3Error(err, { method: 'DELETE' });
    return { kind: 'error', ...base, code: mapped.code, message: mapped.message };
  }
}

export const deleteObjects: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const raw = await readDocument(req);
  verifyDocumentDigest(req.headers, raw);
  const request = parseDeleteRequest(raw.length === 0 ? undefined : parseXml(raw, { maxBytes: raw.length }));
  const batch: DeleteBatch = {
    bucket,
    versioning: await readBucketVersioning(ctx.objects, bucket),
    bypassGovernanceRetention: req.bypassGovernanceRetention === true,
    op: callerContext(req),
  };

  const outcomes: DeleteOutcome[] = new Array<DeleteOutcome>(request.objects.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < request.objects.length) {
      const i = next++;
      outcomes[i] = await deleteOne(ctx, batch, request.objects[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, request.objects.length) }, worker));
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: deleteResultXml(outcomes, request.quiet),
  };
};
