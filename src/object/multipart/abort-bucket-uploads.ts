/**
 * Every pending upload of a bucket aborted, for DeleteBucket: AWS deletes a bucket whose only
 * content is incomplete multipart uploads, and the uploads (records and parts) go with it.
 * Pages through ListMultipartUploads and aborts each upload as AbortMultipartUpload does; an
 * upload completed or aborted meanwhile is skipped.
 */
import { UploadNotFoundError } from '../../errors/domain-errors.js';
import type { LayerContext } from '../layer-context.js';
import { abortMultipartUpload } from './abort-multipart-upload.js';
import { listMultipartUploads, MAX_UPLOADS_PER_PAGE } from './list-multipart-uploads.js';

/** Aborts every upload of `bucket` pending when the call starts; returns how many it aborted. */
export async function abortBucketUploads(ctx: LayerContext, bucket: string): Promise<number> {
  let aborted = 0;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await listMultipartUploads(ctx, {
      bucket, maxUploads: MAX_UPLOADS_PER_PAGE,
      ...(keyMarker !== undefined ? { keyMarker } : {}),
      ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
    });
    for (const u of page.uploads) {
      try {
        await abortMultipartUpload(ctx, { bucket, key: u.key, uploadId: u.uploadId });
        aborted++;
      } catch (err) {
        if (!(err instanceof UploadNotFoundError)) throw err;
      }
    }
    if (!page.isTruncated || page.nextKeyMarker === undefined) return aborted;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}
