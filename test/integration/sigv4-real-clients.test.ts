/**
 * s3/sigv4 against real clients: @aws-sdk/client-s3 (Buffer and stream bodies, flexible
 * checksums as aws-chunked trailers, awkward keys), its presigner used through fetch, and
 * minio-js — all talking to an in-process endpoint that runs authenticate() + decodeBody().
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { request } from 'node:http';
import { canonicalRequest, chunkSignature, deriveSigningKey, stringToSign, EMPTY_SHA256 } from '../../src/s3/sigv4/index.js';
import { startAuthHarness, type AuthHarness } from './sigv4-auth-harness.js';

/** PUTs a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body over a real socket; `corrupt` flips one data byte of that chunk. */
function putSignedChunked(h: AuthHarness, path: string, chunks: Buffer[], corrupt?: number): Promise<{ status: number; body: string }> {
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${h.region}/s3/aws4_request`;
  const signingKey = deriveSigningKey(h.secretKey, date, h.region, 's3');
  const decoded = chunks.reduce((n, c) => n + c.length, 0);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${h.port}`,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'x-amz-decoded-content-length': String(decoded),
    'content-encoding': 'aws-chunked',
  };
  const signedHeaders = Object.keys(headers).sort();
  const creq = canonicalRequest({ req: { method: 'PUT', rawPath: path, rawQuery: '', headers }, signedHeaders, payloadHash: headers['x-amz-content-sha256']! });
  const seed = createHmacHex(signingKey, stringToSign(amzDate, scope, creq));
  const ctx = { signingKey, seedSignature: seed, amzDate, scope };
  const parts: Buffer[] = [];
  let prev = seed;
  chunks.forEach((c, i) => {
    const sig = chunkSignature(ctx, prev, createHash('sha256').update(c).digest('hex'));
    prev = sig;
    const data = Buffer.from(c);
    if (i === corrupt) data[0] = data[0]! ^ 1;
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'));
  });
  parts.push(Buffer.from(`0;chunk-signature=${chunkSignature(ctx, prev, EMPTY_SHA256)}\r\n\r\n`));
  const body = Buffer.concat(parts);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${h.accessKey}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${seed}`;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h.port, method: 'PUT', path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function createHmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

const KEYS = ['plain.txt', 'with space/and+plus.txt', 'pct%25and~tilde$dollar=eq&amp', 'unicodé/日本/🙂', "quote'(paren)*star!"];

describe('SigV4 with real clients (in-process auth endpoint)', () => {
  let h: AuthHarness;
  let s3: S3Client;

  before(async () => {
    h = await startAuthHarness({ region: 'eu-west-3' });
    s3 = new S3Client({
      endpoint: `http://127.0.0.1:${h.port}`,
      region: h.region,
      forcePathStyle: true,
      credentials: { accessKeyId: h.accessKey, secretAccessKey: h.secretKey },
    });
  });

  after(async () => {
    s3.destroy();
    await h.close();
  });

  for (const key of KEYS) {
    it(`aws-sdk PutObject/GetObject with a Buffer body: ${key}`, async () => {
      const data = Buffer.from(`payload for ${key}`);
      await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: key, Body: data }));
      assert.deepEqual(h.objects.get(`/bkt/${key}`), data);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: key }));
      assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), data);
    });
  }

  it('aws-sdk PutObject with a stream body and a CRC32 checksum: aws-chunked with a trailer', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const before = h.seen.length;
    await s3.send(
      new PutObjectCommand({ Bucket: 'bkt', Key: 'streamed.bin', Body: Readable.from([data]), ContentLength: data.length, ChecksumAlgorithm: 'CRC32' }),
    );
    assert.deepEqual(h.objects.get('/bkt/streamed.bin'), data);
    const put = h.seen.slice(before).find((r) => r.method === 'PUT');
    assert.ok(put);
    assert.equal(put.errorCode, undefined);
    assert.match(put.payload, /^streaming-/);
    assert.ok(put.trailers['x-amz-checksum-crc32'], `trailers: ${JSON.stringify(put.trailers)}`);
  });

  it('presigned GET and PUT URLs work through fetch; tampering and expiry are refused', async () => {
    const data = Buffer.from('presigned body');
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'bkt', Key: 'pre signed+key.txt' }), { expiresIn: 300 });
    const put = await fetch(putUrl, { method: 'PUT', body: data });
    assert.equal(put.status, 200, await put.text());
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bkt', Key: 'pre signed+key.txt' }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), data);
    const tampered = await fetch(getUrl.replace('pre%20signed', 'pre%20signee'));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const asPut = await fetch(getUrl, { method: 'PUT', body: 'x' });
    assert.equal(asPut.status, 403);
    const expiredUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bkt', Key: 'pre signed+key.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    const expired = await fetch(expiredUrl);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /Request has expired/);
  });

  it('a client signing for another region is told the expected one', async () => {
    const other = new S3Client({
      endpoint: `http://127.0.0.1:${h.port}`,
      region: 'us-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: h.accessKey, secretAccessKey: h.secretKey },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(other.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'plain.txt' })), (e: unknown) => {
        assert.equal((e as { name: string }).name, 'AuthorizationHeaderMalformed');
        return true;
      });
    } finally {
      other.destroy();
    }
  });

  it('a wrong secret is SignatureDoesNotMatch', async () => {
    const bad = new S3Client({
      endpoint: `http://127.0.0.1:${h.port}`,
      region: h.region,
      forcePathStyle: true,
      credentials: { accessKeyId: h.accessKey, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(bad.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'nope', Body: 'x' })), (e: unknown) => (e as { name: string }).name === 'SignatureDoesNotMatch');
      assert.equal(h.objects.has('/bkt/nope'), false);
    } finally {
      bad.destroy();
    }
  });

  it('signed aws-chunked PUT over a socket: stored when intact, 403 SignatureDoesNotMatch and nothing stored when a chunk is altered', async () => {
    const chunks = [Buffer.alloc(65536, 1), Buffer.alloc(65536, 2), Buffer.alloc(100, 3)];
    const ok = await putSignedChunked(h, '/bkt/chunked/ok.bin', chunks);
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(h.objects.get('/bkt/chunked/ok.bin'), Buffer.concat(chunks));
    for (const corrupt of [0, 2]) {
      const bad = await putSignedChunked(h, `/bkt/chunked/bad${corrupt}.bin`, chunks, corrupt);
      assert.equal(bad.status, 403);
      assert.match(bad.body, /<Code>SignatureDoesNotMatch<\/Code>/);
      assert.equal(h.objects.has(`/bkt/chunked/bad${corrupt}.bin`), false);
    }
  });

  it('minio-js putObject/getObject (buffer and stream)', async () => {
    const Minio = await import('minio');
    const mc = new Minio.Client({ endPoint: '127.0.0.1', port: h.port, useSSL: false, accessKey: h.accessKey, secretKey: h.secretKey, region: h.region, pathStyle: true });
    const small = Buffer.from('minio small');
    await mc.putObject('bkt', 'minio/small key.txt', small);
    assert.deepEqual(h.objects.get('/bkt/minio/small key.txt'), small);
    const big = Buffer.alloc(6 * 1024 * 1024 + 5, 3);
    await mc.putObject('bkt', 'minio/big.bin', Readable.from([big]), big.length);
    assert.equal(createHash('sha256').update(h.objects.get('/bkt/minio/big.bin') ?? Buffer.alloc(0)).digest('hex'), createHash('sha256').update(big).digest('hex'));
    const stream = await mc.getObject('bkt', 'minio/small key.txt');
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c as Buffer);
    assert.deepEqual(Buffer.concat(parts), small);
  });
});
