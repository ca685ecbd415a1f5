/**
 * A CompleteMultipartUpload retried after it succeeded.
 *
 * AWS answers a retried Complete (same upload id, same parts) with 200 and the result of the
 * first one — SDKs retry a Complete whose response was lost, and the AWS docs tell
 * applications to be prepared to retry it
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html). A retry
 * that lists other parts fails: those parts are no longer uploaded parts (400 InvalidPart).
 *
 * How the completed upload is remembered: the version a Complete commits records its
 * `uploadId` (object record field, storage/format/object-record.ts), in the same per-drive
 * transaction that deletes the upload record. So the memory is exactly as durable, healed
 * and shared between `--workers` processes as the object itself, costs 32 bytes per
 * multipart version, and is bounded by the versions that exist: once the version is
 * overwritten (unversioned bucket) or deleted, a retry answers NoSuchUpload as for any
 * unknown upload. The retry returns that version's ETag, versionId, checksum and part list
 * (the location is built from bucket and key), and re-checks the declared full-object
 * checksum; write conditions are not evaluated again (the first Complete passed them).
 */
import { InvalidPartError, UploadNotFoundError } from '../../errors/domain-errors.js';
import type { ObjectVersionRecord } from '../../storage/format/index.js';
import type { LayerContext } from '../layer-context.js';
import { toObjectInfo } from '../object-info.js';
import type { CompleteMultipartUploadRequest, CompletePart, ObjectInfo } from '../object-layer.js';
import { readKey } from '../record-quorum.js';
import { verifyExpectedChecksum } from './multipart-checksums.js';

/** A listed part ETag as stored: quotes stripped, lower case. */
export function normalizeEtag(etag: string): string {
  let t = etag.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  return t.toLowerCase();
}

/** True when `listed` names exactly the parts (numbers, ETags, declared checksums) `v` was assembled from. */
function sameParts(v: ObjectVersionRecord, listed: readonly CompletePart[]): boolean {
  const parts = v.parts ?? [];
  if (parts.length !== listed.length) return false;
  return listed.every((p, i) => {
    const stored = parts[i]!;
    if (stored.number !== p.partNumber || stored.etag !== normalizeEtag(p.etag)) return false;
    return p.checksum === undefined || stored.checksum === undefined || stored.checksum.value === p.checksum;
  });
}

/**
 * The result of the Complete that already turned `req.uploadId` into a version of the key;
 * throws `notFound` (the caller's UploadNotFoundError) when no version of the key came from
 * that upload, InvalidPart when one did but from other parts.
 */
export async function completedUploadResult(
  ctx: LayerContext, req: CompleteMultipartUploadRequest, notFound: UploadNotFoundError,
): Promise<ObjectInfo> {
  const versions = (await readKey(ctx, req.bucket, req.key)).record?.versions ?? [];
  const index = versions.findIndex((v) => v.uploadId === req.uploadId);
  if (index < 0) throw notFound;
  const version = versions[index]!;
  if (!sameParts(version, req.parts)) {
    throw new InvalidPartError(req.parts[0]?.partNumber ?? 0, 'the upload was completed with other parts');
  }
  verifyExpectedChecksum(version.checksum, req.expectedChecksum);
  return toObjectInfo(req, version, index === 0);
}
