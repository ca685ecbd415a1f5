/**
 * CopyObjectResult (CopyObject) and CopyPartResult (UploadPartCopy):
 * ETag (quoted), LastModified, Checksum<alg>.
 */
import type { StoredChecksum } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { checksumElements } from './checksum-elements.js';

export interface CopyResultOutput {
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: StoredChecksum;
}

export function copyObjectResultXml(r: CopyResultOutput): string {
  return toXml('CopyObjectResult', {
    ETag: `"${r.etag}"`,
    LastModified: r.lastModified,
    ...checksumElements(r.checksum, true),
  });
}

export function copyPartResultXml(r: CopyResultOutput): string {
  return toXml('CopyPartResult', {
    ETag: `"${r.etag}"`,
    LastModified: r.lastModified,
    ...checksumElements(r.checksum),
  });
}
