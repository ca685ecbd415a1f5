/** Text of `cairn admin usage` and `cairn admin bucket quota ...`. */
import type { BucketQuotaDocument, DataUsageInfoDocument } from '../admin/wire-types.js';
import { formatBytes } from './format-units.js';

/** Go's zero time: MinIO's (and Cairn's) "never counted". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function formatUsage(doc: DataUsageInfoDocument): string {
  if (doc.lastUpdate === ZERO_TIME) return `Usage: ${doc.error ?? 'not yet known'}\n`;
  const lines = [
    `Usage as of ${doc.lastUpdate} (the scanner's last complete pass)`,
    `  ${doc.bucketsCount} buckets, ${doc.objectsCount} objects, ${doc.versionsCount} versions, ${doc.deleteMarkersCount} delete markers, ${formatBytes(doc.objectsTotalSize)}`,
  ];
  const rows = Object.entries(doc.bucketsUsageInfo);
  if (rows.length > 0) {
    const width = Math.max(6, ...rows.map(([name]) => name.length));
    lines.push('', `  ${'BUCKET'.padEnd(width)}  ${'OBJECTS'.padStart(9)}  ${'VERSIONS'.padStart(9)}  ${'DELETE MARKERS'.padStart(14)}  ${'SIZE'.padStart(10)}`);
    for (const [name, u] of rows) {
      lines.push(`  ${name.padEnd(width)}  ${String(u.objectsCount).padStart(9)}  ${String(u.objectsVersionsCount).padStart(9)}  ${String(u.deleteMarkersCount).padStart(14)}  ${formatBytes(u.size).padStart(10)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatQuota(doc: BucketQuotaDocument): string {
  return `Bucket ${doc.bucket}: hard quota ${formatBytes(doc.quota)} (${doc.quota} bytes)\n`;
}

export function formatNoQuota(bucket: string): string {
  return `Bucket ${bucket}: no quota\n`;
}
