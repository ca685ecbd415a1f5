/**
 * CreateBucket: PUT /bucket [CreateBucketConfiguration].
 * - Name checked against the AWS rules (InvalidBucketName).
 * - LocationConstraint, when given, must be this deployment's region
 *   (IllegalLocationConstraintException otherwise); absent means the deployment's region.
 * - The bucket is owned by the caller's account (recorded in the bucket record).
 * - Existing bucket: owned by another account -> 409 BucketAlreadyExists; owned by the
 *   caller's account -> AWS us-east-1 semantics: a deployment whose region is us-east-1
 *   answers 200 OK, as AWS does there "for legacy compatibility" (s3-tests
 *   test_bucket_create_exists accepts both); any other region answers 409
 *   BucketAlreadyOwnedByYou as every other AWS region (and MinIO, always) does.
 * - `x-amz-bucket-object-lock-enabled: true` creates the bucket with Object Lock enabled and
 *   versioning Enabled (for good: it can not be suspended), no default retention (AWS
 *   CreateBucket, ObjectLockEnabledForBucket).
 * - `x-amz-object-ownership` picks the Object Ownership (default BucketOwnerEnforced, stored
 *   as the `ownership` document). Under BucketOwnerEnforced only the `private` /
 *   `bucket-owner-full-control` canned ACLs are accepted (InvalidBucketAclWithObjectOwnership);
 *   otherwise the canned ACL or grant headers become the bucket's ACL (`acl` document).
 * - Block Public Access starts on (all four settings, the `public-access-block` document), as
 *   on AWS since April 2023, unless CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK=off; a public
 *   ACL asked for then is refused with 400 InvalidBucketAclWithBlockPublicAccessError.
 */
import { BucketExistsError } from '../../../errors/domain-errors.js';
import { CLUSTER_ACCOUNT_ID } from '../../../iam/caller.js';
import { S3Error } from '../../../errors/s3-error.js';
import { childText, expectRoot } from '../../xml/parse-xml.js';
import { readXmlBody } from '../../xml/read-body.js';
import type { Handler, HandlerContext, S3Request } from '../handler.js';
import { ACL_CONFIG, encodeAcl, isOwnerOnlyAcl, isPublicAcl, type StoredAcl } from '../common/acl-model.js';
import { aclFromHeaders } from '../common/acl-request.js';
import { callerContext } from '../common/op-context.js';
import { encodeLockConfig, OBJECT_LOCK_CONFIG } from '../common/object-lock-config.js';
import { encodePublicAccessBlock, PUBLIC_ACCESS_BLOCK_CONFIG } from '../common/public-access-block.js';
import { DEFAULT_OWNERSHIP, OWNERSHIP_CONFIG, ownershipHeader, type ObjectOwnership } from '../common/ownership-controls.js';
import { callerAccountId, callerOwner, granteeResolver } from '../common/owner.js';
import { encodeVersioningDoc, VERSIONING_CONFIG } from '../common/versioning.js';
import { bucketNameProblem } from './bucket-name.js';
import { requireBucket } from './require-bucket.js';

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The AWS region where re-creating an owned bucket is a 200 OK. */
const LEGACY_REGION = 'us-east-1';

function headerText(req: S3Request, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v.trim() : undefined;
}

/** The ACL asked for, checked against the ownership setting. */
function requestedAcl(req: S3Request, ctx: HandlerContext, ownership: ObjectOwnership): StoredAcl | undefined {
  const owner = callerOwner(req).ID;
  const acl = aclFromHeaders(req.headers, owner, owner, granteeResolver(req, ctx));
  if (acl === undefined) return undefined;
  if (ownership === 'BucketOwnerEnforced') {
    if (!isOwnerOnlyAcl(acl, [owner])) throw new S3Error('InvalidBucketAclWithObjectOwnership');
    return undefined;
  }
  return acl;
}

async function alreadyExists(req: S3Request, ctx: HandlerContext, bucket: string): Promise<void> {
  const info = await ctx.objects.headBucket({ bucket });
  if ((info.owner ?? CLUSTER_ACCOUNT_ID) !== callerAccountId(req)) throw new S3Error('BucketAlreadyExists', { extra: { BucketName: bucket } });
  if (ctx.region !== LEGACY_REGION) throw new S3Error('BucketAlreadyOwnedByYou', { extra: { BucketName: bucket } });
}

export const createBucket: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const problem = bucketNameProblem(bucket);
  if (problem) throw new S3Error('InvalidBucketName', { message: problem, extra: { BucketName: bucket } });

  const ownership = ownershipHeader(headerText(req, 'x-amz-object-ownership')) ?? ctx.defaultObjectOwnership ?? DEFAULT_OWNERSHIP;
  const acl = requestedAcl(req, ctx, ownership);
  const blockPublicAccess = ctx.blockPublicAccessOfNewBuckets !== false;
  if (blockPublicAccess && acl !== undefined && isPublicAcl(acl)) throw new S3Error('InvalidBucketAclWithBlockPublicAccessError');
  const lock = headerText(req, 'x-amz-bucket-object-lock-enabled');
  const objectLock = lock !== undefined && lock.toLowerCase() === 'true';

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
    if (!(err instanceof BucketExistsError)) throw err;
    await alreadyExists(req, ctx, bucket);
    return { status: 200, headers: { location: `/${bucket}`, 'content-length': 0 } };
  }
  await ctx.objects.putBucketConfig({ bucket, name: OWNERSHIP_CONFIG, value: Buffer.from(ownership, 'utf8') }, op);
  if (blockPublicAccess) {
    await ctx.objects.putBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG, value: encodePublicAccessBlock(ALL_BLOCKED) }, op);
  }
  if (acl !== undefined) {
    await ctx.objects.putBucketConfig({ bucket, name: ACL_CONFIG, value: Buffer.from(encodeAcl(acl), 'utf8') }, op);
  }
  if (objectLock) {
    await ctx.objects.putBucketConfig({ bucket, name: OBJECT_LOCK_CONFIG, value: encodeLockConfig({}) }, op);
    await ctx.objects.putBucketConfig({ bucket, name: VERSIONING_CONFIG, value: encodeVersioningDoc('Enabled', true) }, op);
  }
  return { status: 200, headers: { location: `/${bucket}`, 'content-length': 0 } };
};
