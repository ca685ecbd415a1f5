/** GET /minio/admin/v3/datausageinfo: per-bucket usage of the scanner's last complete pass. */
import type { BucketUsageReport } from '../admin-backend.js';
import type { BucketUsageInfoDoc, DataUsageInfoDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';

/** Go's zero time, what MinIO sends before its scanner has a figure. */
const ZERO_TIME = '0001-01-01T00:00:00Z';
/** madmin's aggregate interval over the four between 1 KiB and 1 MiB. */
const AGGREGATE = 'BETWEEN_1024B_AND_1_MB';
const AGGREGATED = ['BETWEEN_1024_B_AND_64_KB', 'BETWEEN_64_KB_AND_256_KB', 'BETWEEN_256_KB_AND_512_KB', 'BETWEEN_512_KB_AND_1_MB'];

function bucketDoc(u: BucketUsageReport): BucketUsageInfoDoc {
  const aggregate = AGGREGATED.reduce((n, name) => n + (u.sizeHistogram[name] ?? 0), 0);
  return {
    size: u.totalBytes, objectsCount: u.objects, objectsVersionsCount: u.versions, deleteMarkersCount: u.deleteMarkers,
    objectsSizesHistogram: { ...u.sizeHistogram, [AGGREGATE]: aggregate }, latestSize: u.latestBytes,
  };
}

export const dataUsageInfo: AdminEndpoint = async (_req, backend) => {
  const usage = await backend.usage();
  if (usage === undefined) {
    const document: DataUsageInfoDocument = {
      lastUpdate: ZERO_TIME, objectsCount: 0, versionsCount: 0, deleteMarkersCount: 0, objectsTotalSize: 0, bucketsCount: 0,
      bucketsUsageInfo: {}, bucketsSizes: {}, error: 'not yet known: the scanner has not finished a pass',
    };
    return { status: 200, document };
  }
  const entries = Object.entries(usage.buckets);
  const sum = (pick: (u: BucketUsageReport) => number): number => entries.reduce((n, [, u]) => n + pick(u), 0);
  const document: DataUsageInfoDocument = {
    lastUpdate: usage.lastUpdate,
    objectsCount: sum((u) => u.objects),
    versionsCount: sum((u) => u.versions),
    deleteMarkersCount: sum((u) => u.deleteMarkers),
    objectsTotalSize: sum((u) => u.totalBytes),
    bucketsCount: entries.length,
    bucketsUsageInfo: Object.fromEntries(entries.map(([name, u]) => [name, bucketDoc(u)])),
    bucketsSizes: Object.fromEntries(entries.map(([name, u]) => [name, u.totalBytes])),
  };
  return { status: 200, document };
};
