/**
 * UploadPart: stream the body through the set's erasure coder into the part's shard file on
 * every drive, then commit its record holding the upload's lock.
 *  - An upload of format v2 (`dataId`): the file is written in place, where the object will
 *    have it, `data/<ab>/<dataId>/part.<N>.<partId>` (a name of its own per upload of the part
 *    number): see part-in-place.ts.
 *  - A v1 upload (made by an older binary): staged as `multipart/<uploadId>/tmp-<uuid>`; the
 *    commit (per drive: delete the old part record, rename the staged shard over `part.<N>`,
 *    write the new record) is below.
 * A record therefore always describes the shard file it names; a drive whose shard write
 * failed loses its old shard and record instead of keeping a stale one. Re-uploading a part
 * number replaces it atomically per drive. Parts are never inlined: complete concatenates them.
 * The body is hashed on the layer's digest pool (worker threads) when it has one.
 */
import { randomUUID } from 'node:crypto';
import { EntityTooLargeError, InvalidPartNumberError, UploadNotFoundError } from '../../errors/domain-errors.js';
import type { ErasureSet, ShardWriteResult } from '../../storage/storage.js';
import { checksumToBase64 } from '../../util/checksums.js';
import { BodyDigester, type StreamDigester } from '../../util/digest-stream.js';
import { checkBucketQuota } from '../bucket-quota.js';
import type { LayerContext } from '../layer-context.js';
import type { OpContext, PartInfo, PutObjectPartRequest, UploadAddress } from '../object-layer.js';
import { assertPartAlgorithm, partAlgorithms } from './multipart-checksums.js';
import { recoverInterruptedComplete } from './recover-upload.js';
import { onDrives, readUpload, requireQuorum } from './upload-io.js';
import { toPartInfo } from './upload-info.js';
import { sealChunks, storedSizeOf, type StreamSealKey } from '../sse/sse-body.js';
import { checkCustomerKey, openSealing, sseEtag } from '../sse/sse-keys.js';
import { storedEncryptionOf } from '../sse/sse-metadata.js';
import { commitPartInPlace } from './part-in-place.js';
import {
  encodePartRecord, isValidPartNumber, partFileName, partKey, partPath, uploadDir, uploadKey, type PartRecord, type UploadRecord,
} from './upload-record.js';
import { newDataId } from '../ids.js';

/** S3's maximum part size: 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 ** 3;

export async function putObjectPart(ctx: LayerContext, req: PutObjectPartRequest, op: OpContext = {}): Promise<PartInfo> {
  const { bucket, key, uploadId, partNumber, body } = req;
  const signal = op.signal;
  if (!isValidPartNumber(partNumber)) throw new InvalidPartNumberError(partNumber);
  if (req.size > MAX_PART_SIZE) throw new EntityTooLargeError(MAX_PART_SIZE);
  const set = ctx.storage.setFor(bucket, key);
  const upload = await readUpload(set, req);
  assertPartAlgorithm(upload, req.storeChecksum);
  await checkBucketQuota(ctx, { bucket, size: req.size });

  // An encrypted upload: this part is its own stream (own IV, own key) under the upload's object key.
  const sse = storedEncryptionOf(upload.systemMetadata);
  checkCustomerKey(sse, req.customerKey, 'upload');
  const seal: StreamSealKey | undefined = sse
    ? { objectKey: await openSealing(ctx.sse, sse, req, req.customerKey), cipher: sse.cipher }
    : undefined;

  const algs = partAlgorithms(upload, req.checksumAlgorithms);
  // Declared size: writeShards never passes more to onData (see put-object.ts storeBody).
  const digester: StreamDigester = ctx.digestPool?.open(algs, seal ? -1 : req.size) ?? new BodyDigester(algs);
  // In place (v2 upload): the part's own file in the upload's data dir; else staged (v1).
  const partId = upload.dataId !== undefined ? newDataId() : randomUUID();
  const staged = upload.dataId !== undefined ? partPath(upload, { partNumber, partId }) : `${uploadDir(uploadId)}/tmp-${randomUUID()}`;
  let written: ShardWriteResult;
  try {
    written = await set.writeShards({
      layout: upload.layout,
      path: staged,
      ...(upload.dataId !== undefined ? { syncEntry: true } : {}),
      ...(seal
        ? { body: sealChunks(seal, body, (plain) => digester.update(plain)), expectedSize: req.size >= 0 ? storedSizeOf(req.size) : -1 }
        : { body, onData: (data: Buffer) => digester.update(data), expectedSize: req.size >= 0 ? req.size : -1 }),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    digester.abort?.();
    // An in-place part's dir goes with an abort (or belongs to the object after a complete):
    // a write that failed because the upload went away meanwhile answers NoSuchUpload.
    if (upload.dataId !== undefined) await assertUploadExists(set, req);
    throw err;
  }
  let committed = false;
  try {
    const digests = await digester.digests();
    if (digests.size > MAX_PART_SIZE) throw new EntityTooLargeError(MAX_PART_SIZE);
    if (req.beforeCommit) await req.beforeCommit(digests);
    signal?.throwIfAborted();
    const alg = upload.checksumAlgorithm;
    const record: PartRecord = {
      partNumber,
      partId,
      size: written.size, // stored bytes (an encrypted part: IV + packages)
      etag: seal ? sseEtag(sse!.mode, seal.objectKey, digests.md5) : digests.md5.toString('hex'),
      mtime: ctx.nextMtime(),
      ...(alg && digests.checksums[alg] ? { checksum: digests.checksums[alg] } : {}),
    };
    return await ctx.uploadLocks.withLock(uploadId, async () => {
      // The upload may have been completed or aborted while the body streamed; then the
      // directory the body was staged in is garbage (it was recreated by the write). An
      // in-place part's dir may be the completed object's: only the part's own file goes.
      let current: UploadRecord;
      try {
        current = await recoverInterruptedComplete(set, await readUpload(set, req));
      } catch (err) {
        if (err instanceof UploadNotFoundError && upload.dataId === undefined) await onDrives(set.drives, (d) => d.remove(uploadDir(uploadId)));
        throw err;
      }
      if (current.dataId !== undefined) {
        committed = true; // from here on commitPartInPlace owns the file (removed where unrecorded)
        await commitPartInPlace(set, { upload: current, record, written: written.written });
      } else {
        await commitPart(set, { upload: current, staged, record, written: written.written });
      }
      const info = toPartInfo(current, record);
      // An upload without an algorithm still echoes a checksum the part request declared.
      const declared = req.storeChecksum;
      if (info.checksum || !declared || !digests.checksums[declared]) return info;
      return { ...info, checksum: { algorithm: declared, type: 'FULL_OBJECT', value: checksumToBase64(digests.checksums[declared]!) } };
    });
  } finally {
    // Staged (v1): gone after a successful rename, else dropped. In place: dropped unless committed.
    if (!committed) await onDrives(set.drives, (d) => d.remove(staged));
  }
}

/** Throws UploadNotFoundError when the upload is gone; otherwise (also when unknowable) returns. */
async function assertUploadExists(set: ErasureSet, at: UploadAddress): Promise<void> {
  try {
    await readUpload(set, at);
  } catch (err) {
    if (err instanceof UploadNotFoundError) throw err;
  }
}

/** A part staged on the drives of its set, ready to be moved into place and recorded. */
interface StagedPart {
  readonly upload: UploadRecord;
  /** Path of the staged shard file (same on every drive). */
  readonly staged: string;
  readonly record: PartRecord;
  /** Per drive of the set: its shard was written. */
  readonly written: readonly boolean[];
}

/**
 * Per drive: drop the old record, move the staged shard into place, record it. The record is
 * deleted before the rename, so a crash in between leaves a shard no record vouches for
 * (complete ignores it), never a record describing another upload's shard.
 */
async function commitPart(set: ErasureSet, part: StagedPart): Promise<void> {
  const { upload, staged, record, written } = part;
  const pkey = partKey(upload.uploadId, record.partNumber);
  const ukey = uploadKey(upload.bucket, upload.key, upload.uploadId);
  const target = `${uploadDir(upload.uploadId)}/${partFileName(record.partNumber)}`;
  const value = encodePartRecord(record);
  const res = await onDrives(set.drives, async (d, i) => {
    await d.metaBatch([{ key: pkey, value: null }]);
    if (!written[i]) {
      await d.remove(target);
      throw new Error(`shard of part ${record.partNumber} was not written on ${d.endpoint}`);
    }
    await d.rename(staged, target);
    // Only while the upload still exists on this drive (another process may have completed
    // or aborted it): no orphan part records.
    await d.metaUpdate([ukey], (cur) => {
      if (cur[0] === undefined) throw new UploadNotFoundError(upload.uploadId);
      return { ops: [{ key: pkey, value }], result: undefined };
    });
  });
  const gone = res.find((r) => !r.ok && r.error instanceof UploadNotFoundError);
  if (gone && !gone.ok && res.filter((r) => r.ok).length < set.writeQuorum) throw gone.error;
  requireQuorum(res, set.writeQuorum, 'write');
}
