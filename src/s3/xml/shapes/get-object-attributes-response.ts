/**
 * GetObjectAttributesResponse with only the requested attributes, in AWS order:
 * ETag (unquoted, as AWS returns it here), Checksum, ObjectParts, StorageClass, ObjectSize.
 * ObjectParts: IsTruncated, MaxParts, NextPartNumberMarker, PartNumberMarker, Part*, PartsCount.
 */
import type { ObjectInfo } from '../../../object/object-layer.js';
import { toXml, type XmlObject } from '../build-xml.js';
import { checksumElements } from './checksum-elements.js';

export type ObjectAttribute = 'ETag' | 'Checksum' | 'ObjectParts' | 'StorageClass' | 'ObjectSize';
export const OBJECT_ATTRIBUTES: readonly ObjectAttribute[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];

export interface GetObjectAttributesOutput {
  readonly info: ObjectInfo;
  readonly attributes: ReadonlySet<ObjectAttribute>;
  readonly maxParts: number;
  readonly partNumberMarker: number;
}

function objectParts(info: ObjectInfo, maxParts: number, marker: number): XmlObject | undefined {
  if (info.parts === undefined) return undefined;
  const after = info.parts.filter((p) => p.number > marker);
  const page = after.slice(0, maxParts);
  const isTruncated = after.length > page.length;
  return {
    IsTruncated: isTruncated,
    MaxParts: maxParts,
    NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.number : marker,
    PartNumberMarker: marker,
    Part: page.map((p) => ({ PartNumber: p.number, Size: p.size, ...checksumElements(p.checksum) })),
    PartsCount: info.parts.length,
  };
}

export function getObjectAttributesXml(r: GetObjectAttributesOutput): string {
  const { info, attributes: a } = r;
  return toXml('GetObjectAttributesResponse', {
    ETag: a.has('ETag') ? info.etag : undefined,
    Checksum: a.has('Checksum') && info.checksum !== undefined ? checksumElements(info.checksum, true) : undefined,
    ObjectParts: a.has('ObjectParts') ? objectParts(info, r.maxParts, r.partNumberMarker) : undefined,
    StorageClass: a.has('StorageClass') ? info.storageClass : undefined,
    ObjectSize: a.has('ObjectSize') ? info.size : undefined,
  });
}
