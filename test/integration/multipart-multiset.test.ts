/** Multipart over two erasure sets (18 drives = 2 sets of 9, EC 5+4): records land on each key's set, listings merge both. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListUploadsResult } from '../../src/object/object-layer.js';
import { BUCKET, metaKeys, openHarness, payload, type Harness } from './multipart-harness.js';

describe('multipart on two erasure sets', () => {
  let h: Harness;
  const created: [string, string][] = [];
  before(async () => {
    h = await openHarness(18);
    for (let i = 0; i < 40; i++) {
      const key = `obj-${String(i).padStart(2, '0')}`;
      created.push([key, (await h.mp.createMultipartUpload({ bucket: BUCKET, key })).uploadId]);
    }
  });
  after(async () => { await h.close(); });

  test('keys spread over both sets; each upload record lives only on its set', async () => {
    assert.equal(h.storage.sets.length, 2);
    const bySet = [0, 0];
    for (const [key, uploadId] of created) {
      const set = h.storage.setFor(BUCKET, key);
      bySet[set.index]!++;
      const other = h.storage.sets.find((s) => s !== set)!;
      const here = await Promise.all(set.drives.map((d) => d.metaGet(`u/${BUCKET}/${key}\u0000${uploadId}`)));
      const there = await Promise.all(other.drives.map((d) => d.metaGet(`u/${BUCKET}/${key}\u0000${uploadId}`)));
      assert.ok(here.every((v) => v !== undefined));
      assert.ok(there.every((v) => v === undefined));
    }
    assert.ok(bySet[0]! > 0 && bySet[1]! > 0, `both sets used: ${bySet.join('/')}`);
  });

  test('listing merges both sets in key order, across pages', async () => {
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res: ListUploadsResult = await h.mp.listMultipartUploads({
        bucket: BUCKET,
        maxUploads: 7, ...(keyMarker ? { keyMarker } : {}), ...(uploadIdMarker ? { uploadIdMarker } : {}),
      });
      seen.push(...res.uploads.map((u) => u.key));
      if (!res.isTruncated) break;
      keyMarker = res.nextKeyMarker;
      uploadIdMarker = res.nextUploadIdMarker;
    }
    assert.deepEqual(seen, created.map(([k]) => k));
  });

  test('round trip and abort on both sets', async () => {
    for (const [key, uploadId] of created.slice(0, 4)) {
      const data = payload(300_000, key.length);
      const p = await h.putPart(key, uploadId, 1, data);
      await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId, parts: [{ partNumber: 1, etag: p.etag }] });
      assert.ok((await h.get(key)).body.equals(data));
    }
    for (const [key, uploadId] of created.slice(4)) await h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId });
    assert.deepEqual(await metaKeys(h.storage, 'u/'), []);
    assert.deepEqual(await metaKeys(h.storage, 'p/'), []);
  });
});
