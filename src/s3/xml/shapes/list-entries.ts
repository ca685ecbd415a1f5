/**
 * The repeated elements of the listing results (Contents, Version, DeleteMarker, Upload,
 * CommonPrefixes), each rendered as one string and written into the page's bytes (XmlBytes).
 * A 1,000-entry page through the generic builder (build-xml.ts: an object per entry, a name
 * check and a part per element) cost ~6 ms of CPU; these write the same bytes
 * (list-entries.test.ts compares them with the builder's output) in ~1 ms. Text goes through escapeXml like every
 * builder value; element names are literals. Pure.
 */
import type { MultipartUploadInfo, ObjectInfo } from '../../../object/object-layer.js';
import { escapeXml } from '../escape.js';
import { isoTime } from '../iso-time.js';
import { XmlBytes } from '../xml-bytes.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import type { Owner } from './owner.js';

/** Bytes per entry the document buffer is sized for (a Contents with Owner is ~320 B; an Upload adds its Initiator to that). */
export const ENTRY_BYTES_HINT = 384;

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
  return `<Contents>${keyXml(o.key, enc)}<LastModified>${isoTime(o.lastModified)}</LastModified>${etagXml(o.etag)}`
    + `${checksumXml(o)}<Size>${o.size}</Size><StorageClass>${escapeXml(o.storageClass)}</StorageClass>${ownerElement}</Contents>`;
}

/** One `<Version>` or `<DeleteMarker>` of ListObjectVersions. */
export function versionXml(v: ObjectInfo, enc: EncodingType, ownerElement: string): string {
  const head = `${keyXml(v.key, enc)}<VersionId>${escapeXml(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest>`
    + `<LastModified>${isoTime(v.lastModified)}</LastModified>`;
  if (v.isDeleteMarker) return `<DeleteMarker>${head}${ownerElement}</DeleteMarker>`;
  return `<Version>${head}${etagXml(v.etag)}${checksumXml(v)}<Size>${v.size}</Size>`
    + `<StorageClass>${escapeXml(v.storageClass)}</StorageClass>${ownerElement}</Version>`;
}

/** One `<Upload>` of ListMultipartUploads; `initiator` and `ownerElement` from ownerXml. */
export function uploadXml(u: MultipartUploadInfo, enc: EncodingType, initiator: string, ownerElement: string): string {
  const checksum = (u.checksumAlgorithm !== undefined ? `<ChecksumAlgorithm>${escapeXml(u.checksumAlgorithm)}</ChecksumAlgorithm>` : '')
    + (u.checksumType !== undefined ? `<ChecksumType>${escapeXml(u.checksumType)}</ChecksumType>` : '');
  return `<Upload>${keyXml(u.key, enc)}<UploadId>${escapeXml(u.uploadId)}</UploadId>${initiator}${ownerElement}`
    + `<StorageClass>${escapeXml(u.storageClass)}</StorageClass><Initiated>${isoTime(u.initiated)}</Initiated>${checksum}</Upload>`;
}

/** Every `<CommonPrefixes>` element, in order. */
export function appendCommonPrefixes(out: XmlBytes, prefixes: readonly string[], enc: EncodingType): void {
  for (const p of prefixes) out.append(`<CommonPrefixes><Prefix>${escapeXml(encodeName(p, enc))}</Prefix></CommonPrefixes>`);
}

/** The closing `<EncodingType>` element ('' when the request asked for none). */
export function encodingTypeXml(enc: EncodingType): string {
  return enc === undefined ? '' : `<EncodingType>${escapeXml(enc)}</EncodingType>`;
}

/**
 * A listing document as UTF-8 bytes: `head` from the builder (its root element closed by
 * `</root>`), then what `entries` appends (`count` entries of about `entryBytes` each: sizes
 * the buffer, so that a page is written without growing it), then the close.
 */
export function listingDocument(head: string, root: string, entries: (out: XmlBytes) => void, count = 0, entryBytes = ENTRY_BYTES_HINT): Buffer {
  const close = `</${root}>`;
  const out = new XmlBytes(head.length + entryBytes * count);
  out.append(head.slice(0, head.length - close.length));
  entries(out);
  out.append(close);
  return out.bytes();
}
