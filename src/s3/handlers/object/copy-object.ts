/**
 * CopyObject: PUT /bucket/key with x-amz-copy-source.
 * x-amz-metadata-directive COPY (default: keep the source's metadata) or REPLACE (use this
 * request's headers); x-amz-copy-source-if-* preconditions (412 PreconditionFailed, checked
 * by the layer); If-None-Match / If-Match on the destination. x-amz-tagging-directive COPY
 * (default: the source's tags) or REPLACE (the x-amz-tagging header, none when absent); when
 * the two directives differ the layer takes the tags from the side named (`tagsFrom`) of the
 * very version it copies. x-amz-copy-source-version-id names the version read (not for a null
 * version the request did not name, as AWS). The copy
 * never inherits the source's Object Lock state: it gets this request's lock headers or the
 * destination bucket's default retention. Copying an object onto itself
 * without changing anything is refused as AWS does. Answers 200 with CopyObjectResult.
 */
import type { CopyObjectRequest } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import type { Handler } from '../handler.js';
import { copyObjectResultXml } from '../../xml/shapes/copy-results.js';
import { parseAlgorithmName } from '../common/checksum-headers.js';
import { parseCopySourceConditions, parseWriteConditions } from '../common/conditions.js';
import { copySourceVersionHeader, parseCopySource } from '../common/copy-source.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { DEFAULT_CONTENT_TYPE, parseObjectMetadata } from '../common/object-metadata.js';
import { checkKeyLength, requireObject } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { parseTaggingDirective } from '../common/object-tags.js';
import { bucketWriteSettings, writesVersion } from '../common/object-lock-config.js';
import { newVersionLock } from '../common/object-lock-headers.js';
import { expirationHeader } from '../common/expiration-header.js';
import { writeEncryption } from '../common/bucket-encryption.js';
import { COPY_SOURCE_CUSTOMER_PREFIX, parseCustomerKey, parseEncryptionRequest, sseResponseHeaders } from '../common/sse-headers.js';
import { newObjectAcl } from '../common/object-acl.js';

export const COPY_TO_ITSELF_MESSAGE =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

export function parseMetadataDirective(value: string | undefined): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY') return 'COPY';
  if (value === 'REPLACE') return 'REPLACE';
  throw new S3Error('InvalidArgument', {
    message: 'Unknown metadata directive.',
    extra: { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: value },
  });
}

export const copyObject: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const source = parseCopySource(req.headers);
  checkKeyLength(source.key);
  const directive = parseMetadataDirective(nonEmptyHeader(req.headers, 'x-amz-metadata-directive'));
  const taggingDirective = parseTaggingDirective(nonEmptyHeader(req.headers, 'x-amz-tagging-directive'));
  const meta = parseObjectMetadata(req.headers);
  const sourceKey = parseCustomerKey(req.headers, COPY_SOURCE_CUSTOMER_PREFIX, req.secure === true);
  const isSameObject = source.bucket === bucket && source.key === key && source.versionId === undefined;
  if (isSameObject && directive === 'COPY' && taggingDirective === 'COPY' && meta.storageClass === undefined
    && meta.systemMetadata['x-amz-website-redirect-location'] === undefined && parseEncryptionRequest(req) === undefined
    // An SSE-C source copied without a customer key for the copy is decrypted in place (it takes the
    // bucket's default encryption): its encryption changes, as AWS and MinIO accept.
    && sourceKey === undefined) {
    throw new S3Error('InvalidRequest', { message: COPY_TO_ITSELF_MESSAGE });
  }
  const algorithmHeader = nonEmptyHeader(req.headers, 'x-amz-checksum-algorithm');
  const algorithm = algorithmHeader === undefined ? undefined : parseAlgorithmName(algorithmHeader, 'x-amz-checksum-algorithm');
  const sourceConditions = parseCopySourceConditions(req.headers);
  const conditions = parseWriteConditions(req.headers);
  const settings = await bucketWriteSettings(ctx.objects, bucket);
  const objectLock = newVersionLock(req.headers, settings, new Date());
  const encryption = await writeEncryption(req, ctx.encryptionConfigs, bucket);
  const acl = await newObjectAcl(req, ctx, bucket);

  // The tags follow x-amz-tagging-directive; when it differs from the metadata directive the
  // layer takes them from the side it names, of the very version it copies.
  const replaced: Pick<CopyObjectRequest, 'contentType' | 'userMetadata' | 'systemMetadata'> | undefined = directive === 'REPLACE'
    ? { contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE, userMetadata: meta.userMetadata, systemMetadata: meta.systemMetadata }
    : undefined;
  const tagsFrom = directive === taggingDirective ? undefined : taggingDirective === 'COPY' ? 'source' : 'request';
  const info = await ctx.objects.copyObject({
    bucket,
    key,
    source: {
      bucket: source.bucket,
      key: source.key,
      ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
      ...(sourceConditions !== undefined ? { conditions: sourceConditions } : {}),
      ...(sourceKey !== undefined ? { customerKey: sourceKey } : {}),
    },
    ...(encryption !== undefined ? { encryption } : {}),
    metadataDirective: directive,
    ...(replaced ?? {}),
    ...(tagsFrom === 'request' ? { systemMetadata: meta.systemMetadata } : {}),
    ...(tagsFrom !== undefined ? { tagsFrom } : {}),
    storageClass: meta.storageClass ?? 'STANDARD',
    versioned: writesVersion(settings, key),
    ...(objectLock !== undefined ? { objectLock } : {}),
    ...(acl !== undefined ? { acl } : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    ...(algorithm !== undefined ? { checksumAlgorithms: [algorithm], storeChecksum: algorithm } : {}),
  }, callerContext(req));

  const headers: Record<string, string> = {
    'content-type': 'application/xml', ...(await expirationHeader(ctx, info)), ...sseResponseHeaders(info.encryption),
  };
  if (info.versionId !== 'null' || settings.versioning !== 'Unversioned') headers['x-amz-version-id'] = info.versionId;
  const sourceVersion = copySourceVersionHeader(source.versionId, info.sourceVersionId);
  if (sourceVersion !== undefined) headers['x-amz-copy-source-version-id'] = sourceVersion;
  const body = copyObjectResultXml({
    etag: info.etag,
    lastModified: info.lastModified,
    ...(info.checksum !== undefined ? { checksum: info.checksum } : {}),
  });
  return { status: 200, headers, body };
};
