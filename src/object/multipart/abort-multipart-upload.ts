/**
 * AbortMultipartUpload: delete the upload and part records (write quorum), then the parts'
 * shard files (the upload's data dir, or `multipart/<uploadId>` for an upload staged by an
 * older binary). Records go first, so a crash in between leaves only unreferenced files for
 * the sweeper, never an upload without its parts.
 */
import { dataPath } from '../ids.js';
import type { LayerContext } from '../layer-context.js';
import type { AbortMultipartUploadRequest } from '../object-layer.js';
import { metaBatchAll, onDrives, readParts, readUpload } from './upload-io.js';
import { uploadDir, uploadKey } from './upload-record.js';

export async function abortMultipartUpload(ctx: LayerContext, req: AbortMultipartUploadRequest): Promise<void> {
  const { bucket, key, uploadId } = req;
  const set = ctx.storage.setFor(bucket, key);
  await ctx.uploadLocks.withLock(uploadId, async () => {
    const upload = await readUpload(set, req);
    const { allKeys } = await readParts(set, uploadId);
    await metaBatchAll(set, [
      { key: uploadKey(bucket, key, uploadId), value: null },
      ...[...allKeys].map((k) => ({ key: k, value: null })),
    ]);
    await onDrives(set.drives, async (d) => {
      if (upload.dataId !== undefined) {
        await d.remove(dataPath(upload.dataId));
        return;
      }
      await d.remove(uploadDir(uploadId));
      // An interrupted complete may have left the parts in its (never committed) data dir.
      if (upload.completingDataId !== undefined) await d.remove(dataPath(upload.completingDataId));
    });
  });
}
