/** @aws-sdk/client-s3 v3 + lib-storage on 4 drives (erasure coded): multipart uploads, part copy, listings and their errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bodyBytes, s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';
import { md5Hex, multipartEtag, randomPayload } from '../helpers/files.js';

const BUCKET = 'sdk-multipart';
const MiB = 1024 * 1024;
let suite: SdkSuite | undefined;
let s3: S3Client;

before(async () => {
  suite = await startSdkSuite({ bucket: BUCKET, drives: 4 });
  s3 = suite.s3;
});

after(async () => { await suite?.stop(); });

async function create(key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ...extra }));
  assert.equal(res.Bucket, BUCKET);
  assert.equal(res.Key, key);
  assert.ok(res.UploadId, 'no UploadId');
  return res.UploadId;
}

async function part(key: string, uploadId: string, n: number, body: Buffer): Promise<string> {
  const res = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: n, Body: body }));
  assert.equal(res.ETag, `"${md5Hex(body)}"`);
  return res.ETag!;
}

describe('lib-storage Upload (aws-sdk v3)', () => {
  it('uploads 20 MiB in 5 MiB parts; the download is identical and the ETag ends -4', async () => {
    const data = randomPayload(20 * MiB);
    const upload = new Upload({
      client: s3,
      params: { Bucket: BUCKET, Key: 'lib/20mib.bin', Body: data, ContentType: 'application/x-test', Metadata: { via: 'lib-storage' } },
      partSize: 5 * MiB,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const res = await upload.done();
    assert.equal(res.ETag, `"${multipartEtag(data, 5 * MiB)}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'lib/20mib.bin' }));
    assert.equal(head.ContentLength, data.length);
    assert.equal(head.ContentType, 'application/x-test');
    assert.deepEqual(head.Metadata, { via: 'lib-storage' });
    assert.match(head.ETag ?? '', /-4"$/);
    const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'lib/20mib.bin' }))).Body);
    assert.equal(got.length, data.length);
    assert.ok(got.equals(data), 'multipart download differs');
  });

  it('serves a range that spans a part boundary', async () => {
    const data = randomPayload(11 * MiB);
    await new Upload({ client: s3, params: { Bucket: BUCKET, Key: 'lib/11mib.bin', Body: data }, partSize: 5 * MiB, queueSize: 2 }).done();
    const start = 5 * MiB - 100;
    const end = 10 * MiB + 100;
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'lib/11mib.bin', Range: `bytes=${start}-${end}` }));
    assert.equal(res.ContentRange, `bytes ${start}-${end}/${data.length}`);
    assert.ok((await bodyBytes(res.Body)).equals(data.subarray(start, end + 1)));
  });
});

describe('explicit multipart API (aws-sdk v3)', () => {
  it('create, upload parts, list parts and uploads, complete', async () => {
    const key = 'explicit/two-parts';
    const p1 = randomPayload(5 * MiB);
    const p2 = randomPayload(MiB + 3);
    const uploadId = await create(key, { ContentType: 'application/x-two', Metadata: { parts: 'two' } });
    const e1 = await part(key, uploadId, 1, p1);
    const e2 = await part(key, uploadId, 2, p2);

    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), [[1, p1.length, e1], [2, p2.length, e2]]);
    assert.equal(parts.IsTruncated, false);
    const paged = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 1 }));
    assert.equal(paged.IsTruncated, true);
    assert.equal(paged.NextPartNumberMarker, '1');
    const rest = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumberMarker: '1' }));
    assert.deepEqual(rest.Parts?.map((p) => p.PartNumber), [2]);

    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'explicit/' }));
    assert.ok(uploads.Uploads?.some((u) => u.Key === key && u.UploadId === uploadId), JSON.stringify(uploads.Uploads));

    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] },
    }));
    const all = Buffer.concat([p1, p2]);
    assert.equal(done.ETag, `"${multipartEtag(all, 5 * MiB)}"`);
    assert.equal(done.Key, key);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    assert.equal(head.ContentType, 'application/x-two');
    assert.deepEqual(head.Metadata, { parts: 'two' });
    assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body)).equals(all));
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'explicit/' }));
    assert.ok(!after.Uploads?.some((u) => u.UploadId === uploadId), 'completed upload still listed');
  });

  it('GetObject with PartNumber serves one part', async () => {
    const key = 'explicit/part-number';
    const p1 = randomPayload(5 * MiB);
    const p2 = randomPayload(1000);
    const uploadId = await create(key);
    const e1 = await part(key, uploadId, 1, p1);
    const e2 = await part(key, uploadId, 2, p2);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 2 }));
    assert.equal(res.$metadata.httpStatusCode, 206);
    assert.equal(res.PartsCount, 2);
    assert.ok((await bodyBytes(res.Body)).equals(p2));
    // Beyond the parts: 400 InvalidPartNumber (GetObject and HeadObject).
    assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 3 }))), { code: 'InvalidPartNumber', status: 400 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 3 })))).status, 400);
  });

  it('re-uploading a part number replaces it', async () => {
    const key = 'explicit/replace-part';
    const uploadId = await create(key);
    await part(key, uploadId, 1, Buffer.from('old part'));
    const fresh = Buffer.from('new part!');
    const e1 = await part(key, uploadId, 1, fresh);
    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, fresh.length]]);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] } }));
    assert.deepEqual(await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body), fresh);
  });

  it('UploadPartCopy copies a byte range of an existing object into a part', async () => {
    const src = randomPayload(7 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy/source', Body: src }));
    const key = 'copy/assembled';
    const uploadId = await create(key);
    const c1 = await s3.send(new UploadPartCopyCommand({
      Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1,
      CopySource: `${BUCKET}/copy/source`, CopySourceRange: `bytes=0-${5 * MiB - 1}`,
    }));
    assert.equal(c1.CopyPartResult?.ETag, `"${md5Hex(src.subarray(0, 5 * MiB))}"`);
    const c2 = await s3.send(new UploadPartCopyCommand({
      Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 2, CopySource: `${BUCKET}/copy/source`,
    }));
    assert.equal(c2.CopyPartResult?.ETag, `"${md5Hex(src)}"`);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult!.ETag }, { PartNumber: 2, ETag: c2.CopyPartResult!.ETag }] } }));
    const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body);
    assert.ok(got.equals(Buffer.concat([src.subarray(0, 5 * MiB), src])));
  });

  it('abort removes the upload; its parts are gone (NoSuchUpload)', async () => {
    const key = 'explicit/aborted';
    const uploadId = await create(key);
    await part(key, uploadId, 1, randomPayload(1024));
    const res = await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    assert.equal(res.$metadata.httpStatusCode, 204);
    assert.deepEqual(await s3Failure(s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }))), { code: 'NoSuchUpload', status: 404 });
    assert.deepEqual(await s3Failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 2, Body: 'x' }))),
      { code: 'NoSuchUpload', status: 404 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })))).status, 404);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }));
    assert.ok(!uploads.Uploads?.some((u) => u.UploadId === uploadId));
  });
});

describe('multipart errors (aws-sdk v3)', () => {
  it('NoSuchUpload (404) for an unknown upload id', async () => {
    assert.deepEqual(await s3Failure(s3.send(new CompleteMultipartUploadCommand({
      Bucket: BUCKET, Key: 'err/none', UploadId: 'bm8tc3VjaC11cGxvYWQ',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' }] },
    }))), { code: 'NoSuchUpload', status: 404 });
    assert.deepEqual(await s3Failure(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'err/none', UploadId: 'bm8tc3VjaC11cGxvYWQ' }))),
      { code: 'NoSuchUpload', status: 404 });
  });

  it('InvalidPart (400) for a wrong part ETag or a part never uploaded', async () => {
    const key = 'err/invalid-part';
    const uploadId = await create(key);
    const e1 = await part(key, uploadId, 1, randomPayload(5 * MiB));
    assert.deepEqual(await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123456789abcdef0123456789abcdef"' }] } }))), { code: 'InvalidPart', status: 400 });
    assert.deepEqual(await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e1 }] } }))), { code: 'InvalidPart', status: 400 });
    // The upload survives a failed completion.
    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    assert.equal(parts.Parts?.length, 1);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });

  it('InvalidPartOrder (400) for parts not in ascending order', async () => {
    const key = 'err/order';
    const uploadId = await create(key);
    const e1 = await part(key, uploadId, 1, randomPayload(5 * MiB));
    const e2 = await part(key, uploadId, 2, randomPayload(10));
    assert.deepEqual(await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }] } }))), { code: 'InvalidPartOrder', status: 400 });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });

  it('EntityTooSmall (400) when a non-last part is under 5 MiB', async () => {
    const key = 'err/too-small';
    const uploadId = await create(key);
    const e1 = await part(key, uploadId, 1, randomPayload(1024));
    const e2 = await part(key, uploadId, 2, randomPayload(1024));
    assert.deepEqual(await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }))), { code: 'EntityTooSmall', status: 400 });
    assert.equal((await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })))).status, 404);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });

  it('InvalidArgument (400) for part number 0 or 10001', async () => {
    const key = 'err/part-number';
    const uploadId = await create(key);
    for (const n of [0, 10001]) {
      const err = await s3Failure(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: n, Body: 'x' })));
      assert.deepEqual(err, { code: 'InvalidArgument', status: 400 }, `part ${n}`);
    }
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });
});
