/**
 * AWS general purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
 * 3-63 characters of lower-case letters, digits, dots and hyphens; first and last a letter or
 * digit; no two adjacent dots; not shaped like an IPv4 address; none of the reserved prefixes
 * and suffixes.
 *
 * Every request that names a bucket (path, Host header or x-amz-copy-source) is checked here
 * (requireValidBucketName): a name that breaks the rules is 400 InvalidBucketName, as AWS
 * answers. That is also what keeps the system bucket `.cairn.sys` out of S3's reach.
 */
import { S3Error } from '../../../errors/s3-error.js';

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** undefined when valid, else the reason. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Bucket name must be between 3 and 63 characters long.';
  if (!SHAPE.test(name)) return 'Bucket name can contain only lower-case letters, numbers, dots and hyphens, and must begin and end with a letter or number.';
  if (name.includes('..')) return 'Bucket name must not contain two adjacent periods.';
  if (name.includes('.-') || name.includes('-.')) return 'Bucket name must not contain a period next to a hyphen.';
  if (IPV4.test(name)) return 'Bucket name must not be formatted as an IP address.';
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return 'Bucket name must not start with a reserved prefix.';
  if (RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return 'Bucket name must not end with a reserved suffix.';
  return undefined;
}

export function isValidBucketName(name: string): boolean {
  return bucketNameProblem(name) === undefined;
}

/** Names found valid lately: a request for a bucket in use skips the rules (at most VALID_KEPT, then forgotten). */
const validSeen = new Set<string>();
const VALID_KEPT = 4096;

/** Throws 400 InvalidBucketName (naming the bucket) unless `name` follows the AWS rules. */
export function requireValidBucketName(name: string): void {
  if (validSeen.has(name)) return;
  const problem = bucketNameProblem(name);
  if (problem === undefined) {
    if (validSeen.size >= VALID_KEPT) validSeen.clear();
    validSeen.add(name);
    return;
  }
  throw new S3Error('InvalidBucketName', { message: problem, extra: { BucketName: name } });
}
