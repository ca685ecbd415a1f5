/**
 * Healing a key with several versions (versioned bucket): versions written while a drive was
 * offline — inline, data-dir and a delete marker — are all rebuilt on it, each version's shard
 * files included; every version then reads back from the healed drive plus one other.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { healObject } from '../../src/object/heal/index.js';
import { BUCKET, contentOf, openFaultHarness, readBody, within } from './fault-harness.js';

test('heal rebuilds every version of a key (inline, data dir, delete marker) on a returned drive', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'versioned/key';
    const before = contentOf('v0', 200 * 1024);
    const v0 = await h.layer.putObject({ bucket: BUCKET, key, body: Readable.from([before]), size: before.length, versioned: true });
    h.faults[3]!.set({ offline: true });
    const versions = [{ id: v0.versionId, data: before }];
    for (const [i, size] of [[1, 5000], [2, 300 * 1024], [3, 0]] as const) {
      const data = contentOf(`v${i}`, size);
      const info = await h.layer.putObject({ bucket: BUCKET, key, body: Readable.from([data]), size, versioned: true });
      versions.push({ id: info.versionId, data });
    }
    const marker = await h.layer.deleteObject({ bucket: BUCKET, key, versioning: 'Enabled' });
    assert.equal(marker.isDeleteMarker, true);
    h.resetFaults();

    const res = await healObject(h.layer.context, { bucket: BUCKET, key: key });
    assert.deepEqual(res.failures, []);
    assert.equal(res.recordsHealed, 1);
    assert.equal(res.shardsHealed, 1, 'the 300 KiB version written without drive 4 got its shard file');
    assert.deepEqual((await healObject(h.layer.context, { bucket: BUCKET, key: key })).problems, []);

    h.faults[0]!.set({ offline: true });
    h.faults[1]!.set({ offline: true });
    for (const v of versions) {
      const got = await within(15_000, readBody((await h.layer.getObject({ bucket: BUCKET, key, versionId: v.id })).body), v.id);
      assert.ok(got.equals(v.data), `version ${v.id}`);
    }
    const listed = await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 100 });
    assert.equal(listed.versions.length, versions.length + 1);
    assert.equal(listed.versions[0]!.isDeleteMarker, true);
  } finally {
    await h.close();
  }
});
