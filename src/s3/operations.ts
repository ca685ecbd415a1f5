/**
 * The single source of truth for S3 operations: the `S3Operation` union (exact AWS names)
 * and, per operation, the IAM action the pipeline authorizes, the resource kind the router
 * resolves, and how the request body is consumed.
 *
 * IAM actions follow the AWS "Actions, resources, and condition keys for Amazon S3" table:
 * HeadObject needs s3:GetObject, HeadBucket / ListObjects(V2) need s3:ListBucket, every
 * multipart write step needs s3:PutObject, DeleteObjects needs s3:DeleteObject, and the
 * Delete* of a bucket sub-resource mostly needs the matching Put* action.
 */

export type ResourceKind = 'service' | 'bucket' | 'object';

/**
 * - none:   the operation takes no body (any body sent is drained by the pipeline).
 * - stream: the body is streamed to the object layer (PutObject, UploadPart).
 * - xml:    an XML document read fully, at most maxBytes (MaxMessageLengthExceeded beyond).
 * - json:   a JSON document (bucket policy), at most maxBytes.
 */
export type BodyMode =
  | { readonly mode: 'none' }
  | { readonly mode: 'stream' }
  | { readonly mode: 'xml'; readonly maxBytes: number }
  | { readonly mode: 'json'; readonly maxBytes: number };

export interface OpMeta {
  readonly action: `s3:${string}`;
  readonly resource: ResourceKind;
  readonly body: BodyMode;
}

const NONE: BodyMode = { mode: 'none' };
const STREAM: BodyMode = { mode: 'stream' };
const KiB = 1024;
const MiB = 1024 * KiB;
/** Default cap of a configuration document (AWS: most bucket configs are far below 1 MiB). */
const XML_CONFIG: BodyMode = { mode: 'xml', maxBytes: 1 * MiB };
/** 10,000 parts with ETags and checksums stay below 4 MiB. */
const XML_COMPLETE: BodyMode = { mode: 'xml', maxBytes: 4 * MiB };
/** 1,000 keys of up to 1,024 bytes, entity-escaped. */
const XML_DELETE: BodyMode = { mode: 'xml', maxBytes: 8 * MiB };
/** AWS caps bucket policies at 20 KiB. */
const JSON_POLICY: BodyMode = { mode: 'json', maxBytes: 20 * KiB };

const svc = (action: OpMeta['action']): OpMeta => ({ action, resource: 'service', body: NONE });
const bkt = (action: OpMeta['action'], body: BodyMode = NONE): OpMeta => ({ action, resource: 'bucket', body });
const obj = (action: OpMeta['action'], body: BodyMode = NONE): OpMeta => ({ action, resource: 'object', body });

export const OPERATIONS = {
  // ---- service ----
  ListBuckets: svc('s3:ListAllMyBuckets'),

  // ---- bucket ----
  CreateBucket: bkt('s3:CreateBucket', XML_CONFIG),
  HeadBucket: bkt('s3:ListBucket'),
  DeleteBucket: bkt('s3:DeleteBucket'),
  GetBucketLocation: bkt('s3:GetBucketLocation'),
  GetBucketVersioning: bkt('s3:GetBucketVersioning'),
  PutBucketVersioning: bkt('s3:PutBucketVersioning', XML_CONFIG),
  ListObjects: bkt('s3:ListBucket'),
  ListObjectsV2: bkt('s3:ListBucket'),
  ListObjectVersions: bkt('s3:ListBucketVersions'),
  ListMultipartUploads: bkt('s3:ListBucketMultipartUploads'),
  DeleteObjects: bkt('s3:DeleteObject', XML_DELETE),
  PostObject: bkt('s3:PutObject', STREAM),

  GetBucketAcl: bkt('s3:GetBucketAcl'),
  PutBucketAcl: bkt('s3:PutBucketAcl', XML_CONFIG),
  GetBucketPolicy: bkt('s3:GetBucketPolicy'),
  PutBucketPolicy: bkt('s3:PutBucketPolicy', JSON_POLICY),
  DeleteBucketPolicy: bkt('s3:DeleteBucketPolicy'),
  GetBucketPolicyStatus: bkt('s3:GetBucketPolicyStatus'),
  GetBucketCors: bkt('s3:GetBucketCORS'),
  PutBucketCors: bkt('s3:PutBucketCORS', XML_CONFIG),
  DeleteBucketCors: bkt('s3:PutBucketCORS'),
  GetBucketLifecycleConfiguration: bkt('s3:GetLifecycleConfiguration'),
  PutBucketLifecycleConfiguration: bkt('s3:PutLifecycleConfiguration', XML_CONFIG),
  DeleteBucketLifecycle: bkt('s3:PutLifecycleConfiguration'),
  GetBucketEncryption: bkt('s3:GetEncryptionConfiguration'),
  PutBucketEncryption: bkt('s3:PutEncryptionConfiguration', XML_CONFIG),
  DeleteBucketEncryption: bkt('s3:PutEncryptionConfiguration'),
  GetObjectLockConfiguration: bkt('s3:GetBucketObjectLockConfiguration'),
  PutObjectLockConfiguration: bkt('s3:PutBucketObjectLockConfiguration', XML_CONFIG),
  GetBucketWebsite: bkt('s3:GetBucketWebsite'),
  PutBucketWebsite: bkt('s3:PutBucketWebsite', XML_CONFIG),
  DeleteBucketWebsite: bkt('s3:DeleteBucketWebsite'),
  GetBucketLogging: bkt('s3:GetBucketLogging'),
  PutBucketLogging: bkt('s3:PutBucketLogging', XML_CONFIG),
  GetBucketNotificationConfiguration: bkt('s3:GetBucketNotification'),
  /** MinIO's extension (GET /bucket?events=...: a stream of event records); not an AWS operation. */
  ListenBucketNotification: bkt('s3:ListenBucketNotification'),
  PutBucketNotificationConfiguration: bkt('s3:PutBucketNotification', XML_CONFIG),
  GetBucketReplication: bkt('s3:GetReplicationConfiguration'),
  PutBucketReplication: bkt('s3:PutReplicationConfiguration', XML_CONFIG),
  DeleteBucketReplication: bkt('s3:PutReplicationConfiguration'),
  GetBucketTagging: bkt('s3:GetBucketTagging'),
  PutBucketTagging: bkt('s3:PutBucketTagging', XML_CONFIG),
  DeleteBucketTagging: bkt('s3:PutBucketTagging'),
  GetBucketRequestPayment: bkt('s3:GetBucketRequestPayment'),
  PutBucketRequestPayment: bkt('s3:PutBucketRequestPayment', XML_CONFIG),
  GetBucketAccelerateConfiguration: bkt('s3:GetAccelerateConfiguration'),
  PutBucketAccelerateConfiguration: bkt('s3:PutAccelerateConfiguration', XML_CONFIG),
  GetBucketOwnershipControls: bkt('s3:GetBucketOwnershipControls'),
  PutBucketOwnershipControls: bkt('s3:PutBucketOwnershipControls', XML_CONFIG),
  DeleteBucketOwnershipControls: bkt('s3:PutBucketOwnershipControls'),
  GetPublicAccessBlock: bkt('s3:GetBucketPublicAccessBlock'),
  PutPublicAccessBlock: bkt('s3:PutBucketPublicAccessBlock', XML_CONFIG),
  DeletePublicAccessBlock: bkt('s3:PutBucketPublicAccessBlock'),
  GetBucketAnalyticsConfiguration: bkt('s3:GetAnalyticsConfiguration'),
  PutBucketAnalyticsConfiguration: bkt('s3:PutAnalyticsConfiguration', XML_CONFIG),
  DeleteBucketAnalyticsConfiguration: bkt('s3:PutAnalyticsConfiguration'),
  ListBucketAnalyticsConfigurations: bkt('s3:GetAnalyticsConfiguration'),
  GetBucketInventoryConfiguration: bkt('s3:GetInventoryConfiguration'),
  PutBucketInventoryConfiguration: bkt('s3:PutInventoryConfiguration', XML_CONFIG),
  DeleteBucketInventoryConfiguration: bkt('s3:PutInventoryConfiguration'),
  ListBucketInventoryConfigurations: bkt('s3:GetInventoryConfiguration'),
  GetBucketMetricsConfiguration: bkt('s3:GetMetricsConfiguration'),
  PutBucketMetricsConfiguration: bkt('s3:PutMetricsConfiguration', XML_CONFIG),
  DeleteBucketMetricsConfiguration: bkt('s3:PutMetricsConfiguration'),
  ListBucketMetricsConfigurations: bkt('s3:GetMetricsConfiguration'),
  GetBucketIntelligentTieringConfiguration: bkt('s3:GetIntelligentTieringConfiguration'),
  PutBucketIntelligentTieringConfiguration: bkt('s3:PutIntelligentTieringConfiguration', XML_CONFIG),
  DeleteBucketIntelligentTieringConfiguration: bkt('s3:PutIntelligentTieringConfiguration'),
  ListBucketIntelligentTieringConfigurations: bkt('s3:GetIntelligentTieringConfiguration'),

  // ---- object ----
  PutObject: obj('s3:PutObject', STREAM),
  GetObject: obj('s3:GetObject'),
  HeadObject: obj('s3:GetObject'),
  DeleteObject: obj('s3:DeleteObject'),
  CopyObject: obj('s3:PutObject'),
  GetObjectAttributes: obj('s3:GetObjectAttributes'),
  CreateMultipartUpload: obj('s3:PutObject'),
  UploadPart: obj('s3:PutObject', STREAM),
  UploadPartCopy: obj('s3:PutObject'),
  ListParts: obj('s3:ListMultipartUploadParts'),
  CompleteMultipartUpload: obj('s3:PutObject', XML_COMPLETE),
  AbortMultipartUpload: obj('s3:AbortMultipartUpload'),
  GetObjectAcl: obj('s3:GetObjectAcl'),
  PutObjectAcl: obj('s3:PutObjectAcl', XML_CONFIG),
  GetObjectTagging: obj('s3:GetObjectTagging'),
  PutObjectTagging: obj('s3:PutObjectTagging', XML_CONFIG),
  DeleteObjectTagging: obj('s3:DeleteObjectTagging'),
  GetObjectRetention: obj('s3:GetObjectRetention'),
  PutObjectRetention: obj('s3:PutObjectRetention', XML_CONFIG),
  GetObjectLegalHold: obj('s3:GetObjectLegalHold'),
  PutObjectLegalHold: obj('s3:PutObjectLegalHold', XML_CONFIG),
  RestoreObject: obj('s3:RestoreObject', XML_CONFIG),
  SelectObjectContent: obj('s3:GetObject', XML_CONFIG),
  GetObjectTorrent: obj('s3:GetObjectTorrent'),
} as const satisfies Record<string, OpMeta>;

export type S3Operation = keyof typeof OPERATIONS;

export const ALL_OPERATIONS = Object.keys(OPERATIONS) as readonly S3Operation[];

export function isS3Operation(name: string): name is S3Operation {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

export function opMeta(op: S3Operation): OpMeta {
  return OPERATIONS[op];
}
