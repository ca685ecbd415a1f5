/**
 * The core read paths over multipart objects (multipart/ writes them): GET part after part,
 * partNumber, ranges across parts, HEAD parts, and CopyObject of a multipart source into a
 * plain object.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { InvalidPartNumberError } from '../../src/errors/domain-errors.js';
import { BUCKET, bytes, MiB, openHarness, readAll } from './object-layer-harness.js';

test('multipart objects: whole, parts, ranges across parts, copy to a plain object', async () => {
  const h = await openHarness(4);
  try {
    const p1 = bytes(5 * MiB, 1);
    const p2 = bytes(5 * MiB, 2);
    const p3 = bytes(123, 3);
    const whole = Buffer.concat([p1, p2, p3]);
    const up = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'mp', contentType: 'video/x' });
    const parts = [];
    for (const [i, p] of [p1, p2, p3].entries()) {
      const info = await h.layer.putObjectPart({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, partNumber: i + 1, body: Readable.from([p]), size: p.length });
      parts.push({ partNumber: i + 1, etag: info.etag });
    }
    const done = await h.layer.completeMultipartUpload({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, parts });
    assert.match(done.etag, /^[0-9a-f]{32}-3$/);
    assert.ok((await h.get('mp')).equals(whole));
    for (const [n, start, end] of [[1, 0, 5 * MiB - 1], [2, 5 * MiB, 10 * MiB - 1], [3, 10 * MiB, 10 * MiB + 122]] as const) {
      const r = await h.layer.getObject({ bucket: BUCKET, key: 'mp', partNumber: n });
      assert.equal(r.partsCount, 3);
      assert.deepEqual(r.range, { start, end });
      assert.ok((await readAll(r.body)).equals(whole.subarray(start, end + 1)), `part ${n}`);
    }
    await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'mp', partNumber: 4 }), InvalidPartNumberError);
    const across = await h.layer.getObject({ bucket: BUCKET, key: 'mp', range: { kind: 'bounded', start: 5 * MiB - 7, end: 10 * MiB + 5 } });
    assert.ok((await readAll(across.body)).equals(whole.subarray(5 * MiB - 7, 10 * MiB + 6)));
    const tail = await h.layer.getObject({ bucket: BUCKET, key: 'mp', range: { kind: 'suffix', length: 200 } });
    assert.ok((await readAll(tail.body)).equals(whole.subarray(whole.length - 200)));
    const head = await h.layer.headObject({ bucket: BUCKET, key: 'mp', partNumber: 2 });
    assert.equal(head.parts!.length, 3);
    assert.equal(head.contentType, 'video/x');

    const copy = await h.layer.copyObject({ bucket: BUCKET, key: 'plain', source: { bucket: BUCKET, key: 'mp' }, metadataDirective: 'COPY' });
    assert.equal(copy.etag, createHash('md5').update(whole).digest('hex'));
    assert.equal(copy.parts, undefined);
    assert.equal(copy.contentType, 'video/x');
    assert.ok((await h.get('plain')).equals(whole));
    await h.layer.deleteObject({ bucket: BUCKET, key: 'mp' });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'plain' });
    assert.deepEqual(await h.dataFiles(), []);
  } finally {
    await h.close();
  }
});
