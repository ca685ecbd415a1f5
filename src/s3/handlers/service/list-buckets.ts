/**
 * ListBuckets: GET / → ListAllMyBucketsResult, sorted by name: the buckets of the caller's
 * account only (a bucket without a recorded owner belongs to the cluster account).
 * Pagination and filters as AWS added them in 2024: `max-buckets` (1..10000),
 * `continuation-token` (opaque: here the base64url of the last name returned), `prefix`,
 * `bucket-region`. The response echoes Prefix and carries ContinuationToken only when more
 * buckets follow.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../../xml/build-xml.js';
import type { Handler } from '../handler.js';
import { CLUSTER_ACCOUNT_ID } from '../../../iam/caller.js';
import { callerContext } from '../common/op-context.js';
import { callerAccountId, callerOwner } from '../common/owner.js';

const MAX_BUCKETS = 10_000;

function parseMaxBuckets(value: string | null): number {
  if (value === null) return MAX_BUCKETS;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > MAX_BUCKETS) {
    throw new S3Error('InvalidArgument', {
      message: `max-buckets must be an integer between 1 and ${MAX_BUCKETS}.`,
      extra: { ArgumentName: 'max-buckets', ArgumentValue: value },
    });
  }
  return Number(value);
}

function decodeToken(token: string | null): string | undefined {
  if (token === null) return undefined;
  const name = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (name.length === 0 || Buffer.from(name, 'utf8').toString('base64url') !== token) {
    throw new S3Error('InvalidArgument', {
      message: 'The continuation token provided is incorrect.',
      extra: { ArgumentName: 'continuation-token', ArgumentValue: token },
    });
  }
  return name;
}

export const listBuckets: Handler = async (req, ctx) => {
  const max = parseMaxBuckets(req.query.get('max-buckets'));
  const after = decodeToken(req.query.get('continuation-token'));
  const prefix = req.query.get('prefix') ?? '';
  const region = req.query.get('bucket-region');
  const account = callerAccountId(req);
  const all = (await ctx.objects.listBuckets({}, callerContext(req)))
    .filter((b) => (b.owner ?? CLUSTER_ACCOUNT_ID) === account)
    .filter((b) => b.name.startsWith(prefix) && (after === undefined || b.name > after))
    .filter((b) => region === null || (b.region || ctx.region) === region)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  const body = toXml('ListAllMyBucketsResult', {
    Owner: { ...callerOwner(req) },
    Buckets: { Bucket: page.map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region || ctx.region })) },
    ContinuationToken: truncated && last ? Buffer.from(last.name, 'utf8').toString('base64url') : undefined,
    Prefix: req.query.has('prefix') ? prefix : undefined,
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
};
