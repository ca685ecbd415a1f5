/**
 * Virtual-host-style addressing (bucket.DOMAIN) with CAIRN_DOMAIN set: the real SDK with
 * forcePathStyle off (its agent resolves every name to 127.0.0.1), and raw signed requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';

const DOMAIN = 'cairn.test';
let server: CairnServer;
let vhost: S3Client;
let pathStyle: S3Client;
let agent: Agent;

/** Every name is 127.0.0.1: bucket.cairn.test needs no DNS. */
const loopbackLookup = ((_host: string, options: unknown, callback?: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address: unknown, family?: number) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
  if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}) as LookupFunction;

before(async () => {
  server = await startServer({ env: { CAIRN_DOMAIN: DOMAIN } });
  agent = new Agent({ keepAlive: true, lookup: loopbackLookup });
  vhost = sdkClient(server, {
    endpoint: `http://${DOMAIN}:${server.port}`,
    forcePathStyle: false,
    requestHandler: { httpAgent: agent },
  });
  pathStyle = sdkClient(server);
});

after(async () => {
  vhost?.destroy();
  pathStyle?.destroy();
  agent?.destroy();
  await server?.stop();
});

describe(`virtual-host style (CAIRN_DOMAIN=${DOMAIN})`, () => {
  it('the SDK creates a bucket and writes through bucket.DOMAIN; path style sees the same data', async () => {
    let host = '';
    vhost.middlewareStack.add((next) => async (args) => {
      host = (args.request as { hostname?: string }).hostname ?? '';
      return next(args);
    }, { step: 'deserialize', name: 'captureHost' });
    await vhost.send(new CreateBucketCommand({ Bucket: 'vh-bucket' }));
    await vhost.send(new PutObjectCommand({ Bucket: 'vh-bucket', Key: 'dir/hello.txt', Body: 'virtual host' }));
    assert.equal(host, `vh-bucket.${DOMAIN}`, 'the SDK really used virtual-host addressing');
    const viaVhost = await vhost.send(new GetObjectCommand({ Bucket: 'vh-bucket', Key: 'dir/hello.txt' }));
    assert.equal((await bodyBytes(viaVhost.Body)).toString(), 'virtual host');
    const viaPath = await pathStyle.send(new GetObjectCommand({ Bucket: 'vh-bucket', Key: 'dir/hello.txt' }));
    assert.equal((await bodyBytes(viaPath.Body)).toString(), 'virtual host');
    const list = await vhost.send(new ListObjectsV2Command({ Bucket: 'vh-bucket' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['dir/hello.txt']);
  });

  it('raw: a key path on bucket.DOMAIN addresses that bucket; the bare domain is path style', async () => {
    const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath('raw', 'x').replace(/^\/raw/, ''), body: 'raw vhost', host: `vh-bucket.${DOMAIN}:${server.port}` });
    assert.equal(put.status, 200, put.text);
    const get = await signedRequest(server, { method: 'GET', path: encodeKeyPath('vh-bucket', 'x'), host: `${DOMAIN}:${server.port}` });
    assert.equal(get.status, 200, get.text);
    assert.equal(get.text, 'raw vhost');
  });

  it('raw: an unknown bucket under DOMAIN is 404 NoSuchBucket', async () => {
    const res = await signedRequest(server, { method: 'GET', path: '/x', host: `no-such-bucket.${DOMAIN}:${server.port}` });
    assert.equal(res.status, 404, res.text);
    assert.match(res.text, /<Code>NoSuchBucket<\/Code>/);
  });
});
