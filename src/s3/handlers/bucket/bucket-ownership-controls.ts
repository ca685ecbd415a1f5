/**
 * Put/Get/DeleteBucketOwnershipControls (Amazon S3 API Reference): the bucket's Object
 * Ownership, stored as the `ownership` document (common/ownership-controls.ts).
 * - Put: an OwnershipControls body with one Rule (MalformedXML otherwise). Switching to
 *   BucketOwnerEnforced while the bucket's ACL grants anyone but the owner is refused with
 *   InvalidBucketAclWithObjectOwnership, as on AWS. 200, empty body.
 * - Get: the setting, or 404 OwnershipControlsNotFoundError when none is set.
 * - Delete: removes it (the bucket then behaves as ObjectWriter); 204.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../../xml/build-xml.js';
import { readDocument } from '../../xml/read-body.js';
import { ACL_CONFIG, decodeAcl, isOwnerOnlyAcl } from '../common/acl-model.js';
import { callerContext } from '../common/op-context.js';
import { decodeOwnership, OWNERSHIP_CONFIG, parseOwnershipControls } from '../common/ownership-controls.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putBucketOwnershipControls: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const body = await readDocument(req);
  if (body.length === 0) throw new S3Error('MissingRequestBodyError');
  const ownership = parseOwnershipControls(body);
  if (ownership === 'BucketOwnerEnforced') {
    const acl = decodeAcl((await ctx.objects.getBucketConfig({ bucket, name: ACL_CONFIG }))?.toString('utf8'));
    if (acl !== undefined && !isOwnerOnlyAcl(acl, [acl.owner])) throw new S3Error('InvalidBucketAclWithObjectOwnership');
  }
  await ctx.objects.putBucketConfig({ bucket, name: OWNERSHIP_CONFIG, value: Buffer.from(ownership, 'utf8') }, op);
  return { status: 200, headers: { 'content-length': '0' } };
};

export const getBucketOwnershipControls: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const ownership = decodeOwnership(await ctx.objects.getBucketConfig({ bucket, name: OWNERSHIP_CONFIG }, callerContext(req)));
  if (ownership === undefined) throw new S3Error('OwnershipControlsNotFoundError', { extra: { BucketName: bucket } });
  const body = toXml('OwnershipControls', { Rule: { ObjectOwnership: ownership } });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};

export const deleteBucketOwnershipControls: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.putBucketConfig({ bucket, name: OWNERSHIP_CONFIG, value: undefined }, callerContext(req));
  return { status: 204 };
};
