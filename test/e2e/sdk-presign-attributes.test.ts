/** @aws-sdk/s3-request-presigner URLs fetched with fetch(), and GetObjectAttributes (aws-sdk v3). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { md5Hex, multipartEtag, randomPayload } from '../helpers/files.js';

const BUCKET = 'sdk-presign';
const MiB = 1024 * 1024;
let server: CairnServer;
let s3: S3Client;
/** Presigning client: checksums only when required, so a presigned PUT carries no precomputed CRC. */
let presigner: S3Client;

before(async () => {
  server = await startServer();
  s3 = sdkClient(server);
  presigner = sdkClient(server, { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

after(async () => {
  s3?.destroy();
  presigner?.destroy();
  await server?.stop();
});

describe('presigned URLs (aws-sdk v3 presigner + fetch)', () => {
  it('GET: serves the object to a plain fetch', async () => {
    const body = randomPayload(200_000);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/get me.bin', Body: body }));
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/get me.bin' }), { expiresIn: 300 });
    assert.match(url, /X-Amz-Signature=/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), `"${md5Hex(body)}"`);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(body));
  });

  it('GET with response-content-disposition override', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/override', Body: 'x' }));
    const url = await getSignedUrl(presigner, new GetObjectCommand({
      Bucket: BUCKET, Key: 'pre/override', ResponseContentDisposition: 'attachment; filename="y.txt"', ResponseContentType: 'text/x-y',
    }), { expiresIn: 60 });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="y.txt"');
    assert.equal(res.headers.get('content-type'), 'text/x-y');
    await res.arrayBuffer();
  });

  it('PUT: stores the body fetch sends', async () => {
    const body = randomPayload(300_001);
    const url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/put+me' }), { expiresIn: 300 });
    const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body) });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('etag'), `"${md5Hex(body)}"`);
    await res.arrayBuffer();
    const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/put+me' }))).Body);
    assert.ok(got.equals(body));
  });

  it('a tampered presigned URL is refused with 403 SignatureDoesNotMatch', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/secret', Body: 'secret' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pre/other', Body: 'other' }));
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/secret' }), { expiresIn: 60 });
    const res = await fetch(url.replace('pre/secret', 'pre/other'));
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('a presigned GET cannot be used for a PUT', async () => {
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/secret' }), { expiresIn: 60 });
    const res = await fetch(url, { method: 'PUT', body: 'overwrite' });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
    const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/secret' }))).Body);
    assert.equal(got.toString(), 'secret');
  });
});

describe('GetObjectAttributes (aws-sdk v3)', () => {
  it('reports ETag, size and storage class of a single-part object', async () => {
    const body = randomPayload(12_345);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'attr/single', Body: body, ChecksumAlgorithm: 'SHA256' }));
    const res = await s3.send(new GetObjectAttributesCommand({
      Bucket: BUCKET, Key: 'attr/single', ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum'],
    }));
    assert.equal(res.ETag, md5Hex(body), 'GetObjectAttributes returns the ETag without quotes');
    assert.equal(res.ObjectSize, body.length);
    assert.equal(res.StorageClass, 'STANDARD');
    assert.ok(res.LastModified instanceof Date);
    assert.equal(res.Checksum?.ChecksumSHA256, createHash('sha256').update(body).digest('base64'));
  });

  it('reports the parts of a multipart object', async () => {
    const p1 = randomPayload(5 * MiB);
    const p2 = randomPayload(777);
    const key = 'attr/multi';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const r1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: p1 }));
    const r2 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 2, Body: p2 }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: r1.ETag }, { PartNumber: 2, ETag: r2.ETag }] } }));
    const res = await s3.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: key, ObjectAttributes: ['ETag', 'ObjectSize', 'ObjectParts'] }));
    assert.equal(res.ETag, multipartEtag(Buffer.concat([p1, p2]), 5 * MiB));
    assert.equal(res.ObjectSize, p1.length + p2.length);
    assert.equal(res.ObjectParts?.TotalPartsCount, 2);
  });

  it('answers NoSuchKey (404) for a missing key', async () => {
    assert.deepEqual(await s3Failure(s3.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: 'attr/none', ObjectAttributes: ['ETag'] }))),
      { code: 'NoSuchKey', status: 404 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'attr/none' })))).status, 404);
  });
});
