/**
 * CompleteMultipartUpload request document and CompleteMultipartUploadResult.
 *
 * Request: <CompleteMultipartUpload><Part><PartNumber/><ETag/><Checksum<alg>/>?</Part>+
 * Anything else (wrong root, a Part without PartNumber or ETag, a part number outside
 * 1..10000, no Part at all, more than 10,000) is MalformedXML as in AWS. Part order and
 * existence are checked by the object layer (InvalidPartOrder / InvalidPart).
 */
import type { CompletePart, StoredChecksum } from '../../../object/object-layer.js';
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../build-xml.js';
import { childText, expectRoot, type XmlElement } from '../parse-xml.js';
import { checksumElements } from './checksum-elements.js';

export const MAX_PARTS = 10_000;
const CHECKSUM_ELEMENTS = ['ChecksumCRC32', 'ChecksumCRC32C', 'ChecksumCRC64NVME', 'ChecksumSHA1', 'ChecksumSHA256'];

function malformed(detail: string): S3Error {
  return new S3Error('MalformedXML', { cause: new Error(detail) });
}

/** `"abc"` -> `abc` (clients send the ETag with or without quotes). */
function unquote(etag: string): string {
  const t = etag.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

export function parseCompleteMultipartUpload(doc: XmlElement | undefined): CompletePart[] {
  if (doc === undefined) throw malformed('empty body');
  expectRoot(doc, 'CompleteMultipartUpload');
  const parts: CompletePart[] = [];
  for (const el of doc.children) {
    if (el.name !== 'Part') throw malformed(`unexpected element <${el.name}>`);
    if (parts.length >= MAX_PARTS) throw malformed('too many parts');
    const numberText = childText(el, 'PartNumber')?.trim();
    const etag = childText(el, 'ETag');
    if (numberText === undefined || etag === undefined) throw malformed('Part needs PartNumber and ETag');
    const partNumber = /^\d{1,5}$/.test(numberText) ? Number(numberText) : NaN;
    if (!(partNumber >= 1 && partNumber <= MAX_PARTS)) throw malformed(`invalid PartNumber ${numberText}`);
    const checksumEl = el.children.find((c) => CHECKSUM_ELEMENTS.includes(c.name));
    const part: { partNumber: number; etag: string; checksum?: string } = { partNumber, etag: unquote(etag) };
    if (checksumEl !== undefined) part.checksum = checksumEl.text.trim();
    parts.push(part);
  }
  if (parts.length === 0) throw malformed('no Part');
  return parts;
}

export interface CompleteMultipartUploadOutput {
  readonly location: string;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly checksum?: StoredChecksum;
}

export function completeMultipartUploadResultXml(r: CompleteMultipartUploadOutput): string {
  return toXml('CompleteMultipartUploadResult', {
    Location: r.location,
    Bucket: r.bucket,
    Key: r.key,
    ETag: `"${r.etag}"`,
    ...checksumElements(r.checksum, true),
  });
}
