/**
 * Object tags (x-amz-tagging on PutObject / CreateMultipartUpload / CopyObject, and the
 * ?tagging sub-resource). Tags are kept with the object version as the system metadata entry
 * `x-amz-tagging`, in the canonical URL-query form `k1=v1&k2=v2` (never sent back as a header:
 * GET/HEAD only report x-amz-tagging-count).
 *
 * The rules (at most 10 tags, lengths, characters, `aws:` prefix, unique keys) and their
 * errors are common/tag-rules.ts's, shared with bucket tagging.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { checkTagRules, OBJECT_TAG_LIMITS, type Tag } from './tag-rules.js';

export const TAGGING_METADATA = 'x-amz-tagging';
export const MAX_OBJECT_TAGS = OBJECT_TAG_LIMITS.maxTags;
export type { Tag };

/** Throws the AWS error (InvalidTag) for an invalid object tag set; returns it unchanged when valid. */
export function validateTags(tags: readonly Tag[]): readonly Tag[] {
  return checkTagRules(tags, OBJECT_TAG_LIMITS);
}

/** `x-amz-tagging: k1=v1&k2=v2` (URL-query encoded) -> validated tags. */
export function parseTaggingHeader(value: string): readonly Tag[] {
  const tags: Tag[] = [];
  for (const [key, v] of new URLSearchParams(value)) tags.push({ key, value: v });
  if (value.trim() !== '' && tags.length === 0) {
    throw new S3Error('InvalidArgument', { message: 'The header x-amz-tagging is not valid.', extra: { ArgumentName: 'x-amz-tagging', ArgumentValue: value } });
  }
  return validateTags(tags);
}

/** Canonical stored form; undefined for no tags (nothing stored). */
export function encodeTags(tags: readonly Tag[]): string | undefined {
  if (tags.length === 0) return undefined;
  const q = new URLSearchParams();
  for (const t of tags) q.append(t.key, t.value);
  return q.toString();
}

/** Tags stored on an object version (its system metadata). */
export function storedTags(systemMetadata: Readonly<Record<string, string>>): readonly Tag[] {
  const raw = systemMetadata[TAGGING_METADATA];
  if (raw === undefined || raw === '') return [];
  const tags: Tag[] = [];
  for (const [key, value] of new URLSearchParams(raw)) tags.push({ key, value });
  return tags;
}

/** System metadata with the tag entry replaced by `tags` (removed when empty). */
export function withTags(systemMetadata: Readonly<Record<string, string>>, tags: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = { ...systemMetadata };
  delete out[TAGGING_METADATA];
  const encoded = encodeTags(tags);
  if (encoded !== undefined) out[TAGGING_METADATA] = encoded;
  return out;
}

/** x-amz-tagging-directive of CopyObject: COPY (default) or REPLACE. */
export function parseTaggingDirective(value: string | undefined): 'COPY' | 'REPLACE' {
  if (value === undefined || value === 'COPY') return 'COPY';
  if (value === 'REPLACE') return 'REPLACE';
  throw new S3Error('InvalidArgument', {
    message: 'Unknown tagging directive.',
    extra: { ArgumentName: 'x-amz-tagging-directive', ArgumentValue: value },
  });
}
