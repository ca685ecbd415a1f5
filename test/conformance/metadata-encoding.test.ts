/**
 * Conformance: non-ASCII user metadata with a real SDK, and how it is returned.
 * - AWS documents US-ASCII metadata only and answers SignatureDoesNotMatch to SDKs sending raw
 *   non-ASCII values; Cairn is lenient and accepts both client readings: the JS/Go/Java SDKs
 *   sign and send UTF-8 bytes; botocore sends latin1 bytes but signs the UTF-8 text.
 * - AWS returns non-ASCII metadata values RFC 2047 encoded ("=?UTF-8?B?...?=", see
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html); ASCII values as is.
 * - A value the client already sent RFC 2047 encoded round-trips unchanged.
 * - Repeated x-amz-meta-* headers are one value joined with ',' (how SigV4 canonicalizes them).
 */
import { after, before, describe, it } from 'node:test';
import { request } from 'node:http';
import assert from 'node:assert/strict';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { sha256Hex, signRequest } from '../helpers/sigv4-signer.js';
import { sdkClient } from '../helpers/s3-client.js';
import { signedRequest } from '../helpers/signed-request.js';
import { call } from './conformance-client.js';

let s: CairnServer;
let sdk: S3Client;
before(async () => {
  s = await startServer();
  sdk = sdkClient(s);
  await sdk.send(new CreateBucketCommand({ Bucket: 'meta' }));
});
after(async () => { sdk?.destroy(); await s?.stop(); });

describe('non-ASCII user metadata', () => {
  it('an SDK PutObject with a UTF-8 metadata value is accepted; HeadObject returns it RFC 2047 encoded', async () => {
    await sdk.send(new PutObjectCommand({ Bucket: 'meta', Key: 'utf8', Body: 'x', Metadata: { city: 'Zürich café', plain: 'ascii only' } }));
    const head = await sdk.send(new HeadObjectCommand({ Bucket: 'meta', Key: 'utf8' }));
    assert.equal(head.Metadata?.city, `=?UTF-8?B?${Buffer.from('Zürich café', 'utf8').toString('base64')}?=`);
    assert.equal(head.Metadata?.plain, 'ascii only');
  });
  it('a client that sends latin1 bytes and signs the UTF-8 text (botocore / http.client) is accepted too', async () => {
    // A Buffer body makes node:http write the header block as latin1: 'é' goes out as 0xE9,
    // while the test signer hashed the UTF-8 text, as botocore does.
    const r = await signedRequest(s, { method: 'PUT', path: '/meta/latin1', body: Buffer.from('x'), headers: { 'x-amz-meta-word': 'café' } });
    assert.equal(r.status, 200, r.text);
    const head = await call(s, 'HEAD', '/meta/latin1');
    assert.equal(head.headers['x-amz-meta-word'], `=?UTF-8?B?${Buffer.from('café', 'utf8').toString('base64')}?=`);
  });
  it('a value sent RFC 2047 encoded round-trips unchanged', async () => {
    const encoded = `=?UTF-8?B?${Buffer.from('naïve', 'utf8').toString('base64')}?=`;
    await sdk.send(new PutObjectCommand({ Bucket: 'meta', Key: 'rfc2047', Body: 'x', Metadata: { word: encoded } }));
    const head = await sdk.send(new HeadObjectCommand({ Bucket: 'meta', Key: 'rfc2047' }));
    assert.equal(head.Metadata?.word, encoded);
  });
  it('repeated x-amz-meta-* headers become one value joined with ","', async () => {
    const signed = signRequest({ method: 'PUT', path: '/meta/repeated', host: `127.0.0.1:${s.port}`, headers: { 'x-amz-meta-multi': 'a,b' }, payloadHash: sha256Hex('x') },
      { accessKey: s.accessKey, secretKey: s.secretKey, region: 'us-east-1' });
    // SigV4 signs repeated headers as one comma-joined value; on the wire they are two lines.
    const rawHeaders = Object.entries(signed.headers).filter(([k]) => k !== 'x-amz-meta-multi').flatMap(([k, v]) => [k, v]);
    const put = await rawPut(s.port, '/meta/repeated', [...rawHeaders, 'x-amz-meta-multi', 'a', 'X-Amz-Meta-Multi', 'b', 'content-length', '1'], 'x');
    assert.equal(put.status, 200, put.text);
    const head = await call(s, 'HEAD', '/meta/repeated');
    assert.equal(head.headers['x-amz-meta-multi'], 'a,b');
  });
});

/** A PUT with a raw header list (node:http sends the array as given, repeats included). */
function rawPut(port: number, path: string, rawHeaders: string[], body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path, headers: rawHeaders as unknown as Record<string, string>, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
