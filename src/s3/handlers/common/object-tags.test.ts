import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { encodeTags, parseTaggingDirective, parseTaggingHeader, storedTags, TAGGING_METADATA, validateTags, withTags } from './object-tags.js';
import { parseTaggingDocument, taggingXml } from '../../xml/shapes/tagging.js';
import { parseXml } from '../../xml/parse-xml.js';

const code = (c: string) => (e: unknown): boolean => isS3Error(e) && e.code === c;

describe('object tags', () => {
  it('parses the URL-encoded x-amz-tagging header and stores a canonical form', () => {
    const tags = parseTaggingHeader('a=1&b=two%20words&empty=');
    assert.deepEqual(tags, [{ key: 'a', value: '1' }, { key: 'b', value: 'two words' }, { key: 'empty', value: '' }]);
    const meta = withTags({ 'cache-control': 'x' }, tags);
    assert.equal(meta['cache-control'], 'x');
    assert.deepEqual(storedTags(meta), tags);
    assert.equal(encodeTags([]), undefined);
    assert.equal(withTags(meta, [])[TAGGING_METADATA], undefined);
  });
  it('enforces the AWS limits: 11 tags (BadRequest, as AWS), key 1..128 and value <= 256 UTF-16 units (not bytes), unique keys', () => {
    assert.throws(() => validateTags(Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: '' }))), code('BadRequest'));
    assert.throws(() => validateTags([{ key: '\u{20000}'.repeat(65), value: '' }]), code('InvalidTag'), 'U+20000 (a letter) is 2 UTF-16 units');
    assert.doesNotThrow(() => validateTags([{ key: 'a'.repeat(126) + '\u{20000}', value: '' }]));
    assert.doesNotThrow(() => validateTags([{ key: 'é'.repeat(128), value: 'ü'.repeat(256) }]));
    assert.throws(() => validateTags([{ key: 'k'.repeat(129), value: '' }]), code('InvalidTag'));
    assert.throws(() => validateTags([{ key: '', value: 'v' }]), code('InvalidTag'));
    assert.throws(() => validateTags([{ key: 'k', value: 'v'.repeat(257) }]), code('InvalidTag'));
    assert.throws(() => validateTags([{ key: 'k', value: '1' }, { key: 'k', value: '2' }]), code('InvalidTag'));
  });
  it('allows letters, digits, spaces and _ . : / = + - @ only, and no aws: key prefix', () => {
    assert.doesNotThrow(() => validateTags([{ key: 'Ab 9_.:/=+-@ü', value: 'x y_.:/=+-@' }, { key: 'empty', value: '' }, { key: 'my-aws:k', value: 'aws:v' }]));
    for (const key of ['a#b', 'a&b', 'a*b', 'a?b', 'a<b', 'a"b', 'aws:x', 'AWS:x']) {
      assert.throws(() => validateTags([{ key, value: 'v' }]), code('InvalidTag'), key);
    }
    for (const value of ['a#b', 'a%b', 'a!b', 'a,b', 'tab\there', 'new\nline']) {
      assert.throws(() => validateTags([{ key: 'k', value }]), code('InvalidTag'), value);
    }
  });
  it('tagging directive: COPY by default, REPLACE, anything else InvalidArgument', () => {
    assert.equal(parseTaggingDirective(undefined), 'COPY');
    assert.equal(parseTaggingDirective('REPLACE'), 'REPLACE');
    assert.throws(() => parseTaggingDirective('copy'), code('InvalidArgument'));
  });
  it('Tagging document round trip; a Tag without Key or with unknown children is MalformedXML', () => {
    const xml = taggingXml([{ key: 'a&b', value: '<v>' }]);
    assert.deepEqual(parseTaggingDocument(parseXml(xml)), [{ key: 'a&b', value: '<v>' }]);
    assert.deepEqual(parseTaggingDocument(parseXml('<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>')), [{ key: 'k', value: '' }]);
    for (const bad of ['<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>', '<Tagging/>',
      '<Tagging><TagSet><Tag><Key>k</Key><Other/></Tag></TagSet></Tagging>', '<Tagging><TagSet><Other/></TagSet></Tagging>']) {
      assert.throws(() => parseTaggingDocument(parseXml(bad)), code('MalformedXML'), bad);
    }
  });
});
