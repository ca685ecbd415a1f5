/**
 * Metadata keys (per drive; ordered by UTF-8 bytes):
 *   b/<bucket>                bucket record           every drive of the deployment
 *   c/<bucket>/<name>         bucket config document  every drive of the deployment
 *   o/<bucket>/<key>          object record (all versions of the key)  drives of the key's set
 *   d/<dataId>                data-dir reverse index  drives of the set, same txn as the record
 *   u/<bucket>/...            pending multipart uploads (multipart/ owns the rest of the key)
 * Bucket names hold no '/', so `o/<bucket>/` is an unambiguous prefix and a range scan over
 * `o/<bucket>/<prefix>` is a listing.
 */
export const bucketKey = (bucket: string): string => `b/${bucket}`;
export const bucketConfigKey = (bucket: string, name: string): string => `c/${bucket}/${name}`;
export const bucketConfigPrefix = (bucket: string): string => `c/${bucket}/`;
export const objectPrefix = (bucket: string): string => `o/${bucket}/`;
export const objectKey = (bucket: string, key: string): string => `o/${bucket}/${key}`;
export const dataIndexKey = (dataId: string): string => `d/${dataId}`;
export const uploadPrefix = (bucket: string): string => `u/${bucket}/`;
export const BUCKET_KEY_PREFIX = 'b/';

/** Key order helpers live in util/ (domain-free); re-exported for the object layer's callers. */
export { compareUtf8, prefixSuccessor } from '../util/utf8-order.js';
