/**
 * @aws-sdk/client-s3 v3 flexible checksums: CRC32, CRC32C, SHA1, SHA256, CRC64NVME sent as a header
 * (Buffer body) and as an aws-chunked trailer (stream body, STREAMING-UNSIGNED-PAYLOAD-TRAILER),
 * returned by GetObject/HeadObject with ChecksumMode ENABLED; mismatches refused; Content-MD5;
 * composite and full-object multipart checksums. Expected values are computed here, not by the server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, crc32c } from '@node-rs/crc32';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { randomPayload } from '../helpers/files.js';
import { crc64nvmeBase64 } from '../helpers/crc64nvme.js';

const BUCKET = 'sdk-checksums';
const MiB = 1024 * 1024;
let server: CairnServer;
let s3: S3Client;
/** Headers of the last request the SDK sent (captured after signing). */
let sent: Record<string, string> = {};

before(async () => {
  server = await startServer();
  s3 = sdkClient(server);
  s3.middlewareStack.add((next) => async (args) => {
    sent = { ...(args.request as { headers: Record<string, string> }).headers };
    return next(args);
  }, { step: 'deserialize', name: 'captureSentHeaders' });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

after(async () => {
  s3?.destroy();
  await server?.stop();
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function expected(algorithm: ChecksumAlgorithm, data: Buffer): string {
  switch (algorithm) {
    case 'CRC32': return u32(crc32(data)).toString('base64');
    case 'CRC32C': return u32(crc32c(data)).toString('base64');
    case 'SHA1': return createHash('sha1').update(data).digest('base64');
    case 'SHA256': return createHash('sha256').update(data).digest('base64');
    case 'CRC64NVME': return crc64nvmeBase64(data);
    default: throw new Error(`unknown algorithm ${algorithm}`);
  }
}

const FIELD = {
  CRC32: 'ChecksumCRC32', CRC32C: 'ChecksumCRC32C', SHA1: 'ChecksumSHA1', SHA256: 'ChecksumSHA256', CRC64NVME: 'ChecksumCRC64NVME',
} as const;
type Field = (typeof FIELD)[keyof typeof FIELD];

const ALGORITHMS: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'];

describe('flexible checksums on PutObject (aws-sdk v3)', () => {
  const data = randomPayload(64 * 1024 + 5);

  for (const algorithm of ALGORITHMS) {
    it(`${algorithm} as a header: stored and returned with ChecksumMode ENABLED`, async () => {
      const key = `header/${algorithm}`;
      const field: Field = FIELD[algorithm as keyof typeof FIELD];
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: data, ChecksumAlgorithm: algorithm }));
      assert.equal(sent[`x-amz-checksum-${algorithm.toLowerCase()}`], expected(algorithm, data), 'the SDK sent the checksum as a header');
      assert.equal(put[field], expected(algorithm, data));
      const get = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(get[field], expected(algorithm, data));
      assert.ok((await bodyBytes(get.Body)).equals(data));
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(head[field], expected(algorithm, data));
      assert.equal(head.ChecksumType, 'FULL_OBJECT');
    });

    it(`${algorithm} as an aws-chunked trailer (stream body)`, async () => {
      const key = `trailer/${algorithm}`;
      const field: Field = FIELD[algorithm as keyof typeof FIELD];
      const big = randomPayload(MiB + 333);
      const body = Readable.from([big.subarray(0, 70_000), big.subarray(70_000, 600_000), big.subarray(600_000)]);
      const put = await s3.send(new PutObjectCommand({
        Bucket: BUCKET, Key: key, Body: body, ContentLength: big.length, ChecksumAlgorithm: algorithm,
      }));
      assert.equal(sent['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      assert.equal(sent['x-amz-trailer'], `x-amz-checksum-${algorithm.toLowerCase()}`);
      assert.equal(sent['content-encoding'], 'aws-chunked');
      assert.equal(put[field], expected(algorithm, big));
      const get = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(get[field], expected(algorithm, big));
      assert.equal(get.ContentLength, big.length);
      assert.ok((await bodyBytes(get.Body)).equals(big));
    });
  }

  it('the default (no algorithm given) is a CRC32 checksum the server keeps', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'default', Body: data }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'default', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, expected('CRC32', data));
  });

  it('refuses a wrong checksum with BadDigest (400) and stores nothing', async () => {
    for (const algorithm of ['CRC32', 'SHA256', 'CRC64NVME'] as const) {
      const wrong = expected(algorithm, Buffer.from('something else'));
      const err = await s3Failure(s3.send(new PutObjectCommand({
        Bucket: BUCKET, Key: `bad/${algorithm}`, Body: data, [FIELD[algorithm]]: wrong,
      })));
      assert.deepEqual(err, { code: 'BadDigest', status: 400 }, algorithm);
      assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `bad/${algorithm}` })))).status, 404);
    }
  });

  it('checks Content-MD5: right one stores, wrong one is BadDigest (400)', async () => {
    const md5 = createHash('md5').update(data).digest('base64');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'md5/ok', Body: data, ContentMD5: md5 }));
    const wrong = createHash('md5').update('other').digest('base64');
    assert.deepEqual(await s3Failure(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'md5/bad', Body: data, ContentMD5: wrong }))),
      { code: 'BadDigest', status: 400 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'md5/bad' })))).status, 404);
  });
});

describe('multipart checksums (aws-sdk v3)', () => {
  const p1 = randomPayload(5 * MiB);
  const p2 = randomPayload(123_457);

  it('COMPOSITE CRC32: per-part checksums and a checksum-of-checksums ending -2', async () => {
    const key = 'mpu/composite';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32' }));
    const r1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: p1, ChecksumAlgorithm: 'CRC32' }));
    const r2 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 2, Body: p2, ChecksumAlgorithm: 'CRC32' }));
    assert.equal(r1.ChecksumCRC32, expected('CRC32', p1));
    assert.equal(r2.ChecksumCRC32, expected('CRC32', p2));
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: [
      { PartNumber: 1, ETag: r1.ETag, ChecksumCRC32: r1.ChecksumCRC32 },
      { PartNumber: 2, ETag: r2.ETag, ChecksumCRC32: r2.ChecksumCRC32 },
    ] } }));
    const composite = `${u32(crc32(Buffer.concat([u32(crc32(p1)), u32(crc32(p2))]))).toString('base64')}-2`;
    assert.equal(done.ChecksumCRC32, composite);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, composite);
    assert.equal(head.ChecksumType, 'COMPOSITE');
  });

  it('FULL_OBJECT CRC32C: the completed object carries the CRC of all its bytes', async () => {
    const key = 'mpu/full-object';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({
      Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32C', ChecksumType: 'FULL_OBJECT',
    }));
    const r1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: p1, ChecksumAlgorithm: 'CRC32C' }));
    const r2 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 2, Body: p2, ChecksumAlgorithm: 'CRC32C' }));
    const whole = expected('CRC32C', Buffer.concat([p1, p2]));
    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: BUCKET, Key: key, UploadId, ChecksumType: 'FULL_OBJECT', ChecksumCRC32C: whole,
      MultipartUpload: { Parts: [
        { PartNumber: 1, ETag: r1.ETag, ChecksumCRC32C: r1.ChecksumCRC32C },
        { PartNumber: 2, ETag: r2.ETag, ChecksumCRC32C: r2.ChecksumCRC32C },
      ] },
    }));
    assert.equal(done.ChecksumCRC32C, whole);
    const get = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(get.ChecksumCRC32C, whole);
    assert.equal(get.ChecksumType, 'FULL_OBJECT');
    assert.ok((await bodyBytes(get.Body)).equals(Buffer.concat([p1, p2])));
  });

  it('refuses a part whose checksum does not match (BadDigest)', async () => {
    const key = 'mpu/bad-part';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'SHA256' }));
    const err = await s3Failure(s3.send(new UploadPartCommand({
      Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: p2, ChecksumSHA256: expected('SHA256', p1),
    })));
    assert.deepEqual(err, { code: 'BadDigest', status: 400 });
  });
});
