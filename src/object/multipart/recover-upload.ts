/**
 * Roll back a complete that was interrupted (crash or failure) after it marked the upload
 * `completingDataId` and renamed `multipart/<uploadId>` to the object's data dir, but before
 * the version commit removed the upload record. The upload record still existing on a read
 * quorum proves the commit did not reach quorum, so the parts are moved back and the mark is
 * cleared: the upload is intact again. Call with the upload's lock held.
 */
import type { ErasureSet } from '../../storage/storage.js';
import { dataPath } from '../ids.js';
import { metaBatchAll, onDrives } from './upload-io.js';
import { encodeUploadRecord, uploadDir, uploadKey, type UploadRecord } from './upload-record.js';

export async function recoverInterruptedComplete(set: ErasureSet, upload: UploadRecord): Promise<UploadRecord> {
  const dataId = upload.completingDataId;
  if (dataId === undefined) return upload;
  const from = dataPath(dataId);
  const to = uploadDir(upload.uploadId);
  await onDrives(set.drives, async (d) => {
    const moved = await d.list(from);
    if (moved.length === 0) return;
    const left = new Set(await d.list(to));
    if (left.size === 0) {
      await d.rename(from, to);
      return;
    }
    // The upload dir was recreated (a part staged meanwhile): move the parts back one by one,
    // never overwriting a newer file, then drop what is left.
    for (const name of moved) {
      if (!left.has(name)) await d.rename(`${from}/${name}`, `${to}/${name}`);
    }
    await d.remove(from);
  });
  const { completingDataId: _dropped, ...rest } = upload;
  const restored: UploadRecord = rest;
  await metaBatchAll(set, [{ key: uploadKey(upload.bucket, upload.key, upload.uploadId), value: encodeUploadRecord(restored) }]);
  return restored;
}
