/** InitiateMultipartUploadResult of CreateMultipartUpload: Bucket, Key, UploadId. */
import { toXml } from '../build-xml.js';

export function initiateMultipartUploadResultXml(r: { bucket: string; key: string; uploadId: string }): string {
  return toXml('InitiateMultipartUploadResult', { Bucket: r.bucket, Key: r.key, UploadId: r.uploadId });
}
