/**
 * CompleteMultipartUpload.
 *
 * Checks (AWS order): parts listed in strictly ascending order (InvalidPartOrder); each listed
 * part exists with the given ETag and declared checksum (InvalidPart); every part but the last
 * is at least 5 MiB (EntityTooSmall). ETag = hex(md5(concat of the binary part md5s))-N;
 * checksum COMPOSITE or FULL_OBJECT per the upload (multipart-checksums.ts).
 *
 * An upload of format v2 (`dataId`, parts written in place): completing is a metadata commit,
 * see complete-in-place.ts. A v1 upload (staged by an older binary) is completed as before:
 * crash safety — at every point either the upload is intact or the object is complete:
 *  1. mark the upload record `completingDataId = <new dataId>` (write quorum);
 *  2. per drive, rename `multipart/<uploadId>` → `data/<ab>/<dataId>` (one rename), and delete
 *     chosen part files the drive's own part record does not vouch for (stale shards);
 *  3. commit the version (commitVersion, under the key lock, conditions checked there) with the
 *     upload record's deletion in the same per-drive transaction;
 *  4. then clean up: unused part files and staging leftovers in the data dir, part records.
 * A failure in 2–3 moves the parts back and clears the mark (recover-upload.ts); a crash there
 * is rolled back the same way by the next operation on the upload.
 * The version records its uploadId, so a Complete retried after success answers the same
 * result (completed-upload.ts).
 */
import { createHash } from 'node:crypto';
import {
  EntityTooSmallError, InvalidPartError, InvalidPartNumberError, InvalidPartOrderError, QuorumError, UploadNotFoundError,
} from '../../errors/domain-errors.js';
import type { MetaOp } from '../../storage/drive/drive.js';
import type { ChecksumRecord, ObjectVersionRecord } from '../../storage/format/index.js';
import type { ErasureSet } from '../../storage/storage.js';
import { checkBucketQuota } from '../bucket-quota.js';
import { commitVersion, removeOrphanedData, type CommitResult } from '../commit-version.js';
import { checkWriteConditions, writeConditionGuard } from '../conditions.js';
import { dataPath, newDataId, newId, NULL_VERSION_ID } from '../ids.js';
import { completeInPlace, type Assembly } from './complete-in-place.js';
import { lockName, type LayerContext } from '../layer-context.js';
import { toObjectInfo } from '../object-info.js';
import type { CompleteMultipartUploadRequest, CompletePart, ObjectInfo } from '../object-layer.js';
import { readKey } from '../record-quorum.js';
import { completedUploadResult, normalizeEtag } from './completed-upload.js';
import { objectChecksum, verifyCompletePartChecksum, verifyExpectedChecksum } from './multipart-checksums.js';
import { recoverInterruptedComplete } from './recover-upload.js';
import { metaBatchAll, onDrives, readParts, readUpload, type PartsView } from './upload-io.js';
import {
  encodeUploadRecord, inPlacePartFileName, isValidPartNumber, partFileName, uploadDir, uploadKey, type PartRecord, type UploadRecord,
} from './upload-record.js';
import { plainSizeOf } from '../sse/sse-body.js';
import { hasSse, SSE_PLAIN_SIZE, storedEncryptionOf } from '../sse/sse-metadata.js';
import { checkCustomerKey } from '../sse/sse-keys.js';

/** S3's minimum size of every part but the last: 5 MiB. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** `hex(md5(md5_1 ‖ … ‖ md5_N))-N`. */
export function multipartEtag(parts: readonly { readonly etag: string }[]): string {
  const h = createHash('md5');
  for (const p of parts) h.update(Buffer.from(p.etag, 'hex'));
  return `${h.digest('hex')}-${parts.length}`;
}

function checkListOrder(parts: readonly CompletePart[]): void {
  if (parts.length === 0) throw new InvalidPartError(0, 'the request lists no parts');
  let prev = 0;
  for (const p of parts) {
    if (!isValidPartNumber(p.partNumber)) throw new InvalidPartNumberError(p.partNumber);
    if (p.partNumber <= prev) throw new InvalidPartOrderError();
    prev = p.partNumber;
  }
}

/** Validate the listed parts against the stored ones; the chosen records, in order. */
function choose(upload: UploadRecord, listed: readonly CompletePart[], view: PartsView): PartRecord[] {
  const chosen = listed.map((p) => {
    const rec = view.parts.get(p.partNumber);
    if (!rec) throw new InvalidPartError(p.partNumber, 'part not uploaded');
    if (normalizeEtag(p.etag) !== rec.etag) throw new InvalidPartError(p.partNumber, 'ETag does not match');
    verifyCompletePartChecksum(upload, p, rec);
    return rec;
  });
  const encrypted = hasSse(upload.systemMetadata);
  for (let i = 0; i < chosen.length - 1; i++) {
    const size = encrypted ? plainSizeOf(chosen[i]!.size) : chosen[i]!.size; // the client's figure: plaintext
    if (size < MIN_PART_SIZE) throw new EntityTooSmallError(chosen[i]!.partNumber, size);
  }
  return chosen;
}

/** Step 2: move the upload dir to the data dir; drop shards no record of the drive vouches for. */
async function moveParts(set: ErasureSet, a: Assembly): Promise<boolean[]> {
  const { dataId, chosen, view } = a;
  const uploadId = a.upload.uploadId;
  const dst = dataPath(dataId);
  const res = await onDrives(set.drives, async (d, i) => {
    await d.rename(uploadDir(uploadId), dst);
    const mine = view.perDrive[i];
    for (const p of chosen) {
      if (mine?.get(p.partNumber) !== p.partId) await d.remove(`${dst}/${partFileName(p.partNumber)}`);
    }
  });
  const moved = res.map((r) => r.ok);
  // Every part needs k consistent shards among the drives that now hold the data dir.
  for (const p of chosen) {
    const good = moved.filter((ok, i) => ok && view.perDrive[i]?.get(p.partNumber) === p.partId).length;
    if (good < set.readQuorum) throw new QuorumError('write', set.readQuorum, good);
  }
  const got = moved.filter(Boolean).length;
  if (got < set.writeQuorum) throw new QuorumError('write', set.writeQuorum, got);
  return moved;
}

/** Step 4: remove what the object does not reference (`moved`: drives that hold the data dir). Never throws. */
async function cleanUp(set: ErasureSet, a: Assembly, moved: readonly boolean[]): Promise<void> {
  const { upload, dataId, chosen, view } = a;
  const keep = new Set(chosen.map((p) => partFileName(p.partNumber)));
  const dir = dataPath(dataId);
  const ops: MetaOp[] = [...view.allKeys].map((k) => ({ key: k, value: null }));
  const ukey = uploadKey(upload.bucket, upload.key, upload.uploadId);
  await onDrives(set.drives, async (d, i) => {
    // Drives left out of the commit still hold the upload record.
    await d.metaBatch(moved[i] ? ops : [{ key: ukey, value: null }, ...ops]);
    await d.remove(uploadDir(upload.uploadId));
    if (moved[i]) for (const name of await d.list(dir)) if (!keep.has(name)) await d.remove(`${dir}/${name}`);
  });
}

/** An encrypted upload's metadata gets the object's plaintext size (the parts' sizes are stored sizes). */
function withPlainSize(meta: Readonly<Record<string, string>>, chosen: readonly PartRecord[]): Readonly<Record<string, string>> {
  if (!hasSse(meta)) return meta;
  return { ...meta, [SSE_PLAIN_SIZE]: String(chosen.reduce((n, p) => n + plainSizeOf(p.size), 0)) };
}

/** The version a complete commits: the upload's metadata over the chosen parts. */
function completedVersion(
  req: CompleteMultipartUploadRequest, a: Assembly, checksum: ChecksumRecord | undefined, ids: { writeId: string; mtime: number },
): ObjectVersionRecord {
  const { upload, chosen, dataId } = a;
  return {
    versionId: req.versioned ? ids.writeId : NULL_VERSION_ID,
    writeId: ids.writeId,
    isDeleteMarker: false,
    mtime: ids.mtime,
    size: chosen.reduce((n, p) => n + p.size, 0),
    etag: multipartEtag(chosen),
    contentType: upload.contentType,
    userMetadata: upload.userMetadata,
    systemMetadata: withPlainSize(upload.systemMetadata, chosen),
    storageClass: upload.storageClass,
    ...(checksum ? { checksum } : {}),
    parts: chosen.map((p) => ({
      number: p.partNumber,
      size: p.size,
      etag: p.etag,
      ...(checksum && p.checksum ? { checksum: { algorithm: checksum.algorithm, type: checksum.type, value: p.checksum.toString('base64') } } : {}),
      // In place: each part names its own file (`part.<N>.<partId>`).
      ...(upload.dataId !== undefined ? { file: inPlacePartFileName(p.partNumber, p.partId) } : {}),
    })),
    erasure: upload.layout,
    dataId,
    uploadId: upload.uploadId,
  };
}

export async function completeMultipartUpload(ctx: LayerContext, req: CompleteMultipartUploadRequest): Promise<ObjectInfo> {
  const { bucket, key, uploadId, parts: listed } = req;
  checkListOrder(listed);
  const set = ctx.storage.setFor(bucket, key);
  return ctx.uploadLocks.withLock(uploadId, async () => {
    let stored: UploadRecord;
    try {
      stored = await readUpload(set, req);
    } catch (err) {
      if (err instanceof UploadNotFoundError) return completedUploadResult(ctx, req, err); // a retried Complete
      throw err;
    }
    if (req.customerKey !== undefined) checkCustomerKey(storedEncryptionOf(stored.systemMetadata), req.customerKey, 'upload');
    const upload = await recoverInterruptedComplete(set, stored);
    const view = await readParts(set, uploadId);
    const chosen = choose(upload, listed, view);
    const checksum = objectChecksum(upload, chosen);
    verifyExpectedChecksum(checksum, req.expectedChecksum);
    const conditions = req.conditions;
    const hasConditions = conditions !== undefined && (conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined);
    const checkConditions = async (): Promise<void> => {
      if (!hasConditions) return;
      const latest = (await readKey(ctx, bucket, key)).record?.versions[0];
      const current = latest && !latest.isDeleteMarker ? { etag: latest.etag, lastModified: new Date(latest.mtime) } : undefined;
      checkWriteConditions(bucket, key, current, conditions);
    };
    await checkConditions(); // fail fast, before moving anything; checked again at commit
    const size = chosen.reduce((n, p) => n + p.size, 0);
    await checkBucketQuota(ctx, { bucket, size });
    const commit = (a: Assembly, drives?: readonly boolean[]): Promise<{ res: CommitResult; version: ObjectVersionRecord }> =>
      ctx.locks.withLock(lockName(bucket, key), async () => {
        await checkConditions();
        const version = completedVersion(req, a, checksum, { writeId: newId(), mtime: ctx.nextMtime() });
        const guard = writeConditionGuard(bucket, key, conditions); // atomic across processes
        const res = await commitVersion({
          set, bucket, key, change: { put: version }, extraOps: [{ key: uploadKey(bucket, key, uploadId), value: null }],
          onPartial: () => ctx.onHealNeeded(bucket, key), ...(drives ? { drives } : {}), ...(guard ? { guard } : {}),
        });
        ctx.usage.committed(res.usage);
        return { res, version };
      });

    if (upload.dataId !== undefined) {
      const version = await completeInPlace(set, { upload, dataId: upload.dataId, chosen, view }, commit);
      return toObjectInfo(req, version, true);
    }

    const dataId = newDataId();
    const ukey = uploadKey(bucket, key, uploadId);
    const marked: UploadRecord = { ...upload, completingDataId: dataId };
    await metaBatchAll(set, [{ key: ukey, value: encodeUploadRecord(marked) }]);
    let moved: boolean[] | undefined;
    let version: ObjectVersionRecord | undefined;
    try {
      moved = await moveParts(set, { upload, dataId, chosen, view });
      const done = await commit({ upload, dataId, chosen, view }, moved);
      version = done.version;
      await removeOrphanedData(set, done.res);
    } catch (err) {
      await recoverInterruptedComplete(set, marked).catch(() => undefined); // the next operation retries it
      throw err;
    }
    await cleanUp(set, { upload, dataId, chosen, view }, moved);
    return toObjectInfo(req, version, true);
  });
}
