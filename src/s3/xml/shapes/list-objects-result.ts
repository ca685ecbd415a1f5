/**
 * ListBucketResult of ListObjects (v1) and ListObjectsV2, element order as AWS sends it:
 * v1: Name, Prefix, Marker, NextMarker, MaxKeys, Delimiter, IsTruncated, Contents*, CommonPrefixes*, EncodingType
 * v2: Name, Prefix, StartAfter, ContinuationToken, NextContinuationToken, KeyCount, MaxKeys,
 *     Delimiter, IsTruncated, Contents*, CommonPrefixes*, EncodingType
 * Contents: Key, LastModified, ETag (quoted), ChecksumAlgorithm, ChecksumType, Size, StorageClass, Owner.
 */
import type { ObjectInfo } from '../../../object/object-layer.js';
import { toXml, type XmlObject } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import type { Owner } from './owner.js';

export function contentsEntry(o: ObjectInfo, encoding: EncodingType, owner: Owner | undefined): XmlObject {
  return {
    Key: encodeName(o.key, encoding),
    LastModified: o.lastModified,
    ETag: `"${o.etag}"`,
    ChecksumAlgorithm: o.checksum?.algorithm,
    ChecksumType: o.checksum?.type,
    Size: o.size,
    StorageClass: o.storageClass,
    Owner: owner === undefined ? undefined : { ID: owner.ID, DisplayName: owner.DisplayName },
  };
}

function prefixes(commonPrefixes: readonly string[], encoding: EncodingType): XmlObject[] {
  return commonPrefixes.map((p) => ({ Prefix: encodeName(p, encoding) }));
}

export interface ListObjectsV1Output {
  readonly name: string;
  readonly prefix: string;
  readonly marker: string;
  readonly nextMarker?: string;
  readonly maxKeys: number;
  readonly delimiter?: string;
  readonly isTruncated: boolean;
  readonly contents: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  readonly encodingType: EncodingType;
  readonly owner: Owner;
}

export function listObjectsV1Xml(r: ListObjectsV1Output): string {
  const enc = r.encodingType;
  return toXml('ListBucketResult', {
    Name: r.name,
    Prefix: encodeName(r.prefix, enc),
    Marker: encodeName(r.marker, enc),
    NextMarker: encodeName(r.nextMarker, enc),
    MaxKeys: r.maxKeys,
    Delimiter: encodeName(r.delimiter, enc),
    IsTruncated: r.isTruncated,
    Contents: r.contents.map((o) => contentsEntry(o, enc, r.owner)),
    CommonPrefixes: prefixes(r.commonPrefixes, enc),
    EncodingType: enc,
  });
}

export interface ListObjectsV2Output {
  readonly name: string;
  readonly prefix: string;
  readonly startAfter?: string;
  readonly continuationToken?: string;
  readonly nextContinuationToken?: string;
  readonly maxKeys: number;
  readonly delimiter?: string;
  readonly isTruncated: boolean;
  readonly contents: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  readonly encodingType: EncodingType;
  /** Only with fetch-owner=true. */
  readonly owner?: Owner;
}

export function listObjectsV2Xml(r: ListObjectsV2Output): string {
  const enc = r.encodingType;
  return toXml('ListBucketResult', {
    Name: r.name,
    Prefix: encodeName(r.prefix, enc),
    StartAfter: encodeName(r.startAfter, enc),
    ContinuationToken: r.continuationToken,
    NextContinuationToken: r.nextContinuationToken,
    KeyCount: r.contents.length + r.commonPrefixes.length,
    MaxKeys: r.maxKeys,
    Delimiter: encodeName(r.delimiter, enc),
    IsTruncated: r.isTruncated,
    Contents: r.contents.map((o) => contentsEntry(o, enc, r.owner)),
    CommonPrefixes: prefixes(r.commonPrefixes, enc),
    EncodingType: enc,
  });
}
