/**
 * The metadata-only copy of an object onto itself against other processes' writes (two layers
 * over the same drives with their own key locks, as two `--workers` processes): it commits
 * only while the arbiter drive's latest version is the one it read, else it falls back to a
 * full copy; a self-copy never leaves a record naming data an overwrite removed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { newId } from '../../src/object/ids.js';
import type { ObjectRecord } from '../../src/storage/format/index.js';
import { BUCKET, bytes, KiB, openHarness } from './object-layer-harness.js';

describe('copy onto itself', () => {
  test('an arbiter drive whose latest version differs from the read: no in-place rewrite, a full copy instead', async () => {
    const h = await openHarness(4);
    try {
      const data = bytes(200 * KiB, 5);
      await h.put('k', data, { contentType: 'text/a' });
      const before = (await h.records('k'))[1]!;
      // Drive 0 (the arbiter) holds a null version no other drive has, as if another process's
      // overwrite had reached it alone so far (same data: it stays readable either way).
      const ahead: ObjectRecord = { ...before, versions: before.versions.map((v) => ({ ...v, writeId: newId() })) };
      await h.writeRecord(0, 'k', ahead);

      const copied = await h.layer.copyObject({ bucket: BUCKET, key: 'k', source: { bucket: BUCKET, key: 'k' }, metadataDirective: 'REPLACE', contentType: 'text/b' });
      assert.equal(copied.contentType, 'text/b');
      const after = await h.records('k');
      for (const r of after) assert.equal(r?.versions.length, 1);
      assert.notEqual(after[0]!.versions[0]!.dataId, before.versions[0]!.dataId, 'a full copy wrote new data');
      assert.ok((await h.get('k')).equals(data));
    } finally {
      await h.close();
    }
  });

  test('self-copies racing overwrites from another process: every round ends readable, the same on every drive', async () => {
    const h = await openHarness(4);
    try {
      const other = new ErasureObjectLayer(h.storage); // its own key locks
      await h.put('race', bytes(200 * KiB, 0));
      for (let round = 1; round <= 12; round++) {
        const fresh = bytes(200 * KiB, round);
        await Promise.all([
          h.layer.copyObject({ bucket: BUCKET, key: 'race', source: { bucket: BUCKET, key: 'race' }, metadataDirective: 'REPLACE', contentType: `text/r${round}` }),
          other.putObject({ bucket: BUCKET, key: 'race', body: Readable.from([fresh]), size: fresh.length }),
        ]);
        const got = await h.get('race');
        assert.equal(got.length, 200 * KiB);
        const recs = await h.records('race');
        const ids = recs.map((r) => r?.versions.map((v) => [v.writeId, v.dataId]));
        for (const x of ids) assert.deepEqual(x, ids[0], `round ${round}: drives disagree`);
        assert.equal(recs[0]!.versions.length, 1);
      }
    } finally {
      await h.close();
    }
  });
});
