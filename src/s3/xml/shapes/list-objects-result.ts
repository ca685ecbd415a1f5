/**
 * ListBucketResult of ListObjects (v1) and ListObjectsV2, element order as AWS sends it:
 * v1: Name, Prefix, Marker, NextMarker, MaxKeys, Delimiter, IsTruncated, Contents*, CommonPrefixes*, EncodingType
 * v2: Name, Prefix, StartAfter, ContinuationToken, NextContinuationToken, KeyCount, MaxKeys,
 *     Delimiter, IsTruncated, Contents*, CommonPrefixes*, EncodingType
 * Contents: Key, LastModified, ETag (quoted), ChecksumAlgorithm, ChecksumType, Size, StorageClass, Owner.
 */
import type { ObjectInfo } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { encodeName, type EncodingType } from './encoding-type.js';
import { appendCommonPrefixes, contentsXml, encodingTypeXml, listingDocument, ownerXml } from './list-entries.js';
import type { Owner } from './owner.js';

/** The document: head, then Contents*, CommonPrefixes*, EncodingType (list-entries.ts). */
function document(head: string, contents: readonly ObjectInfo[], commonPrefixes: readonly string[], enc: EncodingType, owner: Owner | undefined): Buffer {
  const ownerElement = ownerXml(owner);
  return listingDocument(head, 'ListBucketResult', (out) => {
    for (const o of contents) out.append(contentsXml(o, enc, ownerElement));
    appendCommonPrefixes(out, commonPrefixes, enc);
    out.append(encodingTypeXml(enc));
  }, contents.length + commonPrefixes.length);
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

export function listObjectsV1Xml(r: ListObjectsV1Output): Buffer {
  const enc = r.encodingType;
  const head = toXml('ListBucketResult', {
    Name: r.name,
    Prefix: encodeName(r.prefix, enc),
    Marker: encodeName(r.marker, enc),
    NextMarker: encodeName(r.nextMarker, enc),
    MaxKeys: r.maxKeys,
    Delimiter: encodeName(r.delimiter, enc),
    IsTruncated: r.isTruncated,
  });
  return document(head, r.contents, r.commonPrefixes, enc, r.owner);
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

export function listObjectsV2Xml(r: ListObjectsV2Output): Buffer {
  const enc = r.encodingType;
  const head = toXml('ListBucketResult', {
    Name: r.name,
    Prefix: encodeName(r.prefix, enc),
    StartAfter: encodeName(r.startAfter, enc),
    ContinuationToken: r.continuationToken,
    NextContinuationToken: r.nextContinuationToken,
    KeyCount: r.contents.length + r.commonPrefixes.length,
    MaxKeys: r.maxKeys,
    Delimiter: encodeName(r.delimiter, enc),
    IsTruncated: r.isTruncated,
  });
  return document(head, r.contents, r.commonPrefixes, enc, r.owner);
}
