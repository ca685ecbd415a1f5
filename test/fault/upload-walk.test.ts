/**
 * nextUploadBatch walks the union of every online drive's `u/` keys of a set: an upload whose
 * record is on one drive only is still visited, exactly once, in key order, whatever the
 * batch size; healSetUploads stops between uploads when aborted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healSetUploads, nextUploadBatch, parseUploadMetaKey, type UploadBatchItem } from '../../src/object/heal/index.js';
import { uploadKey } from '../../src/object/multipart/upload-record.js';
import type { ErasureSet } from '../../src/storage/storage.js';
import { compareUtf8 } from '../../src/util/utf8-order.js';
import { BUCKET, openFaultHarness } from './fault-harness.js';
import { createUpload } from './upload-heal-calls.js';

async function walk(set: ErasureSet, batchSize: number): Promise<UploadBatchItem[]> {
  const out: UploadBatchItem[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const batch = await nextUploadBatch(set, after, batchSize);
    out.push(...batch.items);
    if (batch.next === undefined) return out;
    after = batch.next;
  }
  throw new Error('walk did not end');
}

test('parseUploadMetaKey splits bucket, key (slashes, unicode) and uploadId; rejects malformed keys', () => {
  const id = '0123456789abcdef0123456789abcdef';
  assert.deepEqual(parseUploadMetaKey(uploadKey('bkt', 'a/b/é', id)), { bucket: 'bkt', key: 'a/b/é', uploadId: id });
  assert.equal(parseUploadMetaKey(`u/bkt/a\u0000not-an-id`), undefined);
  assert.equal(parseUploadMetaKey('u/bkt'), undefined);
  assert.equal(parseUploadMetaKey(`o/bkt/a\u0000${id}`), undefined);
});

test('nextUploadBatch: every upload once, in key order, also one held by a single drive or with a drive offline', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const keys = ['a', 'a', 'a/b', 'b', 'c/d/e', 'z', 'é'];
    const made: { key: string; uploadId: string }[] = [];
    for (const key of keys) made.push({ key, uploadId: await createUpload(h.layer, key) });
    // Only on drive 3 (a stale drive kept it) / only on drives 0 and 1.
    const lone = made[3]!;
    for (const d of [0, 1, 2]) await h.faults[d]!.metaBatch([{ key: uploadKey(BUCKET, lone.key, lone.uploadId), value: null }]);
    const pair = made[5]!;
    for (const d of [2, 3]) await h.faults[d]!.metaBatch([{ key: uploadKey(BUCKET, pair.key, pair.uploadId), value: null }]);
    const want = made.map((m) => uploadKey(BUCKET, m.key, m.uploadId)).sort(compareUtf8);
    const set = h.storage.sets[0]!;
    for (const batchSize of [1, 2, 3, 100]) {
      const seen = await walk(set, batchSize);
      assert.deepEqual(seen.map((s) => s.metaKey), want, `batch size ${batchSize}`);
      for (const s of seen) assert.equal(s.metaKey, uploadKey(s.bucket, s.key, s.uploadId));
    }
    h.faults[0]!.set({ offline: true });
    assert.deepEqual((await walk(set, 2)).map((s) => s.metaKey), want, 'drive 0 offline: drive 1 still has the pair');
    h.resetFaults();
    await assert.rejects(nextUploadBatch(set, undefined, 0), RangeError);

    const aborted = new AbortController();
    aborted.abort();
    assert.deepEqual(await healSetUploads(h.layer.context, set, { signal: aborted.signal }),
      { uploadsScanned: 0, uploadsHealed: 0, partsHealed: 0, failures: 0, isComplete: false });
  } finally {
    await h.close();
  }
});
