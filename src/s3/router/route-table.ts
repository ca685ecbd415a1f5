/**
 * The routing data: (method, resource kind, query keywords, query values, header) → operation.
 * Matching is order-independent: every rule whose conditions all hold is a candidate and the
 * most specific one (most conditions) wins; two equally specific candidates are a conflict.
 * Query keywords are S3 sub-resources (`?versioning`, `?uploads`, `?uploadId=...`).
 */
import type { ResourceKind, S3Operation } from '../operations.js';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

export interface RouteRule {
  readonly method: HttpMethod;
  readonly target: ResourceKind;
  /** Query parameters that must be present (any value). */
  readonly query?: readonly string[];
  /** Query parameters that must have exactly this value. */
  readonly queryValue?: Readonly<Record<string, string>>;
  /** A request header that must be present (lower-case). */
  readonly header?: string;
  readonly op: S3Operation;
}

type Sub = readonly [query: string | readonly string[], op: S3Operation];

function expand(method: HttpMethod, target: ResourceKind, subs: readonly Sub[]): RouteRule[] {
  return subs.map(([q, op]) => ({ method, target, query: typeof q === 'string' ? [q] : q, op }));
}

const COPY = 'x-amz-copy-source';

export const ROUTE_RULES: readonly RouteRule[] = [
  // ---- service ----
  { method: 'GET', target: 'service', op: 'ListBuckets' },

  // ---- bucket ----
  { method: 'GET', target: 'bucket', op: 'ListObjects' },
  { method: 'GET', target: 'bucket', queryValue: { 'list-type': '2' }, op: 'ListObjectsV2' },
  ...expand('GET', 'bucket', [
    ['versions', 'ListObjectVersions'],
    ['uploads', 'ListMultipartUploads'],
    ['location', 'GetBucketLocation'],
    ['versioning', 'GetBucketVersioning'],
    ['acl', 'GetBucketAcl'],
    ['policy', 'GetBucketPolicy'],
    ['policyStatus', 'GetBucketPolicyStatus'],
    ['cors', 'GetBucketCors'],
    ['lifecycle', 'GetBucketLifecycleConfiguration'],
    ['encryption', 'GetBucketEncryption'],
    ['object-lock', 'GetObjectLockConfiguration'],
    ['website', 'GetBucketWebsite'],
    ['logging', 'GetBucketLogging'],
    ['notification', 'GetBucketNotificationConfiguration'],
    // MinIO's ListenBucketNotification (mc event listen, minio-js listenBucketNotification): 501,
    // not the object listing an AWS-style router would fall back to, which those clients cannot parse.
    ['events', 'ListenBucketNotification'],
    ['replication', 'GetBucketReplication'],
    ['tagging', 'GetBucketTagging'],
    ['requestPayment', 'GetBucketRequestPayment'],
    ['accelerate', 'GetBucketAccelerateConfiguration'],
    ['ownershipControls', 'GetBucketOwnershipControls'],
    ['publicAccessBlock', 'GetPublicAccessBlock'],
    ['analytics', 'ListBucketAnalyticsConfigurations'],
    [['analytics', 'id'], 'GetBucketAnalyticsConfiguration'],
    ['inventory', 'ListBucketInventoryConfigurations'],
    [['inventory', 'id'], 'GetBucketInventoryConfiguration'],
    ['metrics', 'ListBucketMetricsConfigurations'],
    [['metrics', 'id'], 'GetBucketMetricsConfiguration'],
    ['intelligent-tiering', 'ListBucketIntelligentTieringConfigurations'],
    [['intelligent-tiering', 'id'], 'GetBucketIntelligentTieringConfiguration'],
  ]),
  { method: 'HEAD', target: 'bucket', op: 'HeadBucket' },
  { method: 'PUT', target: 'bucket', op: 'CreateBucket' },
  ...expand('PUT', 'bucket', [
    ['versioning', 'PutBucketVersioning'],
    ['acl', 'PutBucketAcl'],
    ['policy', 'PutBucketPolicy'],
    ['cors', 'PutBucketCors'],
    ['lifecycle', 'PutBucketLifecycleConfiguration'],
    ['encryption', 'PutBucketEncryption'],
    ['object-lock', 'PutObjectLockConfiguration'],
    ['website', 'PutBucketWebsite'],
    ['logging', 'PutBucketLogging'],
    ['notification', 'PutBucketNotificationConfiguration'],
    ['replication', 'PutBucketReplication'],
    ['tagging', 'PutBucketTagging'],
    ['requestPayment', 'PutBucketRequestPayment'],
    ['accelerate', 'PutBucketAccelerateConfiguration'],
    ['ownershipControls', 'PutBucketOwnershipControls'],
    ['publicAccessBlock', 'PutPublicAccessBlock'],
    [['analytics', 'id'], 'PutBucketAnalyticsConfiguration'],
    [['inventory', 'id'], 'PutBucketInventoryConfiguration'],
    [['metrics', 'id'], 'PutBucketMetricsConfiguration'],
    [['intelligent-tiering', 'id'], 'PutBucketIntelligentTieringConfiguration'],
  ]),
  { method: 'DELETE', target: 'bucket', op: 'DeleteBucket' },
  ...expand('DELETE', 'bucket', [
    ['policy', 'DeleteBucketPolicy'],
    ['cors', 'DeleteBucketCors'],
    ['lifecycle', 'DeleteBucketLifecycle'],
    ['encryption', 'DeleteBucketEncryption'],
    ['website', 'DeleteBucketWebsite'],
    ['replication', 'DeleteBucketReplication'],
    ['tagging', 'DeleteBucketTagging'],
    ['ownershipControls', 'DeleteBucketOwnershipControls'],
    ['publicAccessBlock', 'DeletePublicAccessBlock'],
    [['analytics', 'id'], 'DeleteBucketAnalyticsConfiguration'],
    [['inventory', 'id'], 'DeleteBucketInventoryConfiguration'],
    [['metrics', 'id'], 'DeleteBucketMetricsConfiguration'],
    [['intelligent-tiering', 'id'], 'DeleteBucketIntelligentTieringConfiguration'],
  ]),
  { method: 'POST', target: 'bucket', op: 'PostObject' },
  { method: 'POST', target: 'bucket', query: ['delete'], op: 'DeleteObjects' },

  // ---- object ----
  { method: 'GET', target: 'object', op: 'GetObject' },
  ...expand('GET', 'object', [
    ['uploadId', 'ListParts'],
    ['acl', 'GetObjectAcl'],
    ['tagging', 'GetObjectTagging'],
    ['retention', 'GetObjectRetention'],
    ['legal-hold', 'GetObjectLegalHold'],
    ['attributes', 'GetObjectAttributes'],
    ['torrent', 'GetObjectTorrent'],
  ]),
  { method: 'HEAD', target: 'object', op: 'HeadObject' },
  { method: 'PUT', target: 'object', op: 'PutObject' },
  { method: 'PUT', target: 'object', header: COPY, op: 'CopyObject' },
  { method: 'PUT', target: 'object', query: ['partNumber', 'uploadId'], op: 'UploadPart' },
  { method: 'PUT', target: 'object', query: ['partNumber', 'uploadId'], header: COPY, op: 'UploadPartCopy' },
  ...expand('PUT', 'object', [
    ['acl', 'PutObjectAcl'],
    ['tagging', 'PutObjectTagging'],
    ['retention', 'PutObjectRetention'],
    ['legal-hold', 'PutObjectLegalHold'],
  ]),
  { method: 'DELETE', target: 'object', op: 'DeleteObject' },
  ...expand('DELETE', 'object', [
    ['uploadId', 'AbortMultipartUpload'],
    ['tagging', 'DeleteObjectTagging'],
  ]),
  ...expand('POST', 'object', [
    ['uploads', 'CreateMultipartUpload'],
    ['uploadId', 'CompleteMultipartUpload'],
    ['restore', 'RestoreObject'],
  ]),
  { method: 'POST', target: 'object', query: ['select'], queryValue: { 'select-type': '2' }, op: 'SelectObjectContent' },
];
