/**
 * Every S3 operation mapped to its handler. Typed as Record<S3Operation, Handler>, so an
 * operation added to operations.ts without a handler is a compile error. Operations Cairn
 * routes but does not implement yet map to `notImplemented` (501 NotImplemented); reads and
 * deletes of bucket settings Cairn cannot configure answer AWS's "not configured" responses
 * (bucket/unconfigured-bucket-settings.ts, bucket/unconfigured-bucket-configurations.ts), and a
 * Put of such a setting's default state is accepted (bucket/default-state-puts.ts).
 */
import type { S3Operation } from '../operations.js';
import type { Handler } from './handler.js';
import { notImplemented } from './not-implemented.js';
import { getObjectTorrent } from './object/get-object-torrent.js';
import { getBucketAcl } from './acl/get-bucket-acl.js';
import { getObjectAcl } from './acl/get-object-acl.js';
import { putBucketAcl, putObjectAcl } from './acl/put-acl.js';
import { createBucket } from './bucket/create-bucket.js';
import { deleteBucketLifecycle } from './bucket/delete-bucket-lifecycle.js';
import { deleteBucketCors } from './bucket/delete-bucket-cors.js';
import { getBucketCors } from './bucket/get-bucket-cors.js';
import { putBucketCors } from './bucket/put-bucket-cors.js';
import { deleteBucket } from './bucket/delete-bucket.js';
import { getBucketLifecycleConfiguration } from './bucket/get-bucket-lifecycle-configuration.js';
import { getBucketLocation } from './bucket/get-bucket-location.js';
import { putBucketLogging, putBucketNotificationConfiguration, putBucketRequestPayment } from './bucket/default-state-puts.js';
import { deleteBucketTagging } from './bucket/delete-bucket-tagging.js';
import { getBucketTagging } from './bucket/get-bucket-tagging.js';
import { putBucketTagging } from './bucket/put-bucket-tagging.js';
import { getBucketVersioning } from './bucket/get-bucket-versioning.js';
import { getObjectLockConfiguration } from './bucket/get-object-lock-configuration.js';
import { putObjectLockConfiguration } from './bucket/put-object-lock-configuration.js';
import { headBucket } from './bucket/head-bucket.js';
import { deleteBucketPolicy } from './bucket/delete-bucket-policy.js';
import { getBucketPolicy } from './bucket/get-bucket-policy.js';
import { getBucketPolicyStatus } from './bucket/get-bucket-policy-status.js';
import { putBucketPolicy } from './bucket/put-bucket-policy.js';
import { putBucketLifecycleConfiguration } from './bucket/put-bucket-lifecycle-configuration.js';
import { putBucketVersioning } from './bucket/put-bucket-versioning.js';
import { deleteBucketEncryption } from './bucket/delete-bucket-encryption.js';
import { getBucketEncryption } from './bucket/get-bucket-encryption.js';
import { putBucketEncryption } from './bucket/put-bucket-encryption.js';
import {
  deleteBucketReplication, deleteBucketWebsite,
  getBucketAccelerateConfiguration, getBucketLogging,
  getBucketNotificationConfiguration, getBucketReplication,
  getBucketRequestPayment, getBucketWebsite,
} from './bucket/unconfigured-bucket-settings.js';
import { deleteBucketOwnershipControls, getBucketOwnershipControls, putBucketOwnershipControls } from './bucket/bucket-ownership-controls.js';
import { deletePublicAccessBlock, getPublicAccessBlock, putPublicAccessBlock } from './bucket/public-access-block.js';
import {
  deleteBucketAnalyticsConfiguration, deleteBucketIntelligentTieringConfiguration, deleteBucketInventoryConfiguration,
  deleteBucketMetricsConfiguration, getBucketAnalyticsConfiguration, getBucketIntelligentTieringConfiguration,
  getBucketInventoryConfiguration, getBucketMetricsConfiguration, listBucketAnalyticsConfigurations,
  listBucketIntelligentTieringConfigurations, listBucketInventoryConfigurations, listBucketMetricsConfigurations,
} from './bucket/unconfigured-bucket-configurations.js';
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
import { getObjectLegalHold } from './object/get-object-legal-hold.js';
import { getObjectRetention } from './object/get-object-retention.js';
import { getObjectTagging } from './object/get-object-tagging.js';
import { getObject } from './object/get-object.js';
import { headObject } from './object/head-object.js';
import { putObjectLegalHold } from './object/put-object-legal-hold.js';
import { putObjectRetention } from './object/put-object-retention.js';
import { putObjectTagging } from './object/put-object-tagging.js';
import { postObject } from './object/post-object.js';
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
  PostObject: postObject,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketPolicyStatus: getBucketPolicyStatus,
  GetBucketCors: getBucketCors,
  PutBucketCors: putBucketCors,
  DeleteBucketCors: deleteBucketCors,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
  GetBucketEncryption: getBucketEncryption,
  PutBucketEncryption: putBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  GetObjectLockConfiguration: getObjectLockConfiguration,
  PutObjectLockConfiguration: putObjectLockConfiguration,
  GetBucketWebsite: getBucketWebsite,
  PutBucketWebsite: notImplemented,
  DeleteBucketWebsite: deleteBucketWebsite,
  GetBucketLogging: getBucketLogging,
  PutBucketLogging: putBucketLogging,
  GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
  PutBucketNotificationConfiguration: putBucketNotificationConfiguration,
  ListenBucketNotification: notImplemented,
  GetBucketReplication: getBucketReplication,
  PutBucketReplication: notImplemented,
  DeleteBucketReplication: deleteBucketReplication,
  GetBucketTagging: getBucketTagging,
  PutBucketTagging: putBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
  GetBucketRequestPayment: getBucketRequestPayment,
  PutBucketRequestPayment: putBucketRequestPayment,
  GetBucketAccelerateConfiguration: getBucketAccelerateConfiguration,
  PutBucketAccelerateConfiguration: notImplemented,
  GetBucketOwnershipControls: getBucketOwnershipControls,
  PutBucketOwnershipControls: putBucketOwnershipControls,
  DeleteBucketOwnershipControls: deleteBucketOwnershipControls,
  GetPublicAccessBlock: getPublicAccessBlock,
  PutPublicAccessBlock: putPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
  GetBucketAnalyticsConfiguration: getBucketAnalyticsConfiguration,
  PutBucketAnalyticsConfiguration: notImplemented,
  DeleteBucketAnalyticsConfiguration: deleteBucketAnalyticsConfiguration,
  ListBucketAnalyticsConfigurations: listBucketAnalyticsConfigurations,
  GetBucketInventoryConfiguration: getBucketInventoryConfiguration,
  PutBucketInventoryConfiguration: notImplemented,
  DeleteBucketInventoryConfiguration: deleteBucketInventoryConfiguration,
  ListBucketInventoryConfigurations: listBucketInventoryConfigurations,
  GetBucketMetricsConfiguration: getBucketMetricsConfiguration,
  PutBucketMetricsConfiguration: notImplemented,
  DeleteBucketMetricsConfiguration: deleteBucketMetricsConfiguration,
  ListBucketMetricsConfigurations: listBucketMetricsConfigurations,
  GetBucketIntelligentTieringConfiguration: getBucketIntelligentTieringConfiguration,
  PutBucketIntelligentTieringConfiguration: notImplemented,
  DeleteBucketIntelligentTieringConfiguration: deleteBucketIntelligentTieringConfiguration,
  ListBucketIntelligentTieringConfigurations: listBucketIntelligentTieringConfigurations,

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
  PutObjectAcl: putObjectAcl,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetObjectRetention: getObjectRetention,
  PutObjectRetention: putObjectRetention,
  GetObjectLegalHold: getObjectLegalHold,
  PutObjectLegalHold: putObjectLegalHold,
  RestoreObject: notImplemented,
  SelectObjectContent: notImplemented,
  GetObjectTorrent: getObjectTorrent,
};
