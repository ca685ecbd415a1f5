/** minio-js (npm `minio`) against a spawned server: put/get/stat/list/remove and a multipart fPutObject. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import * as Minio from 'minio';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, md5Hex, multipartEtag, sha256File, writeRandomFile, type TempDir } from '../helpers/files.js';

const BUCKET = 'minio-js';
const MiB = 1024 * 1024;
let server: CairnServer;
let tmp: TempDir;
let mc: Minio.Client;

before(async () => {
  server = await startServer({ drives: 4 });
  tmp = await makeTempDir('minio-js');
  mc = new Minio.Client({
    endPoint: '127.0.0.1', port: server.port, useSSL: false, region: 'us-east-1',
    accessKey: server.accessKey, secretKey: server.secretKey, partSize: 5 * MiB, pathStyle: true,
  });
});

after(async () => {
  await server?.stop();
  await tmp?.remove();
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listV2(prefix: string): Promise<string[]> {
  const names: string[] = [];
  const stream = mc.listObjectsV2(BUCKET, prefix, true);
  for await (const item of stream as AsyncIterable<{ name?: string }>) if (item.name) names.push(item.name);
  return names;
}

describe('minio-js', () => {
  it('makeBucket / bucketExists', async () => {
    await mc.makeBucket(BUCKET, 'us-east-1');
    assert.equal(await mc.bucketExists(BUCKET), true);
    assert.equal(await mc.bucketExists('minio-js-missing'), false);
  });

  it('putObject with metadata, statObject, getObject, getPartialObject', async () => {
    const body = Buffer.from('minio-js body '.repeat(50));
    const res = await mc.putObject(BUCKET, 'docs/one.txt', body, body.length, { 'Content-Type': 'text/plain', 'X-Amz-Meta-Team': 'storage' });
    assert.equal(res.etag, md5Hex(body));
    const stat = await mc.statObject(BUCKET, 'docs/one.txt');
    assert.equal(stat.size, body.length);
    assert.equal(stat.etag, md5Hex(body));
    assert.equal(stat.metaData['content-type'], 'text/plain');
    assert.equal(stat.metaData['team'], 'storage');
    assert.ok((await readAll(await mc.getObject(BUCKET, 'docs/one.txt'))).equals(body));
    assert.ok((await readAll(await mc.getPartialObject(BUCKET, 'docs/one.txt', 7, 5))).equals(body.subarray(7, 12)));
  });

  it('listObjectsV2 recursive and by prefix', async () => {
    for (const k of ['docs/two.txt', 'docs/sub/three.txt', 'other/four.txt']) await mc.putObject(BUCKET, k, Buffer.from(k));
    assert.deepEqual(await listV2('docs/'), ['docs/one.txt', 'docs/sub/three.txt', 'docs/two.txt']);
    assert.deepEqual(await listV2(''), ['docs/one.txt', 'docs/sub/three.txt', 'docs/two.txt', 'other/four.txt']);
  });

  it('fPutObject of 17 MiB goes multipart (5 MiB parts); fGetObject is identical', async () => {
    const src = join(tmp.path, 'big.bin');
    const data = await writeRandomFile(src, 17 * MiB);
    const res = await mc.fPutObject(BUCKET, 'big/17mib.bin', src, { 'Content-Type': 'application/octet-stream' });
    assert.equal(res.etag, multipartEtag(data, 5 * MiB));
    const stat = await mc.statObject(BUCKET, 'big/17mib.bin');
    assert.equal(stat.size, data.length);
    const dst = join(tmp.path, 'big.down');
    await mc.fGetObject(BUCKET, 'big/17mib.bin', dst);
    assert.equal(await sha256File(dst), await sha256File(src));
  });

  it('copyObject and presigned GET/PUT URLs', async () => {
    const conds = new Minio.CopyConditions();
    await mc.copyObject(BUCKET, 'docs/copied.txt', `/${BUCKET}/docs/one.txt`, conds);
    const copied = await readAll(await mc.getObject(BUCKET, 'docs/copied.txt'));
    assert.equal(copied.toString(), 'minio-js body '.repeat(50));
    const getUrl = await mc.presignedGetObject(BUCKET, 'docs/one.txt', 60);
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'minio-js body '.repeat(50));
    const putUrl = await mc.presignedPutObject(BUCKET, 'docs/presigned.txt', 60);
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned put' });
    assert.equal(put.status, 200, await put.text());
    assert.equal((await readAll(await mc.getObject(BUCKET, 'docs/presigned.txt'))).toString(), 'via presigned put');
    await mc.removeObjects(BUCKET, ['docs/copied.txt', 'docs/presigned.txt']);
  });

  it('setBucketTagging (minio-js takes only a 200), getBucketTagging, removeBucketTagging', async () => {
    await mc.setBucketTagging(BUCKET, { team: 'storage', tier: 'hot' });
    const tags = await mc.getBucketTagging(BUCKET);
    assert.deepEqual(tags.map((t) => [t.Key, t.Value]).sort(), [['team', 'storage'], ['tier', 'hot']]);
    await mc.removeBucketTagging(BUCKET);
    await assert.rejects(mc.getBucketTagging(BUCKET), (err: { code?: string }) => {
      assert.equal(err.code, 'NoSuchTagSet');
      return true;
    });
  });

  it('listenBucketNotification (a MinIO extension) is NotImplemented, not a listing it cannot parse', { timeout: 10_000 }, async () => {
    const listener = mc.listenBucketNotification(BUCKET, 'photos/', '.jpg', ['s3:ObjectCreated:*']);
    const err = await new Promise<{ code?: string }>((resolve, reject) => {
      listener.on('error', (e) => resolve(e as { code?: string }));
      listener.on('notification', () => reject(new Error('a notification arrived')));
    });
    listener.stop();
    assert.equal(err.code, 'NotImplemented');
  });

  it('removeObject, removeObjects, statObject of a removed key is NotFound', async () => {
    await mc.removeObject(BUCKET, 'docs/one.txt');
    await assert.rejects(mc.statObject(BUCKET, 'docs/one.txt'), (err: { code?: string }) => {
      assert.equal(err.code, 'NotFound');
      return true;
    });
    await mc.removeObjects(BUCKET, ['docs/two.txt', 'docs/sub/three.txt', 'other/four.txt', 'big/17mib.bin']);
    assert.deepEqual(await listV2(''), []);
    await mc.removeBucket(BUCKET);
    assert.equal(await mc.bucketExists(BUCKET), false);
  });
});
