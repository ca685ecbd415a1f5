/**
 * The Tagging document of Get/PutObjectTagging:
 * <Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag>...</TagSet></Tagging>.
 * Parsing is strict: Tagging root, one TagSet, Tag elements each with exactly one Key and at
 * most one Value (a missing Value is the empty string); anything else is MalformedXML.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../build-xml.js';
import { childElements, expectRoot, type XmlElement } from '../parse-xml.js';

export interface TagShape {
  readonly key: string;
  readonly value: string;
}

export function taggingXml(tags: readonly TagShape[]): string {
  return toXml('Tagging', { TagSet: { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) } });
}

export function parseTaggingDocument(doc: XmlElement): TagShape[] {
  expectRoot(doc, 'Tagging');
  const sets = childElements(doc, 'TagSet');
  if (sets.length !== 1 || doc.children.length !== 1) throw new S3Error('MalformedXML');
  const out: TagShape[] = [];
  for (const tag of sets[0]!.children) {
    if (tag.name !== 'Tag') throw new S3Error('MalformedXML');
    const keys = childElements(tag, 'Key');
    const values = childElements(tag, 'Value');
    if (keys.length !== 1 || values.length > 1 || tag.children.length !== keys.length + values.length) {
      throw new S3Error('MalformedXML');
    }
    out.push({ key: keys[0]!.text, value: values[0]?.text ?? '' });
  }
  return out;
}
