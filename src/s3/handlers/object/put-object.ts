/**
 * PutObject: PUT /bucket/key with a streamed body.
 * Validates length (411 / EntityTooLarge), key length, metadata (2 KiB), storage class,
 * Content-MD5 and flexible checksum headers (or trailer), and write conditions
 * (If-None-Match: * / If-Match); the digests are verified in beforeCommit so a mismatch
 * stores nothing. A new version is created when the bucket's versioning is Enabled. Object
 * Lock headers, or the bucket's default retention, lock the new version
 * (common/object-lock-headers.ts; they need Content-MD5 or a checksum).
 */
import type { Handler } from '../handler.js';
import { checksumResponseHeaders, checksumWriteOptions, parseChecksumHeaders } from '../common/checksum-headers.js';
import { parseWriteConditions } from '../common/conditions.js';
import { DEFAULT_CONTENT_TYPE, parseObjectMetadata } from '../common/object-metadata.js';
import { requireObject } from '../common/object-key.js';
import { abortableContext } from '../common/op-context.js';
import { declaredUploadSize } from '../common/upload-limits.js';
import { bucketWriteSettings, writesVersion } from '../common/object-lock-config.js';
import { newVersionLock, requireLockWriteChecksum } from '../common/object-lock-headers.js';
import { expirationHeader } from '../common/expiration-header.js';
import { writeEncryption } from '../common/bucket-encryption.js';
import { sseResponseHeaders } from '../common/sse-headers.js';
import { newObjectAcl, withObjectAcl } from '../common/object-acl.js';

export const putObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const size = declaredUploadSize(req);
  const meta = parseObjectMetadata(req.headers);
  const checksumRequest = parseChecksumHeaders(req.headers);
  const checksums = checksumWriteOptions(checksumRequest, req.trailers);
  const conditions = parseWriteConditions(req.headers);
  const settings = await bucketWriteSettings(ctx.objects, bucket);
  const objectLock = newVersionLock(req.headers, settings, new Date());
  const acl = await newObjectAcl(req, ctx, bucket);
  requireLockWriteChecksum(objectLock, checksumRequest);
  const encryption = await writeEncryption(req, ctx.encryptionConfigs, bucket);

  const info = await ctx.objects.putObject({
    bucket,
    key,
    body: req.body,
    size,
    contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE,
    userMetadata: meta.userMetadata,
    systemMetadata: withObjectAcl(meta.systemMetadata, acl),
    storageClass: meta.storageClass ?? 'STANDARD',
    versioned: writesVersion(settings, key),
    ...(objectLock !== undefined ? { objectLock } : {}),
    ...checksums,
    ...(conditions !== undefined ? { conditions } : {}),
    ...(encryption !== undefined ? { encryption } : {}),
  }, abortableContext(req));

  const headers: Record<string, string> = {
    etag: `"${info.etag}"`, ...checksumResponseHeaders(info.checksum), ...(await expirationHeader(ctx, info)),
    ...sseResponseHeaders(info.encryption),
  };
  if (info.versionId !== 'null' || settings.versioning !== 'Unversioned') headers['x-amz-version-id'] = info.versionId;
  return { status: 200, headers };
};
