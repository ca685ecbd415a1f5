/**
 * Small records kept next to object records in each drive's metadata store:
 *  - `b/<bucket>`        BucketRecord (kind 'B', on every drive of the deployment)
 *  - `c/<bucket>/<name>` BucketConfigRecord (kind 'C', on every drive): the document bytes
 *                        and the mtime that lets quorum reads pick the newest copy
 *  - `d/<dataId>`        DataIndexRecord (kind 'D', on each drive of the set): written in the
 *                        same metaUpdate as the object record that references data dir
 *                        `data/<ab>/<dataId>`, deleted in the same metaUpdate that drops the
 *                        last reference. A data dir without a `d/` entry (older than a grace
 *                        period) is an orphan the sweeper may remove.
 */
import { asBuf, asInt, asObj, asOptStr, asStr, frameRecord, unframeRecord } from './record-codec.js';

export const BUCKET_RECORD_VERSION = 1;
export const BUCKET_CONFIG_RECORD_VERSION = 1;
export const DATA_INDEX_RECORD_VERSION = 1;

export interface BucketRecord {
  readonly name: string;
  /** ms since the epoch. */
  readonly created: number;
  readonly region: string;
  /** The owning account's id (12 digits); absent on buckets created before accounts existed. */
  readonly owner?: string;
}

export interface BucketConfigRecord {
  readonly mtime: number;
  readonly value: Buffer;
}

export interface DataIndexRecord {
  readonly bucket: string;
  readonly key: string;
  readonly writeId: string;
}

export function encodeBucketRecord(r: BucketRecord): Buffer {
  return frameRecord('B', BUCKET_RECORD_VERSION, { name: r.name, created: r.created, region: r.region, ...(r.owner !== undefined ? { owner: r.owner } : {}) });
}
export function decodeBucketRecord(buf: Buffer): BucketRecord {
  const o = asObj(unframeRecord('B', buf, BUCKET_RECORD_VERSION).payload, 'bucket record');
  const owner = asOptStr(o.owner, 'owner');
  return { name: asStr(o.name, 'name'), created: asInt(o.created, 'created'), region: asStr(o.region, 'region'), ...(owner !== undefined ? { owner } : {}) };
}

export function encodeBucketConfigRecord(r: BucketConfigRecord): Buffer {
  return frameRecord('C', BUCKET_CONFIG_RECORD_VERSION, { mtime: r.mtime, value: r.value });
}
export function decodeBucketConfigRecord(buf: Buffer): BucketConfigRecord {
  const o = asObj(unframeRecord('C', buf, BUCKET_CONFIG_RECORD_VERSION).payload, 'bucket config record');
  return { mtime: asInt(o.mtime, 'mtime'), value: asBuf(o.value, 'value') };
}

export function encodeDataIndexRecord(r: DataIndexRecord): Buffer {
  return frameRecord('D', DATA_INDEX_RECORD_VERSION, { bucket: r.bucket, key: r.key, writeId: r.writeId });
}
export function decodeDataIndexRecord(buf: Buffer): DataIndexRecord {
  const o = asObj(unframeRecord('D', buf, DATA_INDEX_RECORD_VERSION).payload, 'data index record');
  return { bucket: asStr(o.bucket, 'bucket'), key: asStr(o.key, 'key'), writeId: asStr(o.writeId, 'writeId') };
}
