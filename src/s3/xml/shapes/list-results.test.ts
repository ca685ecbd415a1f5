import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectInfo } from '../../../object/object-layer.js';
import * as objectsResult from './list-objects-result.js';
import * as versionsResult from './list-object-versions-result.js';
import { s3UrlEncode } from './encoding-type.js';

// The shapes return the document's UTF-8 bytes; compared here as text.
const listObjectsV1Xml = (r: objectsResult.ListObjectsV1Output): string => objectsResult.listObjectsV1Xml(r).toString('utf8');
const listObjectsV2Xml = (r: objectsResult.ListObjectsV2Output): string => objectsResult.listObjectsV2Xml(r).toString('utf8');
const listObjectVersionsXml = (r: versionsResult.ListObjectVersionsOutput): string => versionsResult.listObjectVersionsXml(r).toString('utf8');

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const owner = { ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', DisplayName: 'mtd@amazon.com' };
const OWNER_XML = `<Owner><ID>${owner.ID}</ID><DisplayName>mtd@amazon.com</DisplayName></Owner>`;

function obj(key: string, extra: Partial<ObjectInfo> = {}): ObjectInfo {
  return {
    bucket: 'bucket', key, versionId: 'null', isLatest: true, isDeleteMarker: false, size: 434234,
    etag: 'fba9dede5f27731c9771645a39863328', lastModified: new Date('2009-10-12T17:50:30.000Z'),
    contentType: 'image/jpeg', userMetadata: {}, systemMetadata: {}, storageClass: 'STANDARD', ...extra,
  };
}

test('ListObjects v1 matches the AWS documentation example', () => {
  const xml = listObjectsV1Xml({
    name: 'bucket', prefix: '', marker: '', maxKeys: 1000, isTruncated: false,
    contents: [obj('my-image.jpg')], commonPrefixes: [], encodingType: undefined, owner,
  });
  assert.equal(xml, `${DECL}<ListBucketResult ${NS}><Name>bucket</Name><Prefix></Prefix><Marker></Marker>`
    + '<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>my-image.jpg</Key>'
    + '<LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>'
    + `<Size>434234</Size><StorageClass>STANDARD</StorageClass>${OWNER_XML}</Contents></ListBucketResult>`);
});

test('ListObjects v1 with delimiter: NextMarker, Delimiter, CommonPrefixes, url encoding', () => {
  const xml = listObjectsV1Xml({
    name: 'b', prefix: 'photos/', marker: 'photos/a b', nextMarker: 'photos/2006/', maxKeys: 2, delimiter: '/',
    isTruncated: true, contents: [], commonPrefixes: ['photos/2006/'], encodingType: 'url', owner,
  });
  assert.equal(xml, `${DECL}<ListBucketResult ${NS}><Name>b</Name><Prefix>photos/</Prefix><Marker>photos/a%20b</Marker>`
    + '<NextMarker>photos/2006/</NextMarker><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>'
    + '<CommonPrefixes><Prefix>photos/2006/</Prefix></CommonPrefixes><EncodingType>url</EncodingType></ListBucketResult>');
});

test('ListObjectsV2 matches the AWS example shape: KeyCount, token, no Owner by default', () => {
  const xml = listObjectsV2Xml({
    name: 'bucket', prefix: '', continuationToken: 'abc', nextContinuationToken: 'def', maxKeys: 1,
    isTruncated: true, contents: [obj('my-image.jpg', { checksum: { algorithm: 'CRC32', type: 'FULL_OBJECT', value: 'DUoRhQ==' } })],
    commonPrefixes: [], encodingType: undefined,
  });
  assert.equal(xml, `${DECL}<ListBucketResult ${NS}><Name>bucket</Name><Prefix></Prefix>`
    + '<ContinuationToken>abc</ContinuationToken><NextContinuationToken>def</NextContinuationToken>'
    + '<KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>my-image.jpg</Key>'
    + '<LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>'
    + '<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>'
    + '<Size>434234</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>');
});

test('ListObjectsV2: KeyCount counts common prefixes, StartAfter and Owner with fetch-owner', () => {
  const xml = listObjectsV2Xml({
    name: 'b', prefix: '', startAfter: 'k0', maxKeys: 1000, delimiter: '/', isTruncated: false,
    contents: [obj('k1')], commonPrefixes: ['d/'], encodingType: undefined, owner,
  });
  assert.match(xml, /<StartAfter>k0<\/StartAfter><KeyCount>2<\/KeyCount>/);
  assert.ok(xml.includes(`<StorageClass>STANDARD</StorageClass>${OWNER_XML}</Contents>`));
});

test('ListObjectVersions interleaves Version and DeleteMarker in order', () => {
  const xml = listObjectVersionsXml({
    name: 'bucket', prefix: 'my', keyMarker: '', versionIdMarker: '', maxKeys: 5, isTruncated: false,
    versions: [
      obj('my-image.jpg', { versionId: '3/L4kqtJl40Nr8X8gdRQBpUMLUo', isLatest: true }),
      obj('my-second-image.jpg', { versionId: '03jpff543dhffds434rfdsFDN943fdsFkdmqnh892', isDeleteMarker: true,
        lastModified: new Date('2009-11-12T17:50:30.000Z') }),
      obj('my-second-image.jpg', { versionId: 'QUpfdndhfd8438MNFDN93jdnJFkdmqnh893', isLatest: false }),
    ],
    commonPrefixes: [], encodingType: undefined, owner,
  });
  assert.equal(xml, `${DECL}<ListVersionsResult ${NS}><Name>bucket</Name><Prefix>my</Prefix><KeyMarker></KeyMarker>`
    + '<VersionIdMarker></VersionIdMarker><MaxKeys>5</MaxKeys><IsTruncated>false</IsTruncated>'
    + '<Version><Key>my-image.jpg</Key><VersionId>3/L4kqtJl40Nr8X8gdRQBpUMLUo</VersionId><IsLatest>true</IsLatest>'
    + '<LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>'
    + `<Size>434234</Size><StorageClass>STANDARD</StorageClass>${OWNER_XML}</Version>`
    + '<DeleteMarker><Key>my-second-image.jpg</Key><VersionId>03jpff543dhffds434rfdsFDN943fdsFkdmqnh892</VersionId>'
    + `<IsLatest>true</IsLatest><LastModified>2009-11-12T17:50:30.000Z</LastModified>${OWNER_XML}</DeleteMarker>`
    + '<Version><Key>my-second-image.jpg</Key><VersionId>QUpfdndhfd8438MNFDN93jdnJFkdmqnh893</VersionId><IsLatest>false</IsLatest>'
    + '<LastModified>2009-10-12T17:50:30.000Z</LastModified><ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>'
    + `<Size>434234</Size><StorageClass>STANDARD</StorageClass>${OWNER_XML}</Version></ListVersionsResult>`);
});

test('ListObjectVersions: markers, common prefixes and encoding after the entries', () => {
  const xml = listObjectVersionsXml({
    name: 'b', prefix: '', keyMarker: 'a', versionIdMarker: 'v1', nextKeyMarker: 'c d', nextVersionIdMarker: 'v9',
    maxKeys: 1, delimiter: '/', isTruncated: true, versions: [], commonPrefixes: ['x/'], encodingType: 'url', owner,
  });
  assert.ok(xml.endsWith('<IsTruncated>true</IsTruncated><CommonPrefixes><Prefix>x/</Prefix></CommonPrefixes>'
    + '<EncodingType>url</EncodingType></ListVersionsResult>'));
  assert.ok(xml.includes('<NextKeyMarker>c%20d</NextKeyMarker><NextVersionIdMarker>v9</NextVersionIdMarker>'));
});

test('s3UrlEncode: unreserved and / kept, space as %20 (AWS, s3-tests test_bucket_list_encoding_basic), UTF-8 and controls escaped', () => {
  assert.equal(s3UrlEncode('a/b c+d&é\u0001~'), 'a/b%20c%2Bd%26%C3%A9%01~');
  assert.equal(s3UrlEncode('quux ab/'), 'quux%20ab/');
  assert.equal(s3UrlEncode("!*'()$,;=:@?#[]"), '%21%2A%27%28%29%24%2C%3B%3D%3A%40%3F%23%5B%5D');
});

test('keys with XML-special and control characters are escaped', () => {
  const xml = listObjectsV1Xml({
    name: 'b', prefix: '', marker: '', maxKeys: 1, isTruncated: false,
    contents: [obj('a&b<c>"\r')], commonPrefixes: [], encodingType: undefined, owner,
  });
  assert.ok(xml.includes('<Key>a&amp;b&lt;c&gt;&quot;&#13;</Key>'));
});
