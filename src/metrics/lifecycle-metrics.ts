/**
 * The lifecycle expiry worker's running totals (`cairn_lifecycle_*`), read from memory at each
 * scrape through DeploymentSources.lifecycle (compose/ wires the worker's counters). Absent
 * (HELP and TYPE only) in a process that runs no background workers.
 */
import type { MetricSource } from './metric-family.js';
import { one, snapshotSource, type SnapshotFamily } from './snapshot-family.js';

/** The expiry worker's cumulative counters since the process started. */
export interface LifecycleReading {
  readonly expiredCurrent: number;
  readonly expiredNoncurrent: number;
  readonly deleteMarkersRemoved: number;
  readonly uploadsAborted: number;
  readonly skippedLocked: number;
  readonly errors: number;
  readonly passes: number;
}

export function lifecycleMetrics(read: () => LifecycleReading | undefined): MetricSource {
  const counter = (name: string, help: string, pick: (r: LifecycleReading) => number): SnapshotFamily =>
    ({ type: 'counter', name, help, read: () => { const r = read(); return one(r === undefined ? undefined : pick(r)); } });
  return snapshotSource([
    counter('cairn_lifecycle_expired_current_total', 'Current object versions expired by lifecycle rules (deleted, or given a delete marker in a versioned bucket).', (r) => r.expiredCurrent),
    counter('cairn_lifecycle_expired_noncurrent_total', 'Noncurrent object versions removed by NoncurrentVersionExpiration.', (r) => r.expiredNoncurrent),
    counter('cairn_lifecycle_delete_markers_removed_total', 'Expired object delete markers (the only version left of a key) removed.', (r) => r.deleteMarkersRemoved),
    counter('cairn_lifecycle_uploads_aborted_total', 'Incomplete multipart uploads aborted by AbortIncompleteMultipartUpload.', (r) => r.uploadsAborted),
    counter('cairn_lifecycle_skipped_locked_total', 'Due versions left in place because object lock protects them.', (r) => r.skippedLocked),
    counter('cairn_lifecycle_errors_total', 'Lifecycle actions or bucket visits that failed (retried on the next pass).', (r) => r.errors),
    counter('cairn_lifecycle_passes_total', 'Finished passes of the lifecycle expiry worker over the buckets.', (r) => r.passes),
  ]);
}
