/** What the lifecycle expiry worker did since the process started (worker status, `cairn_lifecycle_*` metrics). */
export interface ExpiryCounters {
  /** Current versions expired: deleted (unversioned bucket) or given a delete marker. */
  expiredCurrent: number;
  /** Noncurrent versions removed (NoncurrentVersionExpiration). */
  expiredNoncurrent: number;
  /** Delete markers removed that were their key's only version. */
  deleteMarkersRemoved: number;
  /** Incomplete multipart uploads aborted (AbortIncompleteMultipartUpload). */
  uploadsAborted: number;
  /** Due versions left alone because object lock protects them. */
  skippedLocked: number;
  /** Actions or bucket visits that failed (logged; retried on the next pass). */
  errors: number;
  /** Finished passes over every bucket with a lifecycle configuration. */
  passes: number;
}

export function newExpiryCounters(): ExpiryCounters {
  return { expiredCurrent: 0, expiredNoncurrent: 0, deleteMarkersRemoved: 0, uploadsAborted: 0, skippedLocked: 0, errors: 0, passes: 0 };
}
