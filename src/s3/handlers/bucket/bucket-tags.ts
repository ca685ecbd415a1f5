/**
 * The bucket's tag set, stored as the 'tagging' bucket config document: JSON
 * `{"version":1,"tags":[{"key","value"},...]}`. No document means no tag set (GetBucketTagging
 * answers NoSuchTagSet). A document that does not decode is a corrupt record: it fails loudly.
 */
import type { Tag } from '../common/tag-rules.js';

export const BUCKET_TAGGING_CONFIG = 'tagging';

export function encodeBucketTags(tags: readonly Tag[]): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, tags: tags.map((t) => ({ key: t.key, value: t.value })) }));
}

export function decodeBucketTags(doc: Buffer): Tag[] {
  const parsed = JSON.parse(doc.toString('utf8')) as { version?: unknown; tags?: unknown };
  if (parsed.version !== 1 || !Array.isArray(parsed.tags)) throw new Error('corrupt bucket tagging document');
  return parsed.tags.map((t: unknown) => {
    const o = t as { key?: unknown; value?: unknown };
    if (typeof o.key !== 'string' || typeof o.value !== 'string') throw new Error('corrupt bucket tagging document');
    return { key: o.key, value: o.value };
  });
}
