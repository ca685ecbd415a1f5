/**
 * CreateBucket: PUT /bucket [CreateBucketConfiguration].
 * - Name checked against the AWS rules (InvalidBucketName).
 * - LocationConstraint, when given, must be this deployment's region
 *   (IllegalLocationConstraintException otherwise); absent means the deployment's region.
 * - Existing bucket (always owned: one account per deployment): AWS us-east-1 semantics.
 *   A deployment whose region is us-east-1 answers 200 OK, as AWS does there "for legacy
 *   compatibility" (the create is idempotent; s3-tests test_bucket_create_exists accepts
 *   both); any other region answers 409 BucketAlreadyOwnedByYou as every other AWS region
 *   (and MinIO, always) does.
 * - `x-amz-bucket-object-lock-enabled: true` creates the bucket with Object Lock enabled and
 *   versioning Enabled (for good: it can not be suspended), no default retention (AWS
 *   CreateBucket, ObjectLockEnabledForBucket).
 * - As on AWS buckets with BucketOwnerEnforced ownership, only the `private` /
 *   `bucket-owner-full-control` canned ACLs are accepted.
 */
import { BucketExistsError } from '../../../errors/domain-errors.js';
import { S3Error } from '../../../errors/s3-error.js';
import { childText, expectRoot } from '../../xml/parse-xml.js';
import { readXmlBody } from '../../xml/read-body.js';
import type { Handler } from '../handler.js';
import { callerContext } from '../common/op-context.js';
import { encodeLockConfig, OBJECT_LOCK_CONFIG } from '../common/object-lock-config.js';
import { encodeVersioningDoc, VERSIONING_CONFIG } from '../common/versioning.js';
import { bucketNameProblem } from './bucket-name.js';
import { requireBucket } from './require-bucket.js';

/** The AWS region where re-creating an owned bucket is a 200 OK. */
const LEGACY_REGION = 'us-east-1';
const ALLOWED_ACLS = new Set(['private', 'bucket-owner-full-control']);

export const createBucket: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const problem = bucketNameProblem(bucket);
  if (problem) throw new S3Error('InvalidBucketName', { message: problem, extra: { BucketName: bucket } });

  const acl = req.headers['x-amz-acl'];
  if (typeof acl === 'string' && !ALLOWED_ACLS.has(acl)) {
    throw new S3Error('InvalidBucketAclWithObjectOwnership');
  }
  const lock = req.headers['x-amz-bucket-object-lock-enabled'];
  const objectLock = typeof lock === 'string' && lock.trim().toLowerCase() === 'true';

  const doc = await readXmlBody(req);
  let location = '';
  if (doc !== undefined) {
    expectRoot(doc, 'CreateBucketConfiguration');
    location = childText(doc, 'LocationConstraint')?.trim() ?? '';
  }
  if (location !== '' && location !== ctx.region && !(location === 'US' && ctx.region === 'us-east-1')) {
    throw new S3Error('IllegalLocationConstraintException', {
      message: `The ${location} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    });
  }

  const op = callerContext(req);
  try {
    await ctx.objects.makeBucket({ bucket, region: ctx.region }, op);
  } catch (err) {
    if (!(err instanceof BucketExistsError && ctx.region === LEGACY_REGION)) throw err;
    return { status: 200, headers: { location: `/${bucket}`, 'content-length': 0 } };
  }
  if (objectLock) {
    await ctx.objects.putBucketConfig({ bucket, name: OBJECT_LOCK_CONFIG, value: encodeLockConfig({}) }, op);
    await ctx.objects.putBucketConfig({ bucket, name: VERSIONING_CONFIG, value: encodeVersioningDoc('Enabled', true) }, op);
  }
  return { status: 200, headers: { location: `/${bucket}`, 'content-length': 0 } };
};
