/**
 * ListVersionsResult of ListObjectVersions, element order as AWS sends it:
 * Name, Prefix, KeyMarker, VersionIdMarker, NextKeyMarker, NextVersionIdMarker, MaxKeys,
 * Delimiter, IsTruncated, (Version | DeleteMarker)* interleaved in listing order,
 * CommonPrefixes*, EncodingType.
 * Version: Key, VersionId, IsLatest, LastModified, ETag, ChecksumAlgorithm, ChecksumType, Size, StorageClass, Owner.
 * DeleteMarker: Key, VersionId, IsLatest, LastModified, Owner.
 */
import type { ObjectInfo } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import { appendCommonPrefixes, encodingTypeXml, listingDocument, ownerXml, versionXml } from './list-entries.js';
import type { Owner } from './owner.js';

export interface ListObjectVersionsOutput {
  readonly name: string;
  readonly prefix: string;
  readonly keyMarker: string;
  readonly versionIdMarker: string;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
  readonly maxKeys: number;
  readonly delimiter?: string;
  readonly isTruncated: boolean;
  readonly versions: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  readonly encodingType: EncodingType;
  readonly owner: Owner;
}

/** Version and DeleteMarker entries interleaved in listing order (list-entries.ts). */
export function listObjectVersionsXml(r: ListObjectVersionsOutput): Buffer {
  const enc = r.encodingType;
  const head = toXml('ListVersionsResult', {
    Name: r.name,
    Prefix: encodeName(r.prefix, enc),
    KeyMarker: encodeName(r.keyMarker, enc),
    VersionIdMarker: r.versionIdMarker,
    NextKeyMarker: encodeName(r.nextKeyMarker, enc),
    NextVersionIdMarker: r.nextVersionIdMarker,
    MaxKeys: r.maxKeys,
    Delimiter: encodeName(r.delimiter, enc),
    IsTruncated: r.isTruncated,
  });
  const ownerElement = ownerXml(r.owner);
  return listingDocument(head, 'ListVersionsResult', (out) => {
    for (const v of r.versions) out.append(versionXml(v, enc, ownerElement));
    appendCommonPrefixes(out, r.commonPrefixes, enc);
    out.append(encodingTypeXml(enc));
  }, r.versions.length + r.commonPrefixes.length);
}
