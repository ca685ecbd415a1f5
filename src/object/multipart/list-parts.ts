/** ListParts: the parts of one upload agreed on by a read quorum, ascending, paginated. */
import type { LayerContext } from '../layer-context.js';
import type { ListPartsRequest, ListPartsResult } from '../object-layer.js';
import { readParts, readUpload } from './upload-io.js';
import { toPartInfo, toUploadInfo } from './upload-info.js';

/** S3 never returns more than 1,000 parts per page. */
export const MAX_PARTS_PER_PAGE = 1000;

export async function listParts(ctx: LayerContext, req: ListPartsRequest): Promise<ListPartsResult> {
  const { bucket, key, uploadId } = req;
  const set = ctx.storage.setFor(bucket, key);
  const upload = await readUpload(set, req);
  const { parts } = await readParts(set, uploadId);
  const marker = Number.isFinite(req.partNumberMarker) ? req.partNumberMarker! : 0;
  const asked = Number.isFinite(req.maxParts) ? Math.floor(req.maxParts) : MAX_PARTS_PER_PAGE;
  const limit = Math.max(0, Math.min(asked, MAX_PARTS_PER_PAGE));
  const numbers = [...parts.keys()].filter((n) => n > marker).sort((a, b) => a - b);
  const page = numbers.slice(0, limit);
  const isTruncated = numbers.length > page.length;
  const last = page[page.length - 1];
  return {
    upload: toUploadInfo(upload, upload.bucket),
    parts: page.map((n) => toPartInfo(upload, parts.get(n)!)),
    isTruncated,
    ...(isTruncated && last !== undefined ? { nextPartNumberMarker: last } : {}),
  };
}
