/**
 * SSE on a real server process, for what the speed work relies on: GETs of an encrypted object
 * unseal its data key through the CachingKms (the KMS's decrypt counter, read from /metrics,
 * moves once per object, not per GET), large GETs (opened on the worker threads) and small ones
 * return the exact bytes, also while other clients of the same object go away mid-download
 * (shared-memory frames released only once the open worker is done), and the bucket default
 * encryption cache follows Put/DeleteBucketEncryption at once in the same process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand, DeleteBucketEncryptionCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand,
  PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { KMS_CREDENTIALS, KMS_SERVER_ENV, sample, scrape } from './kms-admin-harness.js';

const BUCKET = 'cache-bucket';
const DECRYPTS = 'cairn_kms_requests_total{operation="decrypt",result="success"}';
let server: CairnServer;
let s3: S3Client;

before(async () => {
  server = await startServer({
    drives: 1, credentials: KMS_CREDENTIALS,
    env: { ...KMS_SERVER_ENV, CAIRN_KMS_SECRET_KEY: `cache-key:${randomBytes(32).toString('base64')}` },
  });
  s3 = sdkClient(server);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
after(async () => {
  s3?.destroy();
  await server?.stop();
});

const defaultSse = (bucket: string): PutBucketEncryptionCommand => new PutBucketEncryptionCommand({
  Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
});

describe('SSE key and config caches on a server', () => {
  it('GETs of an SSE-S3 object ask the KMS to decrypt its data key once; large and small bodies come back exact', async () => {
    const large = randomBytes(5 * 1024 * 1024 + 12345); // data dir, several batches on the worker threads
    const small = randomBytes(4096); // inline
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'large', Body: large, ServerSideEncryption: 'AES256' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small', Body: small, ServerSideEncryption: 'AES256' }));
    const before = sample(await scrape(server), DECRYPTS) ?? 0;
    for (let i = 0; i < 4; i++) {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'large' }));
      assert.equal(got.ServerSideEncryption, 'AES256');
      assert.ok((await bodyBytes(got.Body)).equals(large), `large GET ${i}`);
      const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'large', Range: 'bytes=1000000-3999999' }));
      assert.ok((await bodyBytes(part.Body)).equals(large.subarray(1_000_000, 4_000_000)), `large range ${i}`);
      assert.ok((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'small' }))).Body)).equals(small), `small GET ${i}`);
    }
    assert.equal((sample(await scrape(server), DECRYPTS) ?? 0) - before, 2, 'one KMS decrypt per object, the other GETs hit the cache');
  });

  it('Put/DeleteBucketEncryption are in force for the next PUT (the cache of this process is invalidated)', async () => {
    const sseOf = async (key: string): Promise<string | undefined> => {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
      return (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ServerSideEncryption;
    };
    assert.equal(await sseOf('a'), undefined); // cached: no default
    await s3.send(defaultSse(BUCKET));
    assert.equal(await sseOf('b'), 'AES256');
    assert.equal(await sseOf('c'), 'AES256');
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: BUCKET }));
    assert.equal(await sseOf('d'), undefined);
  });

  it('clients that go away mid-download of a large encrypted object leave the server serving exact bytes (frames are not reused under the open worker)', async () => {
    const large = randomBytes(24 * 1024 * 1024 + 777);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'abandoned', Body: large, ServerSideEncryption: 'AES256' }));
    const abandon = async (): Promise<void> => {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'abandoned' }));
      const body = got.Body as NodeJS.ReadableStream & { destroy(): void };
      await new Promise<void>((resolve, reject) => {
        let seen = 0;
        body.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen >= 1024 * 1024) { body.destroy(); resolve(); }
        });
        body.on('error', () => resolve()); // the destroy itself
        body.on('end', () => reject(new Error('the whole body arrived before the client went away')));
      });
    };
    const whole = async (i: number): Promise<void> => {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'abandoned' }));
      assert.ok((await bodyBytes(got.Body)).equals(large), `whole GET ${i}`);
    };
    for (let round = 0; round < 3; round++) {
      await Promise.all([abandon(), whole(2 * round), abandon(), whole(2 * round + 1)]);
    }
    const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'abandoned', Range: 'bytes=5000000-20000000' }));
    assert.ok((await bodyBytes(part.Body)).equals(large.subarray(5_000_000, 20_000_001)));
  });
});
