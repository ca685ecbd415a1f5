/**
 * A bucket's Object Lock configuration (PutObjectLockConfiguration) and what it means for a
 * new version. S3 API Reference, PutObjectLockConfiguration
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html) and
 * User Guide "Bucket configuration"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html).
 *
 * Stored as the 'object-lock' bucket config document, JSON `{}` (enabled, no default) or
 * `{"rule":{"mode":"GOVERNANCE","days":30}}` (`years` instead of `days`). Whether the bucket has
 * Object Lock enabled is the versioning document's flag (versioning.ts); this document only
 * exists on such buckets.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { ObjectLayer, ObjectLockMode, ObjectRetention } from '../../../object/object-layer.js';
import { readBucketVersioning, type VersioningState } from './versioning.js';
import { versioningForKey, type VersioningExclusions } from '../../../versioning/versioning-exclusions.js';

export const OBJECT_LOCK_CONFIG = 'object-lock';

export interface DefaultRetention {
  readonly mode: ObjectLockMode;
  /** Exactly one of days / years. */
  readonly days?: number;
  readonly years?: number;
}

export interface BucketLockConfig {
  readonly rule?: DefaultRetention;
}

export function encodeLockConfig(config: BucketLockConfig): Buffer {
  return Buffer.from(JSON.stringify(config.rule === undefined ? {} : { rule: config.rule }));
}

function isMode(v: unknown): v is ObjectLockMode {
  return v === 'GOVERNANCE' || v === 'COMPLIANCE';
}

/** A document that is not one this module wrote is a corrupt record: it fails loudly. */
export function decodeLockConfig(doc: Buffer | undefined): BucketLockConfig {
  if (doc === undefined || doc.length === 0) return {};
  const parsed = JSON.parse(doc.toString('utf8')) as { rule?: { mode?: unknown; days?: unknown; years?: unknown } };
  const rule = parsed.rule;
  if (rule === undefined) return {};
  const { mode, days, years } = rule;
  if (!isMode(mode)) throw new Error('corrupt object-lock config document: mode');
  if (typeof days === 'number') return { rule: { mode, days } };
  if (typeof years === 'number') return { rule: { mode, years } };
  throw new Error('corrupt object-lock config document: period');
}

/** The retention a new version gets from the bucket default, created at `now`. */
export function defaultRetention(rule: DefaultRetention, now: Date): ObjectRetention {
  const until = new Date(now.getTime());
  if (rule.years !== undefined) until.setUTCFullYear(until.getUTCFullYear() + rule.years);
  else until.setTime(until.getTime() + (rule.days ?? 0) * 86_400_000);
  return { mode: rule.mode, retainUntil: until };
}

/** What a write needs to know about its bucket: versioning, and the lock config if enabled. */
export interface BucketWriteSettings {
  readonly versioning: VersioningState;
  /** MinIO's excluded prefixes of an Enabled bucket: writes of those keys are unversioned (keyVersioning). */
  readonly versioningExclusions?: VersioningExclusions;
  /** Present when Object Lock is enabled on the bucket. */
  readonly objectLock?: BucketLockConfig;
}

/** One config read for every bucket; a second one only for buckets with Object Lock. */
export async function bucketWriteSettings(objects: ObjectLayer, bucket: string): Promise<BucketWriteSettings> {
  const v = await readBucketVersioning(objects, bucket);
  if (!v.objectLockEnabled) return { versioning: v.state, ...(v.exclusions !== undefined ? { versioningExclusions: v.exclusions } : {}) };
  const objectLock = decodeLockConfig(await objects.getBucketConfig({ bucket, name: OBJECT_LOCK_CONFIG }));
  return { versioning: v.state, objectLock };
}

/** Retention and legal hold need a bucket with Object Lock: InvalidRequest otherwise (as AWS). */
export async function requireObjectLockBucket(objects: ObjectLayer, bucket: string): Promise<void> {
  const v = await readBucketVersioning(objects, bucket);
  if (!v.objectLockEnabled) throw new S3Error('InvalidRequest', { message: 'Bucket is missing Object Lock Configuration' });
}

/** Whether a write of `key` under these settings makes a new version (false for an excluded key). */
export function writesVersion(settings: BucketWriteSettings, key: string): boolean {
  return versioningForKey(settings.versioning, settings.versioningExclusions, key) === 'Enabled';
}
