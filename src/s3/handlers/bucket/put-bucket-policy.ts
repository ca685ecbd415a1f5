/**
 * PutBucketPolicy: PUT /bucket?policy with the policy JSON as the body. Validated by the policy
 * engine (MalformedPolicy 400 with AWS's message naming what is wrong, 20 KiB at most), then
 * stored as the `policy` bucket config document, byte for byte. 204 No Content, as AWS answers.
 * A public policy (iam/policy/policy-status.ts) is refused with 403 AccessDenied while the
 * bucket's BlockPublicPolicy is on.
 */
import { buffer } from 'node:stream/consumers';
import { MalformedPolicyError } from '../../../errors/domain-errors.js';
import { S3Error } from '../../../errors/s3-error.js';
import { isPublicPolicy } from '../../../iam/policy/index.js';
import { bucketPublicAccessBlock } from '../common/public-acl-guard.js';
import { compileBucketPolicy, POLICY_CONFIG } from '../common/bucket-policy.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putBucketPolicy: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const body = await buffer(req.body);
  if (body.length === 0) throw new MalformedPolicyError("Policies must be valid JSON and the first byte must be '{'");
  const compiled = compileBucketPolicy(body.toString('utf8'), bucket);
  // BlockPublicAccess: a public policy is refused while BlockPublicPolicy is on.
  if (isPublicPolicy(compiled) && (await bucketPublicAccessBlock(ctx, bucket))?.BlockPublicPolicy === true) {
    throw new S3Error('AccessDenied', {
      message: `s3:PutBucketPolicy on resource "arn:aws:s3:::${bucket}" is refused because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    });
  }
  await ctx.objects.putBucketConfig({ bucket, name: POLICY_CONFIG, value: body }, op);
  return { status: 204 };
};
