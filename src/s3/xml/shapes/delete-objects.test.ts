import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../parse-xml.js';
import { deleteResultXml, parseDeleteRequest } from './delete-objects.js';
import { getObjectAttributesXml } from './get-object-attributes-response.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const malformed = (e: unknown) => isS3Error(e) && e.code === 'MalformedXML';

test('Delete request (AWS example): objects, versions, quiet', () => {
  const doc = parseXml(`<Delete ${NS}><Quiet>true</Quiet><Object><Key>sample1.txt</Key></Object>`
    + '<Object><Key>sample2.txt</Key><VersionId>OYcLXagmS.WaD..oyH4KRguB95_YhLs7</VersionId></Object></Delete>');
  assert.deepEqual(parseDeleteRequest(doc), {
    quiet: true,
    objects: [{ key: 'sample1.txt' }, { key: 'sample2.txt', versionId: 'OYcLXagmS.WaD..oyH4KRguB95_YhLs7' }],
  });
});

test('Delete request: keys keep their spaces; 1,000 objects allowed, 1,001 not', () => {
  assert.deepEqual(parseDeleteRequest(parseXml('<Delete><Object><Key> a </Key></Object></Delete>')).objects, [{ key: ' a ' }]);
  const many = (n: number) => `<Delete>${'<Object><Key>k</Key></Object>'.repeat(n)}</Delete>`;
  assert.equal(parseDeleteRequest(parseXml(many(1000))).objects.length, 1000);
  assert.throws(() => parseDeleteRequest(parseXml(many(1001))), malformed);
});

test('Delete request: malformed', () => {
  for (const b of ['<Delete/>', '<Delete><Object/></Delete>', '<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>',
    '<Remove><Object><Key>k</Key></Object></Remove>', '<Delete><Thing/></Delete>', '<Delete><Object><Key></Key></Object></Delete>']) {
    assert.throws(() => parseDeleteRequest(parseXml(b)), malformed, b);
  }
  assert.throws(() => parseDeleteRequest(undefined), malformed);
});

test('DeleteResult (AWS example): Deleted, DeleteMarker, Error in order; quiet keeps errors only', () => {
  const outcomes = [
    { kind: 'deleted' as const, key: 'sample1.txt', deleteMarker: false },
    { kind: 'deleted' as const, key: 'sample2.txt', deleteMarker: true, deleteMarkerVersionId: 'NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s' },
    { kind: 'error' as const, key: 'sample3.txt', code: 'AccessDenied', message: 'Access Denied' },
  ];
  assert.equal(deleteResultXml(outcomes, false), `${DECL}<DeleteResult ${NS}><Deleted><Key>sample1.txt</Key></Deleted>`
    + '<Deleted><Key>sample2.txt</Key><DeleteMarker>true</DeleteMarker>'
    + '<DeleteMarkerVersionId>NeQt5xeFTfgPJD8B4CGWnkSLtluMr11s</DeleteMarkerVersionId></Deleted>'
    + '<Error><Key>sample3.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
  assert.equal(deleteResultXml(outcomes, true), `${DECL}<DeleteResult ${NS}>`
    + '<Error><Key>sample3.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
  assert.equal(deleteResultXml(outcomes.slice(0, 1), true), `${DECL}<DeleteResult ${NS}></DeleteResult>`);
});

test('GetObjectAttributesResponse: requested attributes only, parts paged', () => {
  const info = {
    bucket: 'b', key: 'k', versionId: 'null', isLatest: true, isDeleteMarker: false, size: 15728640,
    etag: 'abc-3', lastModified: new Date(0), contentType: 'x', userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD',
    checksum: { algorithm: 'CRC32' as const, type: 'COMPOSITE' as const, value: 'i9CuQw==-3' },
    parts: [1, 2, 3].map((n) => ({ number: n, size: 5242880, etag: `e${n}`, checksum: { algorithm: 'CRC32' as const, type: 'COMPOSITE' as const, value: `c${n}` } })),
  };
  const xml = getObjectAttributesXml({
    info, attributes: new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const), maxParts: 2, partNumberMarker: 0,
  });
  assert.equal(xml, `${DECL}<GetObjectAttributesResponse ${NS}><ETag>abc-3</ETag>`
    + '<Checksum><ChecksumCRC32>i9CuQw==-3</ChecksumCRC32><ChecksumType>COMPOSITE</ChecksumType></Checksum>'
    + '<ObjectParts><IsTruncated>true</IsTruncated><MaxParts>2</MaxParts><NextPartNumberMarker>2</NextPartNumberMarker>'
    + '<PartNumberMarker>0</PartNumberMarker><Part><PartNumber>1</PartNumber><Size>5242880</Size><ChecksumCRC32>c1</ChecksumCRC32></Part>'
    + '<Part><PartNumber>2</PartNumber><Size>5242880</Size><ChecksumCRC32>c2</ChecksumCRC32></Part><PartsCount>3</PartsCount></ObjectParts>'
    + '<StorageClass>STANDARD</StorageClass><ObjectSize>15728640</ObjectSize></GetObjectAttributesResponse>');
  const only = getObjectAttributesXml({ info, attributes: new Set(['ObjectSize'] as const), maxParts: 1000, partNumberMarker: 0 });
  assert.equal(only, `${DECL}<GetObjectAttributesResponse ${NS}><ObjectSize>15728640</ObjectSize></GetObjectAttributesResponse>`);
});
