/**
 * GetBucketVersioning: GET /bucket?versioning →
 * <VersioningConfiguration><Status>Enabled|Suspended</Status></VersioningConfiguration>,
 * with no Status for a bucket that was never versioned (as AWS answers).
 */
import { toXml } from '../../xml/build-xml.js';
import { decodeVersioningDoc, VERSIONING_CONFIG } from '../common/versioning.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketVersioning: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const state = decodeVersioningDoc(await ctx.objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }, op));
  const body = toXml('VersioningConfiguration', state === 'Unversioned' ? {} : { Status: state });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
