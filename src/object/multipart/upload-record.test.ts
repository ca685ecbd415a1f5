import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { newId } from '../ids.js';
import { compareUtf8 } from '../meta-keys.js';
import { formatFixtureBytes, formatFixtureRecord } from '../../../test/helpers/format-fixtures.js';
import {
  decodePartRecord, decodeUploadRecord, encodePartRecord, encodeUploadRecord, isValidPartNumber, partKey,
  partPath, splitUploadKey, uploadKey, uploadsPrefix, type PartRecord, type UploadRecord,
} from './upload-record.js';

const upload: UploadRecord = {
  bucket: 'b',
  key: 'dir/ké y',
  uploadId: newId(),
  initiated: 1_700_000_000_123,
  contentType: 'text/plain',
  userMetadata: { color: 'blue' },
  systemMetadata: { 'cache-control': 'no-cache' },
  storageClass: 'STANDARD',
  checksumAlgorithm: 'CRC64NVME',
  checksumType: 'FULL_OBJECT',
  layout: { k: 2, m: 2, blockSize: 1 << 20, distribution: [2, 3, 0, 1], bitrot: 'crc32c-1' },
};

const part: PartRecord = {
  partNumber: 42,
  partId: 'c0ffee',
  size: 5 * 1024 * 1024,
  etag: 'd41d8cd98f00b204e9800998ecf8427e',
  mtime: 1_700_000_000_999,
  checksum: Buffer.from('0102030405060708', 'hex'),
};

test('upload record round trip, with and without optional fields', () => {
  assert.deepEqual(decodeUploadRecord(encodeUploadRecord(upload)), upload);
  const { checksumAlgorithm: _a, checksumType: _t, ...plain } = upload;
  assert.deepEqual(decodeUploadRecord(encodeUploadRecord(plain)), plain);
  const marked = { ...upload, completingDataId: newId() };
  assert.deepEqual(decodeUploadRecord(encodeUploadRecord(marked)), marked);
});

test('part record round trip', () => {
  assert.deepEqual(decodePartRecord(encodePartRecord(part)), part);
  const { checksum: _c, ...plain } = part;
  assert.deepEqual(decodePartRecord(encodePartRecord(plain)), plain);
});

test('garbage, wrong kinds and bad fields are CorruptRecordError', () => {
  assert.throws(() => decodeUploadRecord(Buffer.from('nope')), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodePartRecord(part)), CorruptRecordError);
  assert.throws(() => decodePartRecord(encodeUploadRecord(upload)), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodeUploadRecord({ ...upload, uploadId: '../../etc' })), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodeUploadRecord({ ...upload, checksumAlgorithm: 'MD5' as never })), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodeUploadRecord({ ...upload, layout: { ...upload.layout, distribution: [0] } })), CorruptRecordError);
  assert.throws(() => decodePartRecord(encodePartRecord({ ...part, partNumber: 10_001 })), CorruptRecordError);
  assert.throws(() => decodePartRecord(encodePartRecord({ ...part, etag: 'ZZ' })), CorruptRecordError);
  const truncated = encodeUploadRecord(upload).subarray(0, 10);
  assert.throws(() => decodeUploadRecord(truncated), CorruptRecordError);
});

test('keys: uploads of a key sort before longer keys and by initiation; part keys by number', () => {
  const idA = newId();
  const idB = newId();
  const keys = [uploadKey('b', 'a/b', idA), uploadKey('b', 'a', idB), uploadKey('b', 'a', idA), uploadKey('b', 'ab', idA)];
  keys.sort(compareUtf8);
  assert.deepEqual(keys, [uploadKey('b', 'a', idA), uploadKey('b', 'a', idB), uploadKey('b', 'a/b', idA), uploadKey('b', 'ab', idA)]);
  assert.ok(keys.every((k) => k.startsWith(uploadsPrefix('b'))));
  assert.deepEqual(splitUploadKey(uploadKey('b', 'x\u0001y', idA).slice(uploadsPrefix('b').length)), { key: 'x\u0001y', uploadId: idA });
  assert.equal(splitUploadKey('no-separator'), undefined);
  assert.equal(splitUploadKey('k\u0000not-an-id'), undefined);
  assert.equal(partKey(idA, 7), `p/${idA}/00007`);
  assert.ok(compareUtf8(partKey(idA, 9), partKey(idA, 10)) < 0);
  assert.ok(compareUtf8(partKey(idA, 10_000), `p/${idA}0`) < 0);
});

test('part number range', () => {
  assert.equal(isValidPartNumber(1), true);
  assert.equal(isValidPartNumber(10_000), true);
  for (const n of [0, 10_001, 1.5, -3, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(isValidPartNumber(n), false);
});

test('format v2 (in-place parts): dataId is v2, its absence is v1; the v1 -> v2 migration reads no dataId', () => {
  const dataId = 'ab'.repeat(16);
  const v2 = encodeUploadRecord({ ...upload, dataId });
  assert.equal(v2[2], 2);
  assert.deepEqual(decodeUploadRecord(v2), { ...upload, dataId });
  const v1 = encodeUploadRecord(upload);
  assert.equal(v1[2], 1, 'an upload without a data dir stays readable by the binary that staged it');
  assert.equal(decodeUploadRecord(v1).dataId, undefined);
  // A v2 record must carry a well-formed dataId, and never a v1 complete's mark.
  const frame = (payload: Buffer): Buffer => Buffer.concat([Buffer.from([0xca, 'U'.charCodeAt(0), 2]), payload.subarray(3)]);
  assert.throws(() => decodeUploadRecord(frame(v1)), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodeUploadRecord({ ...upload, dataId: 'nothex' })), CorruptRecordError);
  assert.throws(() => decodeUploadRecord(encodeUploadRecord({ ...upload, dataId, completingDataId: newId() })), CorruptRecordError);
});

test('partPath: in place for a v2 upload (own file per partId), staged for v1; a partId that names no file is refused', () => {
  const dataId = 'cd'.repeat(16);
  const partId = '0f'.repeat(16);
  assert.equal(partPath({ uploadId: upload.uploadId, dataId }, { partNumber: 7, partId }), `data/cd/${dataId}/part.7.${partId}`);
  assert.equal(partPath({ uploadId: upload.uploadId }, { partNumber: 7, partId: 'any' }), `multipart/${upload.uploadId}/part.7`);
  assert.throws(() => partPath({ uploadId: upload.uploadId, dataId }, { partNumber: 7, partId: '../x' }), CorruptRecordError);
});

// Golden fixtures: the upload (v1 staged, v2 in place) and part records as stored on drives.
for (const name of ['upload-record-v1', 'upload-record-v2']) {
  test(`golden ${name} fixture always decodes to the same record and re-encodes to the same bytes`, () => {
    const bin = formatFixtureBytes(name);
    assert.deepEqual([bin[0], String.fromCharCode(bin[1]!), bin[2]], [0xca, 'U', name.endsWith('v2') ? 2 : 1]);
    const rec = decodeUploadRecord(bin);
    assert.deepEqual(rec, formatFixtureRecord<UploadRecord>(name));
    assert.ok(encodeUploadRecord(rec).equals(bin));
  });
}
for (const name of ['part-record-v1', 'part-record-v1-no-checksum']) {
  test(`golden ${name} fixture always decodes to the same record and re-encodes to the same bytes`, () => {
    const bin = formatFixtureBytes(name);
    assert.deepEqual([bin[0], String.fromCharCode(bin[1]!), bin[2]], [0xca, 'P', 1]);
    const rec = decodePartRecord(bin);
    assert.deepEqual(rec, formatFixtureRecord<PartRecord>(name));
    assert.ok(encodePartRecord(rec).equals(bin));
  });
}

test('golden upload fixtures: the v1 upload keeps the staging layout, the v2 one its data dir', () => {
  const v1 = decodeUploadRecord(formatFixtureBytes('upload-record-v1'));
  assert.equal(v1.dataId, undefined);
  assert.equal(v1.completingDataId, '01a21a3c21000000ffeeddccbbaa0022');
  assert.equal(partPath(v1, { partNumber: 3, partId: 'x' }), `multipart/${v1.uploadId}/part.3`);
  const v2 = decodeUploadRecord(formatFixtureBytes('upload-record-v2'));
  assert.equal(partPath(v2, { partNumber: 7, partId: '01a21a3c25800000aabbccddeeff0011' }),
    'data/01/01a21a3c25000000ffeeddccbbaa0011/part.7.01a21a3c25800000aabbccddeeff0011');
});
