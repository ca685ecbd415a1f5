/**
 * CompleteMultipartUpload of an upload written in place (format v2): the parts' shard files
 * already sit in the upload's data dir under the names the version will give them
 * (`part.<N>.<partId>`), so completing moves nothing:
 *  1. every chosen part needs k drives whose own part record vouches for it (else the object
 *     could not be read back: QuorumError, the upload stays intact);
 *  2. commit the version (dataId = the upload's, each part naming its file) with the upload
 *     record's deletion in the same per-drive transaction (commitVersion: below write quorum
 *     the version is rolled back, and the upload record is put back here where it went);
 *  3. then clean up (never throws): part records, the upload record on drives left out of the
 *     commit, and files of the data dir the version does not name (parts not listed, replaced
 *     uploads of a part number).
 * A crash before 2 reached quorum leaves the upload intact (its data dir is protected from
 * the sweeper by the upload record); after, the object is complete and a crash before 3 only
 * leaves records and files that nothing references (the upload record survives on fewer than
 * readQuorum drives, so it reads as absent; heal drops it).
 */
import type { MetaOp } from '../../storage/drive/drive.js';
import { QuorumError } from '../../errors/domain-errors.js';
import type { ObjectVersionRecord } from '../../storage/format/index.js';
import type { ErasureSet } from '../../storage/storage.js';
import type { CommitResult } from '../commit-version.js';
import { removeOrphanedData } from '../commit-version.js';
import { dataPath } from '../ids.js';
import { onDrives, type PartsView } from './upload-io.js';
import { encodeUploadRecord, inPlacePartFileName, uploadKey, type PartRecord, type UploadRecord } from './upload-record.js';

/** The parts a complete assembles into the data dir `dataId`, and what the drives hold. */
export interface Assembly {
  readonly upload: UploadRecord;
  readonly dataId: string;
  /** The listed parts' records, in order. */
  readonly chosen: readonly PartRecord[];
  readonly view: PartsView;
}

/** Commits the version (under the key lock, conditions checked there); `drives` limits it. */
export type CommitCompleted = (a: Assembly, drives?: readonly boolean[]) => Promise<{ res: CommitResult; version: ObjectVersionRecord }>;

export async function completeInPlace(set: ErasureSet, a: Assembly, commit: CommitCompleted): Promise<ObjectVersionRecord> {
  const { upload, chosen, view } = a;
  for (const p of chosen) {
    const good = view.perDrive.filter((mine) => mine?.get(p.partNumber) === p.partId).length;
    if (good < set.readQuorum) throw new QuorumError('write', set.readQuorum, good);
  }
  const ukey = uploadKey(upload.bucket, upload.key, upload.uploadId);
  let done: Awaited<ReturnType<CommitCompleted>>;
  try {
    done = await commit(a);
  } catch (err) {
    // The version was rolled back (or never written), but not the extra op that deleted the
    // upload record with it: put the record back where it is gone. Never throws.
    const value = encodeUploadRecord(upload);
    await onDrives(set.drives, (d) => d.metaUpdate([ukey], (cur) => ({ ops: cur[0] === undefined ? [{ key: ukey, value }] : [], result: undefined })));
    throw err;
  }
  await removeOrphanedData(set, done.res);
  await cleanUp(set, a, done.res.merges.map((m) => m !== undefined));
  return done.version;
}

/** Step 3: remove what the object does not reference (`committed`: drives that hold the version). Never throws. */
async function cleanUp(set: ErasureSet, a: Assembly, committed: readonly boolean[]): Promise<void> {
  const { upload, dataId, chosen, view } = a;
  const keep = new Set(chosen.map((p) => inPlacePartFileName(p.partNumber, p.partId)));
  const dir = dataPath(dataId);
  const ops: MetaOp[] = [...view.allKeys].map((k) => ({ key: k, value: null }));
  const ukey = uploadKey(upload.bucket, upload.key, upload.uploadId);
  await onDrives(set.drives, async (d, i) => {
    await d.metaBatch(committed[i] ? ops : [{ key: ukey, value: null }, ...ops]);
    for (const name of await d.list(dir)) if (!keep.has(name)) await d.remove(`${dir}/${name}`);
  });
}
