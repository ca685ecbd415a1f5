/**
 * Bucket usage from the scanner's last complete pass (through the deployment snapshot):
 * per bucket objects, versions, delete markers, bytes (all versions and latest) and the object
 * size distribution over MinIO's intervals (a bucketed gauge, label `range`); the same
 * distribution for the whole deployment and when the figure was counted.
 *
 * Many buckets (10,000 and more) make these the largest families, and the figure changes only
 * when a scanner pass ends: the text is rendered once per new figure (identity of the usage
 * report) and reused by every scrape until the next one. `perBucket: false`
 * (CAIRN_PROMETHEUS_BUCKET_METRICS=off) leaves the per-bucket series out. Per bucket, a size
 * range holding no object has no series (10 ranges x 10,000 buckets of mostly zeros would be
 * most of the page); the deployment-wide distribution lists every range.
 */
import { gzip } from 'node:zlib';
import type { UsageReport } from '../admin/admin-backend.js';
import { escapeLabelValue, formatValue, header } from './metric-family.js';
import type { MetricSource } from './metric-family.js';

export interface BucketMetricsOptions {
  readonly perBucket: boolean;
}

type Per = 'objects' | 'versions' | 'deleteMarkers' | 'totalBytes' | 'latestBytes';
const PER_BUCKET: readonly { readonly name: string; readonly help: string; readonly pick: Per }[] = [
  { name: 'cairn_bucket_objects', help: 'Objects in the bucket (latest version not a delete marker), as of the scanner\'s last complete pass.', pick: 'objects' },
  { name: 'cairn_bucket_versions', help: 'Object versions in the bucket that are not delete markers (latest included).', pick: 'versions' },
  { name: 'cairn_bucket_delete_markers', help: 'Delete markers in the bucket.', pick: 'deleteMarkers' },
  { name: 'cairn_bucket_size_bytes', help: 'Bytes of every object version in the bucket (what the quota counts).', pick: 'totalBytes' },
  { name: 'cairn_bucket_latest_size_bytes', help: 'Bytes of the latest versions in the bucket.', pick: 'latestBytes' },
];
const DIST = 'cairn_bucket_object_size_distribution';
const CLUSTER_DIST = 'cairn_cluster_object_size_distribution';
const LAST_UPDATE = 'cairn_usage_last_update_timestamp_seconds';

function render(usage: UsageReport | undefined, perBucket: boolean): string {
  const out: string[] = [];
  header(out, { name: LAST_UPDATE, help: 'When the scanner pass that counted the bucket usage ended (absent before the first).', type: 'gauge' });
  const buckets = usage === undefined ? [] : Object.entries(usage.buckets).map(([name, u]) => [escapeLabelValue(name), u] as const);
  if (usage !== undefined) out.push(`${LAST_UPDATE} ${formatValue(Date.parse(usage.lastUpdate) / 1000)}`);
  header(out, { name: CLUSTER_DIST, help: 'Objects of the deployment by size range (latest versions; MinIO\'s intervals).', type: 'gauge' });
  if (usage !== undefined) {
    const total = new Map<string, number>();
    for (const [, u] of buckets) for (const [range, n] of Object.entries(u.sizeHistogram)) total.set(range, (total.get(range) ?? 0) + n);
    for (const [range, n] of total) out.push(`${CLUSTER_DIST}{range="${range}"} ${n}`);
  }
  if (!perBucket) return out.join('\n');
  for (const f of PER_BUCKET) {
    header(out, { name: f.name, help: f.help, type: 'gauge' });
    for (const [name, u] of buckets) out.push(`${f.name}{bucket="${name}"} ${u[f.pick]}`);
  }
  header(out, { name: DIST, help: 'Objects of the bucket by size range (latest versions; MinIO\'s intervals).', type: 'gauge' });
  for (const [name, u] of buckets) {
    for (const [range, n] of Object.entries(u.sizeHistogram)) if (n > 0) out.push(`${DIST}{bucket="${name}",range="${range}"} ${n}`);
  }
  return out.join('\n');
}

/**
 * The bucket families; prime() renders a new figure ahead of the next scrape (the snapshot
 * refresh calls it) and compresses it in the thread pool, so a scrape that accepts gzip gets
 * the compressed block without compressing megabytes itself.
 */
export interface BucketMetricsSource extends MetricSource {
  prime(): void;
  /** The rendered families as UTF-8 bytes, newline-terminated (encoded once per figure). */
  bytes(): Buffer;
  /** bytes() as one gzip member, once compressed for the current figure (undefined until then). */
  gzipped(): Buffer | undefined;
}

/** Compression level of the cached block: level 1 already shrinks the repetitive text ~10x. */
const GZIP_LEVEL = 1;

export function bucketMetrics(usage: () => UsageReport | undefined, opts: BucketMetricsOptions): BucketMetricsSource {
  let cachedFor: UsageReport | undefined | null = null;
  let text = '';
  let encoded: Buffer | undefined;
  let zipped: { readonly for: Buffer; readonly gz: Buffer } | undefined;
  let zipping: Buffer | undefined;
  const current = (): string => {
    const u = usage();
    if (u !== cachedFor) {
      text = render(u, opts.perBucket);
      encoded = undefined;
      cachedFor = u;
    }
    return text;
  };
  const bytes = (): Buffer => {
    const t = current();
    encoded ??= Buffer.from(`${t}\n`);
    return encoded;
  };
  /** Starts compressing the current block in the thread pool unless done or under way. */
  const compress = (b: Buffer): void => {
    if (zipped?.for === b || zipping === b) return;
    zipping = b;
    gzip(b, { level: GZIP_LEVEL }, (err, gz) => {
      if (zipping === b) zipping = undefined;
      if (err === null) zipped = { for: b, gz };
    });
  };
  return {
    prime(): void { compress(bytes()); },
    render(out: string[]): void { out.push(current()); },
    bytes,
    gzipped(): Buffer | undefined {
      const b = bytes();
      if (zipped?.for === b) return zipped.gz;
      compress(b);
      return undefined;
    },
  };
}
