/**
 * PUT /minio/admin/v3/set-bucket-quota?bucket=B (body madmin.BucketQuota:
 * `{"quota":N,"quotatype":"hard"}`, or `size` for `quota` as newer madmin sends; 0 clears it)
 * and GET /minio/admin/v3/get-bucket-quota?bucket=B. Only hard quotas exist (MinIO dropped
 * fifo). A bucket without a quota answers 404 XMinioAdminNoSuchQuotaConfiguration, as MinIO.
 */
import { AdminError } from '../admin-error.js';
import type { BucketQuotaDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';

const quotaDoc = (bucket: string, quota: number): BucketQuotaDocument => ({ bucket, quota, size: quota, quotatype: 'hard' });

/** The quota in bytes of a madmin.BucketQuota body. */
export function parseQuotaBody(body: string): number {
  let doc: unknown;
  try { doc = JSON.parse(body); } catch { throw new AdminError('XMinioAdminInvalidArgument', 'The quota body is not JSON.'); }
  if (typeof doc !== 'object' || doc === null) throw new AdminError('XMinioAdminInvalidArgument', 'The quota body is not a JSON object.');
  const d = doc as { quota?: unknown; size?: unknown; quotatype?: unknown };
  const type = d.quotatype ?? 'hard';
  if (type !== 'hard') throw new AdminError('XMinioAdminInvalidArgument', `Quota type ${JSON.stringify(type)} is not supported: only "hard".`);
  const q = d.quota !== undefined && d.quota !== 0 ? d.quota : (d.size ?? d.quota);
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) {
    throw new AdminError('XMinioAdminInvalidArgument', 'quota must be a whole number of bytes (0 clears the quota).');
  }
  return q;
}

const bucketOf = (route: { readonly bucket?: string }): string => route.bucket ?? '';

export const setBucketQuota: AdminEndpoint = async (req, backend) => {
  const bucket = bucketOf(req.route);
  const quota = parseQuotaBody(req.body);
  if ((await backend.setBucketQuota({ bucket, quota })) === 'no-such-bucket') {
    throw new AdminError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
  }
  return { status: 200, document: quotaDoc(bucket, quota) };
};

export const getBucketQuota: AdminEndpoint = async (req, backend) => {
  const bucket = bucketOf(req.route);
  const got = await backend.getBucketQuota(bucket);
  if (got === 'no-such-bucket') throw new AdminError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
  if (got.quota === 0) throw new AdminError('XMinioAdminNoSuchQuotaConfiguration', `The quota configuration does not exist: ${bucket}`);
  return { status: 200, document: quotaDoc(bucket, got.quota) };
};
