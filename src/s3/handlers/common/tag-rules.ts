/**
 * The tag rules AWS applies to object tags and bucket tags alike, and their errors.
 *
 * - Object tags (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html):
 *   at most 10 per object; more is 400 **BadRequest** "Object tags cannot be greater than 10", the
 *   code AWS answers (quoted with AWS request ids in boto/boto3#1213 and elsewhere; MinIO alike;
 *   ceph's s3-tests expect RGW's InvalidTag).
 * - Bucket tags (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html): at most 50;
 *   more is 400 InvalidTag "Bucket tag count cannot be greater than 50".
 * - Both (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): keys 1..128 and
 *   values 0..256 characters counted in UTF-16 code units ("Amazon S3 object tags are
 *   internally represented in UTF-16"); letters, digits, white space and `_ . : / = + - @`
 *   only; a key may not start with the reserved `aws:` prefix; keys are unique. Each is
 *   400 InvalidTag with the message AWS sends and the offending TagKey / TagValue.
 */
import { S3Error } from '../../../errors/s3-error.js';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface TagLimits {
  readonly maxTags: number;
  /** The code and message AWS sends when there are more than maxTags. */
  readonly tooManyCode: 'BadRequest' | 'InvalidTag';
  readonly tooManyMessage: string;
}

export const OBJECT_TAG_LIMITS: TagLimits = { maxTags: 10, tooManyCode: 'BadRequest', tooManyMessage: 'Object tags cannot be greater than 10' };
export const BUCKET_TAG_LIMITS: TagLimits = { maxTags: 50, tooManyCode: 'InvalidTag', tooManyMessage: 'Bucket tag count cannot be greater than 50' };

const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u; // the pattern of the AWS tagging APIs
const RESERVED_PREFIX = 'aws:';

function invalidKey(key: string): S3Error {
  return new S3Error('InvalidTag', { message: 'The TagKey you have provided is invalid', extra: { TagKey: key } });
}

function invalidValue(t: Tag): S3Error {
  return new S3Error('InvalidTag', { message: 'The TagValue you have provided is invalid', extra: { TagKey: t.key, TagValue: t.value } });
}

/** Throws the AWS error for the first rule `tags` breaks; returns them unchanged when valid. */
export function checkTagRules(tags: readonly Tag[], limits: TagLimits): readonly Tag[] {
  if (tags.length > limits.maxTags) throw new S3Error(limits.tooManyCode, { message: limits.tooManyMessage });
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.key.length < 1 || t.key.length > MAX_KEY_LENGTH || !ALLOWED.test(t.key)) throw invalidKey(t.key);
    if (t.key.toLowerCase().startsWith(RESERVED_PREFIX)) {
      throw new S3Error('InvalidTag', { message: 'Your TagKey cannot be prefixed with aws:', extra: { TagKey: t.key } });
    }
    if (t.value.length > MAX_VALUE_LENGTH || !ALLOWED.test(t.value)) throw invalidValue(t);
    if (seen.has(t.key)) throw new S3Error('InvalidTag', { message: 'Cannot provide multiple Tags with the same key', extra: { TagKey: t.key } });
    seen.add(t.key);
  }
  return tags;
}
