/**
 * GetBucketVersioning: GET /bucket?versioning →
 * <VersioningConfiguration><Status>Enabled|Suspended</Status></VersioningConfiguration>,
 * with no Status for a bucket that was never versioned (as AWS answers), and MinIO's
 * ExcludedPrefixes / ExcludeFolders when the bucket has them (put-bucket-versioning.ts).
 */
import { toXml } from '../../xml/build-xml.js';
import { decodeBucketVersioning, VERSIONING_CONFIG } from '../common/versioning.js';
import { callerContext } from '../common/op-context.js';
import type { Handler } from '../handler.js';
import { requireBucket } from './require-bucket.js';

export const getBucketVersioning: Handler = async (req, ctx) => {
  const bucket = requireBucket(req);
  const op = callerContext(req);
  await ctx.objects.headBucket({ bucket }, op);
  const v = decodeBucketVersioning(await ctx.objects.getBucketConfig({ bucket, name: VERSIONING_CONFIG }, op));
  const ex = v.exclusions;
  const body = toXml('VersioningConfiguration', v.state === 'Unversioned' ? {} : {
    Status: v.state,
    ...(ex !== undefined && ex.prefixes.length > 0 ? { ExcludedPrefixes: ex.prefixes.map((Prefix) => ({ Prefix })) } : {}),
    ...(ex?.folders === true ? { ExcludeFolders: 'true' } : {}),
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
