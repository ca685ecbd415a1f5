/**
 * CreateMultipartUpload: POST /bucket/key?uploads. Same metadata headers as PutObject, plus
 * x-amz-checksum-algorithm and x-amz-checksum-type (FULL_OBJECT | COMPOSITE; the type needs
 * an algorithm, and SHA* only go with COMPOSITE, CRC64NVME only with FULL_OBJECT).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ChecksumType, CreateMultipartUploadRequest } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { isChecksumTypeSupported, parseChecksumType } from '../../../util/checksums.js';
import type { Handler } from '../handler.js';
import { initiateMultipartUploadResultXml } from '../../xml/shapes/initiate-multipart-upload-result.js';
import { parseAlgorithmName } from '../common/checksum-headers.js';
import { nonEmptyHeader } from '../common/header-value.js';
import { DEFAULT_CONTENT_TYPE, parseObjectMetadata } from '../common/object-metadata.js';
import { requireObject } from '../common/object-key.js';
import { callerContext } from '../common/op-context.js';
import { bucketWriteSettings } from '../common/object-lock-config.js';
import { newVersionLock } from '../common/object-lock-headers.js';
import { writeEncryption } from '../common/bucket-encryption.js';
import { sseResponseHeaders } from '../common/sse-headers.js';
import { newObjectAcl, withObjectAcl } from '../common/object-acl.js';

export function parseMultipartChecksum(headers: IncomingHttpHeaders): Pick<CreateMultipartUploadRequest, 'checksumAlgorithm' | 'checksumType'> {
  const algName = nonEmptyHeader(headers, 'x-amz-checksum-algorithm');
  const typeName = nonEmptyHeader(headers, 'x-amz-checksum-type');
  const algorithm = algName === undefined ? undefined : parseAlgorithmName(algName, 'x-amz-checksum-algorithm');
  let type: ChecksumType | undefined;
  if (typeName !== undefined) {
    type = parseChecksumType(typeName);
    if (type === undefined) throw new S3Error('InvalidRequest', { message: 'Value for x-amz-checksum-type header is invalid.' });
    if (algorithm === undefined) {
      throw new S3Error('InvalidRequest', {
        message: 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      });
    }
    if (!isChecksumTypeSupported(algorithm, type)) {
      throw new S3Error('InvalidRequest', {
        message: `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
      });
    }
  }
  return { ...(algorithm !== undefined ? { checksumAlgorithm: algorithm } : {}), ...(type !== undefined ? { checksumType: type } : {}) };
}

export const createMultipartUpload: Handler = async (req, ctx) => {
  const { bucket, key } = requireObject(req);
  const meta = parseObjectMetadata(req.headers);
  const checksum = parseMultipartChecksum(req.headers);
  // Object Lock headers, else the bucket default (its retain-until date counts from now).
  const objectLock = newVersionLock(req.headers, await bucketWriteSettings(ctx.objects, bucket), new Date());
  const encryption = await writeEncryption(req, ctx.encryptionConfigs, bucket);
  const acl = await newObjectAcl(req, ctx, bucket);
  const upload = await ctx.objects.createMultipartUpload({
    bucket,
    key,
    contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE,
    userMetadata: meta.userMetadata,
    systemMetadata: withObjectAcl(meta.systemMetadata, acl),
    storageClass: meta.storageClass ?? 'STANDARD',
    ...(objectLock !== undefined ? { objectLock } : {}),
    ...checksum,
    ...(encryption !== undefined ? { encryption } : {}),
  }, callerContext(req));
  const headers: Record<string, string> = { 'content-type': 'application/xml', ...sseResponseHeaders(upload.encryption) };
  if (upload.checksumAlgorithm !== undefined) headers['x-amz-checksum-algorithm'] = upload.checksumAlgorithm;
  if (upload.checksumType !== undefined) headers['x-amz-checksum-type'] = upload.checksumType;
  return {
    status: 200,
    headers,
    body: initiateMultipartUploadResultXml({ bucket: upload.bucket, key: upload.key, uploadId: upload.uploadId }),
  };
};
