/**
 * Every S3 operation mapped to its handler. Typed as Record<S3Operation, Handler>, so an
 * operation added to operations.ts without a handler is a compile error. Operations Cairn
 * routes but does not implement yet map to `notImplemented` (501 NotImplemented).
 */
import type { S3Operation } from '../operations.js';
import type { Handler } from './handler.js';
import { notImplemented } from './not-implemented.js';
import { getBucketAcl } from './acl/get-bucket-acl.js';
import { getObjectAcl } from './acl/get-object-acl.js';
import { createBucket } from './bucket/create-bucket.js';
import { deleteBucket } from './bucket/delete-bucket.js';
import { getBucketLocation } from './bucket/get-bucket-location.js';
import { getBucketVersioning } from './bucket/get-bucket-versioning.js';
import { headBucket } from './bucket/head-bucket.js';
import { putBucketVersioning } from './bucket/put-bucket-versioning.js';
import { listObjectVersions } from './list/list-object-versions.js';
import { listObjectsV2 } from './list/list-objects-v2.js';
import { listObjects } from './list/list-objects.js';
import { abortMultipartUpload } from './multipart/abort-multipart-upload.js';
import { completeMultipartUpload } from './multipart/complete-multipart-upload.js';
import { createMultipartUpload } from './multipart/create-multipart-upload.js';
import { listMultipartUploads } from './multipart/list-multipart-uploads.js';
import { listParts } from './multipart/list-parts.js';
import { uploadPartCopy } from './multipart/upload-part-copy.js';
import { uploadPart } from './multipart/upload-part.js';
import { copyObject } from './object/copy-object.js';
import { deleteObject } from './object/delete-object.js';
import { deleteObjectTagging } from './object/delete-object-tagging.js';
import { deleteObjects } from './object/delete-objects.js';
import { getObjectAttributes } from './object/get-object-attributes.js';
import { getObjectTagging } from './object/get-object-tagging.js';
import { getObject } from './object/get-object.js';
import { headObject } from './object/head-object.js';
import { putObjectTagging } from './object/put-object-tagging.js';
import { putObject } from './object/put-object.js';
import { listBuckets } from './service/list-buckets.js';

export const HANDLERS: Readonly<Record<S3Operation, Handler>> = {
  // service
  ListBuckets: listBuckets,

  // bucket
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PostObject: notImplemented,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: notImplemented,
  GetBucketPolicy: notImplemented,
  PutBucketPolicy: notImplemented,
  DeleteBucketPolicy: notImplemented,
  GetBucketPolicyStatus: notImplemented,
  GetBucketCors: notImplemented,
  PutBucketCors: notImplemented,
  DeleteBucketCors: notImplemented,
  GetBucketLifecycleConfiguration: notImplemented,
  PutBucketLifecycleConfiguration: notImplemented,
  DeleteBucketLifecycle: notImplemented,
  GetBucketEncryption: notImplemented,
  PutBucketEncryption: notImplemented,
  DeleteBucketEncryption: notImplemented,
  GetObjectLockConfiguration: notImplemented,
  PutObjectLockConfiguration: notImplemented,
  GetBucketWebsite: notImplemented,
  PutBucketWebsite: notImplemented,
  DeleteBucketWebsite: notImplemented,
  GetBucketLogging: notImplemented,
  PutBucketLogging: notImplemented,
  GetBucketNotificationConfiguration: notImplemented,
  PutBucketNotificationConfiguration: notImplemented,
  GetBucketReplication: notImplemented,
  PutBucketReplication: notImplemented,
  DeleteBucketReplication: notImplemented,
  GetBucketTagging: notImplemented,
  PutBucketTagging: notImplemented,
  DeleteBucketTagging: notImplemented,
  GetBucketRequestPayment: notImplemented,
  PutBucketRequestPayment: notImplemented,
  GetBucketAccelerateConfiguration: notImplemented,
  PutBucketAccelerateConfiguration: notImplemented,
  GetBucketOwnershipControls: notImplemented,
  PutBucketOwnershipControls: notImplemented,
  DeleteBucketOwnershipControls: notImplemented,
  GetPublicAccessBlock: notImplemented,
  PutPublicAccessBlock: notImplemented,
  DeletePublicAccessBlock: notImplemented,
  GetBucketAnalyticsConfiguration: notImplemented,
  PutBucketAnalyticsConfiguration: notImplemented,
  DeleteBucketAnalyticsConfiguration: notImplemented,
  ListBucketAnalyticsConfigurations: notImplemented,
  GetBucketInventoryConfiguration: notImplemented,
  PutBucketInventoryConfiguration: notImplemented,
  DeleteBucketInventoryConfiguration: notImplemented,
  ListBucketInventoryConfigurations: notImplemented,
  GetBucketMetricsConfiguration: notImplemented,
  PutBucketMetricsConfiguration: notImplemented,
  DeleteBucketMetricsConfiguration: notImplemented,
  ListBucketMetricsConfigurations: notImplemented,
  GetBucketIntelligentTieringConfiguration: notImplemented,
  PutBucketIntelligentTieringConfiguration: notImplemented,
  DeleteBucketIntelligentTieringConfiguration: notImplemented,
  ListBucketIntelligentTieringConfigurations: notImplemented,

  // object
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CopyObject: copyObject,
  GetObjectAttributes: getObjectAttributes,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: notImplemented,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetObjectRetention: notImplemented,
  PutObjectRetention: notImplemented,
  GetObjectLegalHold: notImplemented,
  PutObjectLegalHold: notImplemented,
  RestoreObject: notImplemented,
  SelectObjectContent: notImplemented,
  GetObjectTorrent: notImplemented,
};
