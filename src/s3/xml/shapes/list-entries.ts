/**
 * The repeated elements of the listing results (Contents, Version, DeleteMarker, Upload,
 * CommonPrefixes), rendered in one pass of string concatenation. A 1,000-entry page through
 * the generic builder (build-xml.ts: an object per entry, a name check and a part per
 * element) cost ~6 ms of CPU; these write the same bytes (list-entries.test.ts compares them
 * with the builder's output) at a fraction of that. Text goes through escapeXml like every
 * builder value; element names are literals. Pure.
 */
import type { MultipartUploadInfo, ObjectInfo } from '../../../object/object-layer.js';
import { escapeXml } from '../escape.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import type { Owner } from './owner.js';

/** `<Owner>` (or another element name) of `owner`; '' without an owner. */
export function ownerXml(owner: Owner | undefined, name = 'Owner'): string {
  if (owner === undefined) return '';
  return `<${name}><ID>${escapeXml(owner.ID)}</ID><DisplayName>${escapeXml(owner.DisplayName)}</DisplayName></${name}>`;
}

function checksumXml(o: Pick<ObjectInfo, 'checksum'>): string {
  const c = o.checksum;
  if (c === undefined) return '';
  return `<ChecksumAlgorithm>${escapeXml(c.algorithm)}</ChecksumAlgorithm><ChecksumType>${escapeXml(c.type)}</ChecksumType>`;
}

const keyXml = (key: string, enc: EncodingType): string => `<Key>${escapeXml(encodeName(key, enc))}</Key>`;
const etagXml = (etag: string): string => `<ETag>&quot;${escapeXml(etag)}&quot;</ETag>`;

/** One `<Contents>` of ListObjects / ListObjectsV2; `ownerElement` from ownerXml (or ''). */
export function contentsXml(o: ObjectInfo, enc: EncodingType, ownerElement: string): string {
  return `<Contents>${keyXml(o.key, enc)}<LastModified>${o.lastModified.toISOString()}</LastModified>${etagXml(o.etag)}`
    + `${checksumXml(o)}<Size>${o.size}</Size><StorageClass>${escapeXml(o.storageClass)}</StorageClass>${ownerElement}</Contents>`;
}

/** One `<Version>` or `<DeleteMarker>` of ListObjectVersions. */
export function versionXml(v: ObjectInfo, enc: EncodingType, ownerElement: string): string {
  const head = `${keyXml(v.key, enc)}<VersionId>${escapeXml(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest>`
    + `<LastModified>${v.lastModified.toISOString()}</LastModified>`;
  if (v.isDeleteMarker) return `<DeleteMarker>${head}${ownerElement}</DeleteMarker>`;
  return `<Version>${head}${etagXml(v.etag)}${checksumXml(v)}<Size>${v.size}</Size>`
    + `<StorageClass>${escapeXml(v.storageClass)}</StorageClass>${ownerElement}</Version>`;
}

/** One `<Upload>` of ListMultipartUploads; `initiator` and `ownerElement` from ownerXml. */
export function uploadXml(u: MultipartUploadInfo, enc: EncodingType, initiator: string, ownerElement: string): string {
  const checksum = (u.checksumAlgorithm !== undefined ? `<ChecksumAlgorithm>${escapeXml(u.checksumAlgorithm)}</ChecksumAlgorithm>` : '')
    + (u.checksumType !== undefined ? `<ChecksumType>${escapeXml(u.checksumType)}</ChecksumType>` : '');
  return `<Upload>${keyXml(u.key, enc)}<UploadId>${escapeXml(u.uploadId)}</UploadId>${initiator}${ownerElement}`
    + `<StorageClass>${escapeXml(u.storageClass)}</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated>${checksum}</Upload>`;
}

/** Every `<CommonPrefixes>` element, in order. */
export function commonPrefixesXml(prefixes: readonly string[], enc: EncodingType): string {
  let out = '';
  for (const p of prefixes) out += `<CommonPrefixes><Prefix>${escapeXml(encodeName(p, enc))}</Prefix></CommonPrefixes>`;
  return out;
}

/** The closing `<EncodingType>` element ('' when the request asked for none). */
export function encodingTypeXml(enc: EncodingType): string {
  return enc === undefined ? '' : `<EncodingType>${escapeXml(enc)}</EncodingType>`;
}

/**
 * A document whose head fields came from the builder (`head`, closed by `</root>`) with the
 * entries rendered here inserted before the close.
 */
export function spliceBeforeClose(head: string, root: string, body: string): string {
  const close = `</${root}>`;
  return head.slice(0, head.length - close.length) + body + close;
}
