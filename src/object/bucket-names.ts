/**
 * S3 bucket naming rules (general purpose buckets), per
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html:
 * 3-63 chars of lowercase letters, digits, '.' and '-'; begins and ends with a letter or
 * digit; no two adjacent periods (nor '.-' / '-.'); not formatted as an IPv4 address; not
 * prefixed 'xn--', 'sthree-', 'amzn-s3-demo-'; not suffixed '-s3alias', '--ol-s3', '.mrap',
 * '--x-s3', '--table-s3'.
 *
 * The system bucket `.cairn.sys` (system-store.ts) breaks these rules on purpose (a leading
 * '.'): the object layer accepts it, while no S3 request can address it, because the S3
 * surface refuses every bucket name that breaks them (InvalidBucketName).
 */
import { InvalidBucketNameError } from '../errors/domain-errors.js';

/** The reserved bucket of internal state (credentials, later IAM, KMS, config). */
export const SYSTEM_BUCKET = '.cairn.sys';

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const BAD_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BAD_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** A name S3 clients may use (false for the system bucket). */
export function isValidBucketName(name: string): boolean {
  if (typeof name !== 'string' || !SHAPE.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (IPV4.test(name)) return false;
  if (BAD_PREFIXES.some((p) => name.startsWith(p))) return false;
  if (BAD_SUFFIXES.some((s) => name.endsWith(s))) return false;
  return true;
}

export function isSystemBucket(name: string): boolean {
  return name === SYSTEM_BUCKET;
}

/** A user bucket name or the system bucket; anything else is InvalidBucketNameError. */
export function validateBucketName(name: string): void {
  if (!isValidBucketName(name) && !isSystemBucket(name)) throw new InvalidBucketNameError(String(name));
}
