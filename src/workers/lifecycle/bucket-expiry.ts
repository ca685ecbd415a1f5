/**
 * One bucket's lifecycle pass, through the ObjectLayer only: every key's versions (listed in
 * pages of `batchSize`, newest first per key) are evaluated with lifecycle/'s `keyActions` and
 * the due actions applied; then the pending multipart uploads with `uploadAbortDue`. Paced by a
 * RateLimiter (one unit per version or upload looked at).
 *
 * Safety: an expired current version is deleted with If-Match on the ETag seen, so a newer
 * write in between is not expired in its place; a version lock protects (ObjectLockedError) is
 * counted as skipped and looked at again only on the next pass (never retried in a loop); a
 * version or upload already gone counts as nothing; any other failure is counted and logged,
 * and the pass goes on.
 */
import { ObjectLockedError, ObjectNotFoundError, PreconditionFailedError, UploadNotFoundError, VersionNotFoundError } from '../../errors/domain-errors.js';
import {
  keyActions, tagsOf, uploadAbortDue, type LifecycleAction, type LifecycleConfiguration, type VersionFacts,
} from '../../lifecycle/index.js';
import type { ObjectInfo, ObjectLayer } from '../../object/object-layer.js';
import type { BackgroundLog } from '../background-log.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { KeyVersioning } from './bucket-versioning.js';
import type { ExpiryCounters } from './expiry-counters.js';

export interface BucketExpiryJob {
  readonly objects: ObjectLayer;
  readonly bucket: string;
  readonly config: LifecycleConfiguration;
  readonly versioning: KeyVersioning;
  readonly now: number;
  readonly dayMs: number;
  readonly batchSize: number;
  readonly limiter: RateLimiter;
  readonly counters: ExpiryCounters;
  readonly signal: AbortSignal;
  readonly log?: BackgroundLog;
}

function facts(info: ObjectInfo): VersionFacts {
  return {
    key: info.key, size: info.size, tags: tagsOf(info.systemMetadata['x-amz-tagging']), versionId: info.versionId,
    isDeleteMarker: info.isDeleteMarker, mtime: info.lastModified.getTime(), etag: info.etag,
  };
}

const GONE = [ObjectNotFoundError, VersionNotFoundError, UploadNotFoundError, PreconditionFailedError];

/** Runs one action or upload abort; true when it took effect. */
async function attempt(job: BucketExpiryJob, what: Readonly<Record<string, string>>, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof ObjectLockedError) {
      job.counters.skippedLocked++;
    } else if (!GONE.some((cls) => err instanceof cls)) {
      job.counters.errors++;
      job.log?.('warn', 'lifecycle action failed', { bucket: job.bucket, ...what, error: err instanceof Error ? err.message : String(err) });
    }
    return false;
  }
}

async function apply(job: BucketExpiryJob, key: string, action: LifecycleAction): Promise<void> {
  const { objects, bucket, counters } = job;
  const what = { key, versionId: action.versionId, action: action.kind, rule: action.ruleId };
  if (action.kind === 'expireCurrent') {
    const done = await attempt(job, what, () => objects.deleteObject({ bucket, key, versioning: job.versioning(key), conditions: { ifMatch: action.etag } }));
    if (done) counters.expiredCurrent++;
    return;
  }
  const done = await attempt(job, what, () => objects.deleteObject({ bucket, key, versionId: action.versionId }));
  if (!done) return;
  if (action.kind === 'expireNoncurrent') counters.expiredNoncurrent++;
  else counters.deleteMarkersRemoved++;
}

async function expireKey(job: BucketExpiryJob, versions: readonly ObjectInfo[]): Promise<void> {
  if (versions.length === 0) return;
  for (const action of keyActions(job.config, versions.map(facts), job)) {
    if (job.signal.aborted) return;
    await apply(job, versions[0]!.key, action);
  }
}

/** Walks every version of the bucket; a key's versions may span two pages, so the last key of a page waits for the next. */
async function expireVersions(job: BucketExpiryJob): Promise<void> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  let pending: ObjectInfo[] = [];
  for (;;) {
    const page = await job.objects.listObjectVersions({
      bucket: job.bucket, maxKeys: job.batchSize,
      ...(keyMarker !== undefined ? { keyMarker } : {}), ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
    });
    for (const v of page.versions) {
      if (pending.length > 0 && pending[0]!.key !== v.key) {
        await expireKey(job, pending);
        pending = [];
      }
      pending.push(v);
      if (!(await job.limiter.pace(1, 0, job.signal))) return;
    }
    if (!page.isTruncated || page.nextKeyMarker === undefined) break;
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
  await expireKey(job, pending);
}

async function abortUploads(job: BucketExpiryJob): Promise<void> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await job.objects.listMultipartUploads({
      bucket: job.bucket, maxUploads: job.batchSize,
      ...(keyMarker !== undefined ? { keyMarker } : {}), ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
    });
    const due = page.uploads.filter((u) => uploadAbortDue(job.config, { key: u.key, initiated: u.initiated.getTime() }, job) !== undefined);
    for (const u of due) {
      if (!(await job.limiter.pace(1, 0, job.signal))) return;
      const what = { key: u.key, uploadId: u.uploadId, action: 'abortUpload' };
      if (await attempt(job, what, () => job.objects.abortMultipartUpload({ bucket: job.bucket, key: u.key, uploadId: u.uploadId }))) {
        job.counters.uploadsAborted++;
      }
    }
    if (!page.isTruncated || page.nextKeyMarker === undefined) return;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}

export async function expireBucket(job: BucketExpiryJob): Promise<void> {
  const rules = job.config.rules.filter((r) => r.enabled);
  if (rules.some((r) => r.expiration !== undefined || r.noncurrent !== undefined)) await expireVersions(job);
  if (!job.signal.aborted && rules.some((r) => r.abortUploadDays !== undefined)) await abortUploads(job);
}
