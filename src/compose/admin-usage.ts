/**
 * The usage and quota parts of the AdminBackend (compose/admin-backend.ts delegates here): the
 * quota ledger's last scanner figure, completed with the buckets the pass found empty, the
 * cluster-wide object figures derived from it, and the `quota` bucket config documents.
 */
import type { BucketQuotaSetting, BucketUsageReport, ClusterInfo, Figure, UsageReport } from '../admin/admin-backend.js';
import { BucketNotFoundError } from '../errors/domain-errors.js';
import { encodeQuotaDoc, parseQuotaDoc, QUOTA_CONFIG, SIZE_INTERVALS, type BucketUsageLedger } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';

const EMPTY: BucketUsageReport = {
  objects: 0, versions: 0, deleteMarkers: 0, totalBytes: 0, latestBytes: 0,
  sizeHistogram: Object.fromEntries(SIZE_INTERVALS.map((iv) => [iv.name, 0])),
};

/** Every current bucket with its counted usage (0 when the pass found nothing in it). */
export async function usageReport(objects: ObjectLayer, ledger: BucketUsageLedger): Promise<UsageReport | undefined> {
  const figure = ledger.figure;
  if (figure === undefined) return undefined;
  const names = (await objects.listBuckets()).map((b) => b.name);
  return { lastUpdate: figure.lastUpdate, buckets: Object.fromEntries(names.map((n) => [n, figure.buckets[n] ?? EMPTY])) };
}

/** Objects, versions and bytes of the whole deployment from the last figure. */
export function objectFigures(ledger: BucketUsageLedger, why: string | undefined): Pick<ClusterInfo, 'objects' | 'versions' | 'bytes'> {
  const figure = ledger.figure;
  if (figure === undefined) {
    const unknown: Figure = { unknown: why ?? 'not yet known: the scanner has not finished a pass' };
    return { objects: unknown, versions: unknown, bytes: unknown };
  }
  let objects = 0;
  let versions = 0;
  let bytes = 0;
  for (const u of Object.values(figure.buckets)) {
    objects += u.objects;
    versions += u.versions;
    bytes += u.totalBytes;
  }
  const asOf = figure.lastUpdate;
  return { objects: { value: objects, asOf }, versions: { value: versions, asOf }, bytes: { value: bytes, asOf } };
}

export async function setBucketQuota(objects: ObjectLayer, q: BucketQuotaSetting): Promise<'ok' | 'no-such-bucket'> {
  const value = q.quota === 0 ? undefined : encodeQuotaDoc({ quota: q.quota, quotatype: 'hard' });
  try {
    await objects.putBucketConfig({ bucket: q.bucket, name: QUOTA_CONFIG, value });
  } catch (err) {
    if (err instanceof BucketNotFoundError) return 'no-such-bucket';
    throw err;
  }
  return 'ok';
}

export async function getBucketQuota(objects: ObjectLayer, bucket: string): Promise<BucketQuotaSetting | 'no-such-bucket'> {
  let doc: Buffer | undefined;
  try {
    doc = await objects.getBucketConfig({ bucket, name: QUOTA_CONFIG });
  } catch (err) {
    if (err instanceof BucketNotFoundError) return 'no-such-bucket';
    throw err;
  }
  return { bucket, quota: doc === undefined ? 0 : parseQuotaDoc(doc.toString('utf8')).quota };
}
