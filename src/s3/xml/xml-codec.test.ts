import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../errors/s3-error.js';
import { ATTRS, TEXT, toXml } from './build-xml.js';
import { escapeXml } from './escape.js';
import { childElements, childText, expectRoot, parseXml } from './parse-xml.js';

function rejects(input: string | Buffer, code: string, opts?: Parameters<typeof parseXml>[1]): void {
  assert.throws(() => parseXml(input, opts), (err: unknown) => isS3Error(err) && err.code === code);
}

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });
  it('makes ]]> harmless', () => {
    assert.equal(escapeXml('x]]>y'), 'x]]&gt;y');
  });
  it('turns control characters into character references, keeps tab and newline', () => {
    assert.equal(escapeXml('a\u0001b\rc\td\ne\u007f'), 'a&#1;b&#13;c\td\ne&#127;');
  });
  it('keeps valid surrogate pairs and replaces lone surrogates', () => {
    assert.equal(escapeXml('😀'), '😀');
    assert.equal(escapeXml('a\uD800b'), 'a\uFFFDb');
  });
  it('returns plain text unchanged', () => {
    assert.equal(escapeXml('photos/2006/January/sample.jpg'), 'photos/2006/January/sample.jpg');
  });
});

describe('toXml', () => {
  it('builds a document with the S3 namespace, arrays, dates and omitted values', () => {
    const xml = toXml('ListAllMyBucketsResult', {
      Owner: { ID: 'abc', DisplayName: undefined },
      Buckets: { Bucket: [{ Name: 'a', CreationDate: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)) }, { Name: 'b<' }] },
      IsTruncated: false,
      MaxKeys: 1000,
      Missing: null,
    });
    assert.equal(xml,
      '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<Owner><ID>abc</ID></Owner><Buckets><Bucket><Name>a</Name><CreationDate>2020-01-02T03:04:05.000Z</CreationDate></Bucket>' +
      '<Bucket><Name>b&lt;</Name></Bucket></Buckets><IsTruncated>false</IsTruncated><MaxKeys>1000</MaxKeys></ListAllMyBucketsResult>');
  });
  it('supports attributes and root text, and no namespace', () => {
    assert.equal(toXml('LocationConstraint', { [TEXT]: 'eu-west-1' }, { declaration: false }),
      '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>');
    assert.equal(toXml('G', { [ATTRS]: { 'xsi:type': 'a"b' }, ID: '1' }, { namespace: false, declaration: false }),
      '<G xsi:type="a&quot;b"><ID>1</ID></G>');
  });
  it('refuses invalid element names', () => {
    assert.throws(() => toXml('Root', { 'bad name': 'x' }), TypeError);
  });
  it('round-trips hostile keys through the parser', () => {
    const keys = ['a&b', '<tag>', 'x]]>y', 'ctl\u0001\u001f', 'cr\r\nlf', ' lead and trail ', 'emoji 😀', '"\''];
    const xml = toXml('Delete', { Object: keys.map((Key) => ({ Key })) });
    const doc = parseXml(xml);
    assert.deepEqual(childElements(doc, 'Object').map((o) => childText(o, 'Key')), keys);
  });
});

describe('parseXml', () => {
  it('parses a CompleteMultipartUpload document', () => {
    const doc = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
      <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Part><PartNumber>1</PartNumber><ETag>"a54357aff0632cce46d942af68356b38"</ETag></Part>
        <!-- a comment -->
        <Part><PartNumber>2</PartNumber><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag></Part>
      </CompleteMultipartUpload>`);
    expectRoot(doc, 'CompleteMultipartUpload');
    assert.equal(doc.attributes['xmlns'], 'http://s3.amazonaws.com/doc/2006-03-01/');
    const parts = childElements(doc, 'Part');
    assert.equal(parts.length, 2);
    assert.equal(childText(parts[1]!, 'ETag'), '"0c78aef83f66abc1fa1e8477f296d394"');
  });
  it('handles CDATA, numeric references, prefixes, self-closing elements and a BOM', () => {
    const doc = parseXml('\uFEFF<s3:Root xmlns:s3="x"><A><![CDATA[<raw & text>]]></A><B>&#x41;&#66;</B><C/></s3:Root>');
    assert.equal(doc.name, 'Root');
    assert.equal(childText(doc, 'A'), '<raw & text>');
    assert.equal(childText(doc, 'B'), 'AB');
    assert.equal(childText(doc, 'C'), '');
  });
  it('keeps whitespace inside values', () => {
    assert.equal(childText(parseXml('<R><Key>  spaced  </Key></R>'), 'Key'), '  spaced  ');
  });
  it('refuses DOCTYPE (no entity expansion, no XXE)', () => {
    rejects('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><R>&lol2;</R>', 'MalformedXML');
    rejects('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><R>&xxe;</R>', 'MalformedXML');
    rejects('<R><!ENTITY x "y"></R>', 'MalformedXML');
  });
  it('refuses undeclared entities and bare ampersands', () => {
    rejects('<R>&lol;</R>', 'MalformedXML');
    rejects('<R>a & b</R>', 'MalformedXML');
    rejects('<R a="&x;"/>', 'MalformedXML');
    rejects('<R>&#0;</R>', 'MalformedXML');
    rejects('<R>&#xD800;</R>', 'MalformedXML');
  });
  it('refuses malformed documents', () => {
    for (const bad of ['', '   ', 'text', '<R>', '<R></S>', '<R><A></R></A>', '<R/><S/>', '<R/>junk', '<R a=1/>', '<R a="1" a="2"/>', '<R>]]></R>', '<R><![CDATA[x</R>', '<R><!-- x</R>', '<1R/>']) {
      rejects(bad, 'MalformedXML');
    }
  });
  it('refuses invalid UTF-8', () => {
    rejects(Buffer.from([0x3c, 0x52, 0x3e, 0xff, 0x3c, 0x2f, 0x52, 0x3e]), 'MalformedXML');
  });
  it('enforces the size cap with MaxMessageLengthExceeded', () => {
    const big = `<R>${'x'.repeat(2000)}</R>`;
    rejects(big, 'MaxMessageLengthExceeded', { maxBytes: 1000 });
    rejects(Buffer.from(big), 'MaxMessageLengthExceeded', { maxBytes: 1000 });
    assert.equal(parseXml(big, { maxBytes: 4000 }).text.length, 2000);
  });
  it('enforces depth and element-count caps', () => {
    rejects(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 'MalformedXML');
    rejects(`<R>${'<a/>'.repeat(50)}</R>`, 'MalformedXML', { maxElements: 10 });
  });
  it('finishes quickly on a pathological input', () => {
    const start = process.hrtime.bigint();
    rejects(`<R>${'<a>'.repeat(20000)}`, 'MalformedXML');
    rejects(`<R ${'a'.repeat(100000)}`, 'MalformedXML');
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 2000);
  });
  it('expectRoot checks the root name', () => {
    assert.throws(() => expectRoot(parseXml('<A/>'), 'B'), (e: unknown) => isS3Error(e) && e.code === 'MalformedXML');
  });
});
