import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../parse-xml.js';
import { completeMultipartUploadResultXml, parseCompleteMultipartUpload } from './complete-multipart-upload.js';
import { copyObjectResultXml, copyPartResultXml } from './copy-results.js';
import { initiateMultipartUploadResultXml } from './initiate-multipart-upload-result.js';
import * as uploadsResult from './list-multipart-uploads-result.js';
import { listPartsResultXml } from './list-parts-result.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';
const owner = { ID: 'abc', DisplayName: 'root' };
const malformed = (e: unknown) => isS3Error(e) && e.code === 'MalformedXML';

test('InitiateMultipartUploadResult (AWS example)', () => {
  assert.equal(initiateMultipartUploadResultXml({ bucket: 'example-bucket', key: 'example-object', uploadId: 'VXBsb2FkIElE' }),
    `${DECL}<InitiateMultipartUploadResult ${NS}><Bucket>example-bucket</Bucket><Key>example-object</Key>`
    + '<UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>');
});

test('CompleteMultipartUpload request: parts, quotes stripped, checksums kept', () => {
  const doc = parseXml(`<CompleteMultipartUpload ${NS}>
    <Part><PartNumber>1</PartNumber><ETag>"a54357aff0632cce46d942af68356b38"</ETag></Part>
    <Part><ETag>0c78aef83f66abc1fa1e8477f296d394</ETag><PartNumber>2</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>
  </CompleteMultipartUpload>`);
  assert.deepEqual(parseCompleteMultipartUpload(doc), [
    { partNumber: 1, etag: 'a54357aff0632cce46d942af68356b38' },
    { partNumber: 2, etag: '0c78aef83f66abc1fa1e8477f296d394', checksum: 'AAAAAA==' },
  ]);
});

test('CompleteMultipartUpload request: malformed documents', () => {
  const bad = [
    '<CompleteMultipartUpload/>',
    '<Other><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></Other>',
    '<CompleteMultipartUpload><Part><ETag>x</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>abc</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Junk/></CompleteMultipartUpload>',
  ];
  for (const b of bad) assert.throws(() => parseCompleteMultipartUpload(parseXml(b)), malformed, b);
  assert.throws(() => parseCompleteMultipartUpload(undefined), malformed);
});

test('CompleteMultipartUploadResult (AWS example)', () => {
  assert.equal(completeMultipartUploadResultXml({
    location: 'http://Example-Bucket.s3.amazonaws.com/Example-Object', bucket: 'Example-Bucket', key: 'Example-Object',
    etag: '3858f62230ac3c915f300c664312c11f-9',
  }), `${DECL}<CompleteMultipartUploadResult ${NS}><Location>http://Example-Bucket.s3.amazonaws.com/Example-Object</Location>`
    + '<Bucket>Example-Bucket</Bucket><Key>Example-Object</Key><ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag>'
    + '</CompleteMultipartUploadResult>');
});

test('CopyObjectResult / CopyPartResult', () => {
  const lastModified = new Date('2009-10-28T22:32:00.000Z');
  assert.equal(copyObjectResultXml({ etag: '9b2cf535f27731c974343645a3985328', lastModified }),
    `${DECL}<CopyObjectResult ${NS}><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>`
    + '<LastModified>2009-10-28T22:32:00.000Z</LastModified></CopyObjectResult>');
  assert.equal(copyPartResultXml({ etag: 'e', lastModified, checksum: { algorithm: 'SHA256', type: 'COMPOSITE', value: 'q' } }),
    `${DECL}<CopyPartResult ${NS}><ETag>&quot;e&quot;</ETag><LastModified>2009-10-28T22:32:00.000Z</LastModified>`
    + '<ChecksumSHA256>q</ChecksumSHA256></CopyPartResult>');
});

test('ListPartsResult (AWS example order)', () => {
  const xml = listPartsResultXml({
    result: {
      upload: { bucket: 'example-bucket', key: 'example-object', uploadId: 'XXBsb2FkIElE', initiated: new Date(0), storageClass: 'STANDARD', systemMetadata: {} },
      parts: [{ partNumber: 2, size: 10485760, etag: '7778aef83f66abc1fa1e8477f296d394', lastModified: new Date('2010-11-10T20:48:34.000Z') }],
      isTruncated: true,
      nextPartNumberMarker: 2,
    },
    partNumberMarker: 1, maxParts: 1, owner,
  });
  assert.equal(xml, `${DECL}<ListPartsResult ${NS}><Bucket>example-bucket</Bucket><Key>example-object</Key>`
    + '<UploadId>XXBsb2FkIElE</UploadId><Initiator><ID>abc</ID><DisplayName>root</DisplayName></Initiator>'
    + '<Owner><ID>abc</ID><DisplayName>root</DisplayName></Owner><StorageClass>STANDARD</StorageClass>'
    + '<PartNumberMarker>1</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>1</MaxParts>'
    + '<IsTruncated>true</IsTruncated><Part><PartNumber>2</PartNumber><LastModified>2010-11-10T20:48:34.000Z</LastModified>'
    + '<ETag>&quot;7778aef83f66abc1fa1e8477f296d394&quot;</ETag><Size>10485760</Size></Part></ListPartsResult>');
});

test('ListMultipartUploadsResult (AWS example order)', () => {
  const xml = uploadsResult.listMultipartUploadsResultXml({
    bucket: 'bucket', keyMarker: '', uploadIdMarker: '', prefix: '', maxUploads: 3, encodingType: undefined, owner,
    result: {
      uploads: [{ bucket: 'bucket', key: 'my-divisor', uploadId: 'XMgbGlr', initiated: new Date('2010-11-10T20:48:33.000Z'), storageClass: 'STANDARD', systemMetadata: {} }],
      commonPrefixes: [], isTruncated: true, nextKeyMarker: 'my-divisor', nextUploadIdMarker: 'XMgbGlr',
    },
  }).toString('utf8');
  assert.equal(xml, `${DECL}<ListMultipartUploadsResult ${NS}><Bucket>bucket</Bucket><KeyMarker></KeyMarker>`
    + '<UploadIdMarker></UploadIdMarker><NextKeyMarker>my-divisor</NextKeyMarker><NextUploadIdMarker>XMgbGlr</NextUploadIdMarker>'
    + '<Prefix></Prefix><MaxUploads>3</MaxUploads><IsTruncated>true</IsTruncated><Upload><Key>my-divisor</Key>'
    + '<UploadId>XMgbGlr</UploadId><Initiator><ID>abc</ID><DisplayName>root</DisplayName></Initiator>'
    + '<Owner><ID>abc</ID><DisplayName>root</DisplayName></Owner><StorageClass>STANDARD</StorageClass>'
    + '<Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload></ListMultipartUploadsResult>');
});
