/**
 * Conditional requests (RFC 9110 §13 as S3 implements them).
 *
 * Reads (GET/HEAD), evaluated in this order:
 *  1. If-Match: false → 412 PreconditionFailed. When If-Match is present and true,
 *     If-Unmodified-Since is ignored (AWS: If-Match true + If-Unmodified-Since false → 200).
 *  2. If-Unmodified-Since (only without If-Match): modified after the date → 412.
 *  3. If-None-Match: matches → 304 NotModified. When present and false (no match),
 *     If-Modified-Since is ignored (AWS: If-None-Match false + If-Modified-Since true → 200).
 *  4. If-Modified-Since (only without If-None-Match): not modified since → 304.
 * CopyObject / UploadPartCopy source conditions use the same rules, except that a "not
 * modified" outcome is also 412 (x-amz-copy-source-if-none-match / -if-modified-since).
 * Dates compare at one-second resolution (HTTP dates carry no milliseconds).
 *
 * Writes (PUT, CompleteMultipartUpload, DELETE): If-None-Match: '*' fails when the key has a
 * current (non-delete-marker) version; If-Match fails when the current etag differs, and is
 * ObjectNotFound when there is no current version.
 */
import { NotModifiedError, ObjectNotFoundError, PreconditionFailedError } from '../errors/domain-errors.js';
import type { ObjectRecord } from '../storage/format/index.js';
import type { Conditions } from './object-layer.js';

export interface ConditionTarget {
  readonly etag: string;
  readonly lastModified: Date;
}

function normalizeEtag(tag: string): string {
  let t = tag.trim();
  if (t.startsWith('W/')) t = t.slice(2);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  return t;
}

/** True when `header` (an etag, a comma-separated list, or '*') matches `etag`. */
export function etagMatches(header: string, etag: string): boolean {
  const want = normalizeEtag(etag);
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p === '*') return true;
    if (p.length > 0 && normalizeEtag(p) === want) return true;
  }
  return false;
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

function isValidDate(d: Date | undefined): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/** Throws PreconditionFailedError / NotModifiedError (or 412 only, for copy sources). */
export function checkReadConditions(target: ConditionTarget, cond: Conditions | undefined, mode: 'read' | 'copy-source' = 'read'): void {
  if (!cond) return;
  const notModified = (): never => {
    if (mode === 'copy-source') throw new PreconditionFailedError('x-amz-copy-source-if-none-match / if-modified-since');
    throw new NotModifiedError(target.etag, target.lastModified);
  };
  if (cond.ifMatch !== undefined) {
    if (!etagMatches(cond.ifMatch, target.etag)) throw new PreconditionFailedError('If-Match');
  } else if (isValidDate(cond.ifUnmodifiedSince)) {
    if (seconds(target.lastModified) > seconds(cond.ifUnmodifiedSince)) throw new PreconditionFailedError('If-Unmodified-Since');
  }
  if (cond.ifNoneMatch !== undefined) {
    if (etagMatches(cond.ifNoneMatch, target.etag)) notModified();
  } else if (isValidDate(cond.ifModifiedSince)) {
    if (seconds(target.lastModified) <= seconds(cond.ifModifiedSince)) notModified();
  }
}

/** Conditional write against the key's current version (undefined: none or a delete marker). */
export function checkWriteConditions(
  bucket: string, key: string, current: ConditionTarget | undefined, cond: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'> | undefined,
): void {
  if (!cond) return;
  if (cond.ifMatch !== undefined) {
    if (!current) throw new ObjectNotFoundError(bucket, key);
    if (!etagMatches(cond.ifMatch, current.etag)) throw new PreconditionFailedError('If-Match');
  }
  if (cond.ifNoneMatch !== undefined && current) {
    if (etagMatches(cond.ifNoneMatch, current.etag)) throw new PreconditionFailedError('If-None-Match');
  }
}

/**
 * The write conditions as a commit guard (commitVersion `guard`): checked against one drive's
 * record inside that drive's metaUpdate, so writers in other processes sharing the drives are
 * serialized too. undefined when there is nothing to check.
 */
export function writeConditionGuard(
  bucket: string, key: string, cond: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'> | undefined,
): ((current: ObjectRecord | undefined) => void) | undefined {
  if (!cond || (cond.ifMatch === undefined && cond.ifNoneMatch === undefined)) return undefined;
  return (record) => {
    const latest = record?.versions[0];
    const current = latest && !latest.isDeleteMarker ? { etag: latest.etag, lastModified: new Date(latest.mtime) } : undefined;
    checkWriteConditions(bucket, key, current, cond);
  };
}
