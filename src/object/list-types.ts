/**
 * The listing requests and results of the ObjectLayer contract (object-layer.ts re-exports
 * them; the surfaces import them from there).
 */
import type { BucketAddress, ObjectInfo } from './object-layer.js';

export interface ListObjectsRequest extends BucketAddress {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Exclusive: list keys strictly after this (marker / start-after / continuation). */
  readonly after?: string;
  readonly maxKeys: number;
}

/** What every bucket listing's result carries besides its entries. */
export interface BucketListing {
  /** The bucket's owning account id, from the bucket record the listing reads anyway (absent
   *  for buckets made before accounts: the cluster account). Listings name it as Owner. */
  readonly bucketOwner?: string;
}

export interface ListObjectsResult extends BucketListing {
  readonly objects: ObjectInfo[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  /** Last key or common prefix returned; resume after it. */
  readonly nextMarker?: string;
}

export interface ListObjectVersionsRequest extends BucketAddress {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly keyMarker?: string;
  readonly versionIdMarker?: string;
  readonly maxKeys: number;
}

export interface ListVersionsResult extends BucketListing {
  /** Versions and delete markers, newest first within a key. */
  readonly versions: ObjectInfo[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}
