/**
 * How the pipeline renders handler outcomes: an unexpected exception becomes a generic 500
 * (logged with the request id, internals never shown), a body stream that fails before its
 * first byte still gets an XML error, one that fails mid-way cuts the connection, HEAD never
 * carries a body. The pipeline runs over the real object layer with a handler map in which a
 * few operations are replaced by handlers that misbehave on purpose.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HttpServer } from '../../src/http/http-server.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import type { ObjectLayer } from '../../src/object/object-layer.js';
import { HANDLERS } from '../../src/s3/handlers/index.js';
import type { Handler, S3Response } from '../../src/s3/handlers/handler.js';
import type { S3Operation } from '../../src/s3/operations.js';
import { createS3Pipeline } from '../../src/s3/pipeline.js';
import { RootOnlyAuthorizer } from '../../src/s3/pipeline/authorize.js';
import type { Logger } from '../../src/s3/pipeline/logger.js';
import { createStorage } from '../../src/storage/index.js';
import { rawRequest, xmlValue } from '../helpers/raw-http.js';
import { EMPTY_SHA256, signRequest } from '../helpers/sigv4-signer.js';

const creds = { accessKey: 'erroradmin', secretKey: 'error-secret-key-1' };
let base: string;
let objects: ObjectLayer;
let http: HttpServer;
let port: number;
const logs: Array<{ msg: string; fields: Record<string, unknown> }> = [];

const failingHandlers: Partial<Record<S3Operation, Handler>> = {
  ListBuckets: async () => { throw new Error('secret internals: /var/lib/cairn exploded'); },
  GetObject: async (req): Promise<S3Response> => {
    if (req.key === 'fails-early') {
      const body = new Readable({ read() { this.destroy(new Error('disk read failed before any byte')); } });
      return { status: 200, headers: { 'content-length': 10, etag: '"x"' }, body };
    }
    let sent = false;
    const body = new Readable({
      read() {
        if (!sent) { sent = true; this.push(Buffer.alloc(1000, 1)); return; }
        setTimeout(() => this.destroy(new Error('disk read failed mid-way')), 20);
      },
    });
    return { status: 200, headers: { 'content-length': 5000 }, body };
  },
  HeadObject: async () => ({ status: 200, headers: { 'content-length': 42, etag: '"abc"' }, body: 'this must never be sent' }),
};

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-h4a-err-'));
  const storage = await createStorage({ endpoints: [join(base, 'd1')] });
  objects = new ErasureObjectLayer(storage, { region: 'us-east-1' });
  const capture = (msg: string, fields?: Readonly<Record<string, unknown>>): void => { logs.push({ msg, fields: { ...(fields ?? {}) } }); };
  const logger: Logger = { debug: capture, info: capture, warn: capture, error: capture };
  const listener = createS3Pipeline({
    objects,
    handlers: { ...HANDLERS, ...failingHandlers },
    credentials: { secretFor: (k) => (k === creds.accessKey ? creds.secretKey : undefined) },
    authorizer: new RootOnlyAuthorizer(creds.accessKey),
    health: { isReady: () => true, hasWriteQuorum: () => true },
    logger,
    region: 'us-east-1',
    domains: [],
  });
  http = new HttpServer({ host: '127.0.0.1', port: 0, listener, logger });
  port = (await http.listen()).port;
});
after(async () => {
  await http?.close(2000);
  await objects?.close();
  await rm(base, { recursive: true, force: true });
});

function signed(method: string, path: string) {
  const h = signRequest({ method, path, host: `127.0.0.1:${port}`, payloadHash: EMPTY_SHA256 }, creds).headers;
  return rawRequest({ port, method, path, headers: h, timeoutMs: 10_000 });
}

describe('pipeline error rendering', () => {
  it('an unexpected exception is a generic 500 InternalError, logged with the request id', async () => {
    const res = await signed('GET', '/');
    assert.equal(res.status, 500);
    assert.equal(xmlValue(res.text, 'Code'), 'InternalError');
    assert.equal(xmlValue(res.text, 'Message'), 'We encountered an internal error. Please try again.');
    assert.doesNotMatch(res.text, /secret internals/);
    const id = res.headers['x-amz-request-id'];
    const entry = logs.find((l) => l.fields['requestId'] === id);
    assert.ok(entry, 'logged');
    assert.equal(entry.fields['op'], 'ListBuckets');
    assert.match(String((entry.fields['error'] as Error).message), /secret internals/);
  });
  it('a body stream failing before its first byte still gets a clean XML error without the handler headers', async () => {
    const res = await signed('GET', '/bucket/fails-early');
    assert.equal(res.status, 500);
    assert.equal(xmlValue(res.text, 'Code'), 'InternalError');
    assert.equal(res.headers['etag'], undefined);
    assert.equal(Number(res.headers['content-length']), res.body.length);
  });
  it('a body stream failing mid-way cuts the connection (no truncated success)', async () => {
    await assert.rejects(signed('GET', '/bucket/fails-late'));
  });
  it('HEAD never carries a body, even when the handler gives one', async () => {
    const res = await signed('HEAD', '/bucket/key');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '42');
    assert.equal(res.body.length, 0);
  });
});
