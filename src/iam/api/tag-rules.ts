/**
 * Tag checks of IAM (AWS IAM User Guide, "Tagging IAM resources"): at most 50 tags, keys 1..128
 * characters and values 0..256 of `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, keys unique (case-insensitive),
 * no `aws:` prefix.
 */
import { IamError } from '../store/iam-errors.js';
import type { TagRecord } from '../store/iam-records.js';

export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(tags: readonly TagRecord[]): TagRecord[] {
  const seen = new Set<string>();
  for (const t of tags) {
    const key = [...t.Key].length;
    if (key < 1 || key > 128 || !TAG_TEXT.test(t.Key)) {
      throw new IamError('ValidationError', `1 validation error detected: Value '${t.Key}' at 'tags.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`);
    }
    if ([...t.Value].length > 256 || !TAG_TEXT.test(t.Value)) {
      throw new IamError('ValidationError', `1 validation error detected: Value '${t.Value}' at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`);
    }
    if (t.Key.toLowerCase().startsWith('aws:')) throw new IamError('InvalidInput', 'User-defined tag keys can\'t start with "aws:".');
    if (seen.has(t.Key.toLowerCase())) throw new IamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(t.Key.toLowerCase());
  }
  if (tags.length > MAX_TAGS) throw new IamError('LimitExceeded', `The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** `existing` with `added` merged in (same key, any case: replaced); LimitExceeded past 50. */
export function mergeTags(existing: readonly TagRecord[], added: readonly TagRecord[]): TagRecord[] {
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added);
  if (out.length > MAX_TAGS) throw new IamError('LimitExceeded', `The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return out;
}
