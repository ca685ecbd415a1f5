/**
 * The commit of a part written in place (an upload of format v2): its shard file,
 * `data/<ab>/<dataId>/part.<N>.<partId>`, is already where the object will have it, so the
 * commit is metadata only. Per drive, one transaction (which also checks that the upload still
 * exists there) replaces the part number's record by the new one; then the file the replaced
 * record named, if another, is removed. A drive whose shard write failed drops its record of
 * the part number and that record's file instead, so no drive vouches for a shard it lacks.
 * Drives that did not record the new part lose its file. Call with the upload's lock held.
 */
import { CorruptRecordError, UploadNotFoundError } from '../../errors/domain-errors.js';
import type { Drive } from '../../storage/drive/drive.js';
import type { ErasureSet } from '../../storage/storage.js';
import { onDrives, requireQuorum } from './upload-io.js';
import {
  decodePartRecord, encodePartRecord, partKey, partPath, uploadKey, type PartRecord, type UploadRecord,
} from './upload-record.js';

/** A part written in place on the drives of its set, ready to be recorded. */
export interface InPlacePart {
  readonly upload: UploadRecord;
  readonly record: PartRecord;
  /** Per drive of the set: its shard was written. */
  readonly written: readonly boolean[];
}

function decodeOrNone(buf: Buffer | undefined): PartRecord | undefined {
  if (buf === undefined) return undefined;
  try {
    return decodePartRecord(buf);
  } catch (err) {
    if (err instanceof CorruptRecordError) return undefined; // overwritten; its file is the sweeper's
    throw err;
  }
}

async function removeQuietly(drive: Drive, path: string): Promise<void> {
  try { await drive.remove(path); } catch { /* unreferenced: the sweeper removes it */ }
}

export async function commitPartInPlace(set: ErasureSet, part: InPlacePart): Promise<void> {
  const { upload, record, written } = part;
  const pkey = partKey(upload.uploadId, record.partNumber);
  const ukey = uploadKey(upload.bucket, upload.key, upload.uploadId);
  const value = encodePartRecord(record);
  const file = partPath(upload, record);
  const res = await onDrives(set.drives, async (d, i) => {
    const replaced = await d.metaUpdate([ukey, pkey], (cur) => {
      // Only while the upload still exists on this drive (another process may have completed
      // or aborted it): no orphan part records.
      if (cur[0] === undefined) throw new UploadNotFoundError(upload.uploadId);
      return { ops: [{ key: pkey, value: written[i] ? value : null }], result: decodeOrNone(cur[1]) };
    });
    if (replaced !== undefined && replaced.partId !== record.partId) {
      let old: string | undefined;
      try { old = partPath(upload, replaced); } catch { /* a partId that names no file */ }
      if (old !== undefined) await removeQuietly(d, old);
    }
    if (!written[i]) throw new Error(`shard of part ${record.partNumber} was not written on ${d.endpoint}`);
  });
  await Promise.all(res.map(async (r, i) => {
    if (!r.ok && set.drives[i]!.isOnline()) await removeQuietly(set.drives[i]!, file);
  }));
  const gone = res.find((r) => !r.ok && r.error instanceof UploadNotFoundError);
  if (gone && !gone.ok && res.filter((r) => r.ok).length < set.writeQuorum) throw gone.error;
  requireQuorum(res, set.writeQuorum, 'write');
}
