/**
 * S3 bucket naming rules (general purpose buckets), per
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html:
 * 3-63 chars of lowercase letters, digits, '.' and '-'; begins and ends with a letter or
 * digit; no two adjacent periods (nor '.-' / '-.'); not formatted as an IPv4 address; not
 * prefixed 'xn--', 'sthree-', 'amzn-s3-demo-'; not suffixed '-s3alias', '--ol-s3', '.mrap',
 * '--x-s3', '--table-s3'.
 */
import { InvalidBucketNameError } from '../errors/domain-errors.js';

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const BAD_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BAD_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function isValidBucketName(name: string): boolean {
  if (typeof name !== 'string' || !SHAPE.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (IPV4.test(name)) return false;
  if (BAD_PREFIXES.some((p) => name.startsWith(p))) return false;
  if (BAD_SUFFIXES.some((s) => name.endsWith(s))) return false;
  return true;
}

export function validateBucketName(name: string): void {
  if (!isValidBucketName(name)) throw new InvalidBucketNameError(String(name));
}
