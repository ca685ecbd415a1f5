/**
 * ListVersionsResult of ListObjectVersions, element order as AWS sends it:
 * Name, Prefix, KeyMarker, VersionIdMarker, NextKeyMarker, NextVersionIdMarker, MaxKeys,
 * Delimiter, IsTruncated, (Version | DeleteMarker)* interleaved in listing order,
 * CommonPrefixes*, EncodingType.
 * Version: Key, VersionId, IsLatest, LastModified, ETag, ChecksumAlgorithm, ChecksumType, Size, StorageClass, Owner.
 * DeleteMarker: Key, VersionId, IsLatest, LastModified, Owner.
 */
import type { ObjectInfo } from '../../../object/object-layer.js';
import { toXml, type XmlObject } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
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

function versionEntry(v: ObjectInfo, enc: EncodingType, owner: Owner): [string, XmlObject] {
  const ownerXml = { ID: owner.ID, DisplayName: owner.DisplayName };
  if (v.isDeleteMarker) {
    return ['DeleteMarker', {
      Key: encodeName(v.key, enc),
      VersionId: v.versionId,
      IsLatest: v.isLatest,
      LastModified: v.lastModified,
      Owner: ownerXml,
    }];
  }
  return ['Version', {
    Key: encodeName(v.key, enc),
    VersionId: v.versionId,
    IsLatest: v.isLatest,
    LastModified: v.lastModified,
    ETag: `"${v.etag}"`,
    ChecksumAlgorithm: v.checksum?.algorithm,
    ChecksumType: v.checksum?.type,
    Size: v.size,
    StorageClass: v.storageClass,
    Owner: ownerXml,
  }];
}

/**
 * The builder writes one element per object property, so interleaving Version and
 * DeleteMarker in order is done by rendering each entry as its own fragment.
 */
export function listObjectVersionsXml(r: ListObjectVersionsOutput): string {
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
  const entries = r.versions.map((v) => {
    const [name, body] = versionEntry(v, enc, r.owner);
    return toXml(name, body, { namespace: false, declaration: false });
  });
  const tail = toXml('T', {
    CommonPrefixes: r.commonPrefixes.map((p) => ({ Prefix: encodeName(p, enc) })),
    EncodingType: enc,
  }, { namespace: false, declaration: false });
  const close = '</ListVersionsResult>';
  return head.slice(0, -close.length) + entries.join('') + tail.slice('<T>'.length, -'</T>'.length) + close;
}
