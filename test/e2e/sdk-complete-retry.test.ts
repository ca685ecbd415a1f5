/**
 * @aws-sdk/client-s3 v3: CompleteMultipartUpload retried after it succeeded (the SDK retries a
 * Complete whose response was lost) answers 200 with the first result — ETag, Location,
 * VersionId, checksum — as AWS does
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html); a retry
 * listing other parts is 400 InvalidPart; once the completed version is gone (overwritten in
 * an unversioned bucket) the upload is unknown: 404 NoSuchUpload. Over 4 drives (EC 2+2).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand,
  PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import { bodyBytes, s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';

const Bucket = 'sdk-complete-retry';
const Versioned = 'sdk-complete-retry-v';
const MiB = 1024 * 1024;
let suite: SdkSuite;

before(async () => {
  suite = await startSdkSuite({ bucket: Bucket, drives: 4 });
  await suite.s3.send(new CreateBucketCommand({ Bucket: Versioned }));
  await suite.s3.send(new PutBucketVersioningCommand({ Bucket: Versioned, VersioningConfiguration: { Status: 'Enabled' } }));
});
after(async () => { await suite?.stop(); });

async function upload(bucket: string, key: string): Promise<{ UploadId: string; parts: CompletedPart[]; data: Buffer }> {
  const { s3 } = suite;
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'CRC32' }));
  const bodies = [Buffer.alloc(5 * MiB, 1), Buffer.from('the last part')];
  const parts: CompletedPart[] = [];
  for (const [i, Body] of bodies.entries()) {
    const r = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }));
    parts.push({ PartNumber: i + 1, ETag: r.ETag!, ChecksumCRC32: r.ChecksumCRC32! });
  }
  return { UploadId: UploadId!, parts, data: Buffer.concat(bodies) };
}

const result = (r: { ETag?: string; Location?: string; Bucket?: string; Key?: string; VersionId?: string; ChecksumCRC32?: string; ChecksumType?: string }) =>
  ({ ETag: r.ETag, Location: r.Location, Bucket: r.Bucket, Key: r.Key, VersionId: r.VersionId, ChecksumCRC32: r.ChecksumCRC32, ChecksumType: r.ChecksumType });

describe('CompleteMultipartUpload retried (aws-sdk v3, 4 drives)', () => {
  it('the same parts: 200 with the same result, twice; the object is unchanged', async () => {
    const { s3 } = suite;
    const { UploadId, parts, data } = await upload(Bucket, 'retry/same');
    const complete = () => s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'retry/same', UploadId, MultipartUpload: { Parts: parts } }));
    const first = await complete();
    assert.match(first.ETag!, /^"[0-9a-f]{32}-2"$/);
    assert.ok(first.ChecksumCRC32, 'the composite checksum is returned');
    for (let i = 0; i < 2; i++) {
      const again = await complete();
      assert.equal(again.$metadata.httpStatusCode, 200);
      assert.deepEqual(result(again), result(first));
    }
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'retry/same' }));
    assert.equal(got.ETag, first.ETag);
    assert.ok((await bodyBytes(got.Body)).equals(data));
  });

  it('other parts: 400 InvalidPart (fewer parts, a wrong ETag, a wrong part checksum); the object is unchanged', async () => {
    const { s3 } = suite;
    const { UploadId, parts } = await upload(Bucket, 'retry/other');
    const first = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'retry/other', UploadId, MultipartUpload: { Parts: parts } }));
    const variants: CompletedPart[][] = [
      [parts[0]!],
      [parts[0]!, { ...parts[1]!, ETag: '"0123456789abcdef0123456789abcdef"' }],
      [parts[0]!, { ...parts[1]!, ChecksumCRC32: 'AAAAAA==' }],
    ];
    for (const Parts of variants) {
      const r = await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'retry/other', UploadId, MultipartUpload: { Parts } })));
      assert.deepEqual(r, { code: 'InvalidPart', status: 400 });
    }
    assert.equal((await s3.send(new GetObjectCommand({ Bucket, Key: 'retry/other' }))).ETag, first.ETag);
  });

  it('versioned: the retry names the version the upload created, also after a newer version', async () => {
    const { s3 } = suite;
    const { UploadId, parts } = await upload(Versioned, 'retry/v');
    const first = await s3.send(new CompleteMultipartUploadCommand({ Bucket: Versioned, Key: 'retry/v', UploadId, MultipartUpload: { Parts: parts } }));
    assert.match(first.VersionId!, /^[0-9a-f]{32}$/);
    await s3.send(new PutObjectCommand({ Bucket: Versioned, Key: 'retry/v', Body: 'newer' }));
    const again = await s3.send(new CompleteMultipartUploadCommand({ Bucket: Versioned, Key: 'retry/v', UploadId, MultipartUpload: { Parts: parts } }));
    assert.deepEqual(result(again), result(first));
  });

  it('unversioned: once the completed object is overwritten the upload is unknown (NoSuchUpload)', async () => {
    const { s3 } = suite;
    const { UploadId, parts } = await upload(Bucket, 'retry/gone');
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'retry/gone', UploadId, MultipartUpload: { Parts: parts } }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'retry/gone', Body: 'overwritten' }));
    const r = await s3Failure(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'retry/gone', UploadId, MultipartUpload: { Parts: parts } })));
    assert.deepEqual(r, { code: 'NoSuchUpload', status: 404 });
  });
});
