/**
 * Object Lock of a new version (PutObject, CopyObject, CreateMultipartUpload), from the
 * request headers `x-amz-object-lock-mode`, `x-amz-object-lock-retain-until-date`,
 * `x-amz-object-lock-legal-hold` or, without explicit retention, the bucket's default
 * retention (S3 API Reference, PutObject "Object Lock" request headers; User Guide "Bucket
 * configuration": "the default retention settings apply to new objects placed in the bucket"
 * unless the request names a retention itself).
 *  - Lock headers on a bucket without Object Lock: InvalidRequest "Bucket is missing Object
 *    Lock Configuration".
 *  - Mode without date or date without mode: InvalidArgument; an unknown mode, a date that is
 *    not ISO 8601 or not in the future, a legal hold other than ON/OFF: InvalidArgument.
 *  - PutObject with Object Lock parameters (explicit or the bucket default) needs Content-MD5
 *    or an x-amz-checksum-* header or trailer (PutObject: "The Content-MD5 or
 *    x-amz-sdk-checksum-algorithm header is required for any request to upload an object with
 *    a retention period configured using Amazon S3 Object Lock").
 * A multipart upload's default retention is computed when the upload is created.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../../errors/s3-error.js';
import type { ObjectLockSettings, ObjectRetention } from '../../../object/object-layer.js';
import type { ChecksumRequest } from './checksum-headers.js';
import { nonEmptyHeader } from './header-value.js';
import { defaultRetention, type BucketWriteSettings } from './object-lock-config.js';

function invalidArgument(message: string): S3Error {
  return new S3Error('InvalidArgument', { message });
}

/** A retain-until date as S3 takes it (ISO 8601), which must lie after `now`. */
export function parseRetainUntil(text: string, now: Date): Date {
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw invalidArgument('The retain until date must be provided in ISO 8601 format');
  }
  if (date.getTime() <= now.getTime()) throw invalidArgument('The retain until date must be in the future!');
  return date;
}

/** The explicit lock headers of a write; undefined when there are none. */
export function parseObjectLockHeaders(headers: IncomingHttpHeaders, now: Date): ObjectLockSettings | undefined {
  const mode = nonEmptyHeader(headers, 'x-amz-object-lock-mode');
  const until = nonEmptyHeader(headers, 'x-amz-object-lock-retain-until-date');
  const hold = nonEmptyHeader(headers, 'x-amz-object-lock-legal-hold');
  if (mode === undefined && until === undefined && hold === undefined) return undefined;
  if ((mode === undefined) !== (until === undefined)) {
    throw invalidArgument('x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied');
  }
  let retention: ObjectRetention | undefined;
  if (mode !== undefined && until !== undefined) {
    if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw invalidArgument('Unknown wormMode directive.');
    retention = { mode, retainUntil: parseRetainUntil(until, now) };
  }
  if (hold !== undefined && hold !== 'ON' && hold !== 'OFF') throw invalidArgument("Legal Hold must be either of 'ON' or 'OFF'");
  return { ...(retention ? { retention } : {}), ...(hold !== undefined ? { legalHold: hold === 'ON' } : {}) };
}

/** The lock state of a new version written with `headers` into a bucket with `settings`. */
export function newVersionLock(headers: IncomingHttpHeaders, settings: BucketWriteSettings, now: Date): ObjectLockSettings | undefined {
  const explicit = parseObjectLockHeaders(headers, now);
  if (settings.objectLock === undefined) {
    if (explicit !== undefined) throw new S3Error('InvalidRequest', { message: 'Bucket is missing Object Lock Configuration' });
    return undefined;
  }
  const rule = settings.objectLock.rule;
  if (explicit?.retention !== undefined || rule === undefined) return explicit;
  return { ...explicit, retention: defaultRetention(rule, now) };
}

/** PutObject with Object Lock parameters: Content-MD5 or a flexible checksum must come along. */
export function requireLockWriteChecksum(lock: ObjectLockSettings | undefined, checksums: ChecksumRequest): void {
  if (lock === undefined) return;
  if (checksums.contentMd5 !== undefined || checksums.algorithm !== undefined) return;
  throw new S3Error('InvalidRequest', {
    message: 'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
  });
}

/** The Object Lock response headers of a version (GetObject, HeadObject). */
export function objectLockResponseHeaders(lock: ObjectLockSettings | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (lock?.retention !== undefined) {
    h['x-amz-object-lock-mode'] = lock.retention.mode;
    h['x-amz-object-lock-retain-until-date'] = lock.retention.retainUntil.toISOString();
  }
  if (lock?.legalHold !== undefined) h['x-amz-object-lock-legal-hold'] = lock.legalHold ? 'ON' : 'OFF';
  return h;
}
