/**
 * Put/Get/DeletePublicAccessBlock on a bucket (Amazon S3 API Reference): the four Block Public
 * Access flags, stored as the `public-access-block` document (common/public-access-block.ts,
 * which says what each flag does; the authorizer and the ACL / policy writers enforce them).
 * - Put: a PublicAccessBlockConfiguration body (a flag left out is false); 200, empty body.
 * - Get: the flags, or 404 NoSuchPublicAccessBlockConfiguration when none are set.
 * - Delete: removes them; 204.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { readDocument } from '../../xml/read-body.js';
import { callerContext } from '../common/op-context.js';
import {
  decodePublicAccessBlock, encodePublicAccessBlock, parsePublicAccessBlock, PUBLIC_ACCESS_BLOCK_CONFIG, publicAccessBlockXml,
} from '../common/public-access-block.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const putPublicAccessBlock: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const body = await readDocument(req);
  if (body.length === 0) throw new S3Error('MissingRequestBodyError');
  const pab = parsePublicAccessBlock(body);
  await ctx.objects.putBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG, value: encodePublicAccessBlock(pab) }, op);
  return { status: 200, headers: { 'content-length': '0' } };
};

export const getPublicAccessBlock: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const pab = decodePublicAccessBlock(await ctx.objects.getBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG }, callerContext(req)));
  if (pab === undefined) throw new S3Error('NoSuchPublicAccessBlockConfiguration', { extra: { BucketName: bucket } });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: publicAccessBlockXml(pab) };
};

export const deletePublicAccessBlock: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  await ctx.objects.putBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG, value: undefined }, callerContext(req));
  return { status: 204 };
};
