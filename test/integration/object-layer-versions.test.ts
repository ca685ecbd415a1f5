/**
 * Versioning semantics over real drives: Enabled / Suspended, delete markers, the null
 * version, versionId GET/HEAD/DELETE, and conditional writes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidVersionIdError, ObjectDeletedError, ObjectNotFoundError, PreconditionFailedError, VersionIsDeleteMarkerError, VersionNotFoundError,
} from '../../src/errors/domain-errors.js';
import { BUCKET, bytes, KiB, openHarness } from './object-layer-harness.js';

for (const n of [1, 4]) {
  describe(`versions, ${n} drive(s)`, () => {
    test('Enabled: each put is a version; delete adds a marker; versionId get/delete', async () => {
      const h = await openHarness(n);
      try {
        const v1 = await h.put('k', Buffer.from('one'), { versioned: true });
        const v2 = await h.put('k', bytes(200 * KiB, 2), { versioned: true });
        assert.match(v1.versionId, /^[0-9a-f]{32}$/);
        assert.notEqual(v1.versionId, v2.versionId);
        assert.equal((await h.get('k')).length, 200 * KiB);
        assert.equal((await h.get('k', { versionId: v1.versionId })).toString(), 'one');
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId })).isLatest, false);

        const del = await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versioning: 'Enabled' });
        assert.equal(del.isDeleteMarker, true);
        assert.match(del.versionId!, /^[0-9a-f]{32}$/);
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k' }), (e: unknown) => e instanceof ObjectDeletedError && e.versionId === del.versionId);
        await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: del.versionId }), VersionIsDeleteMarkerError);
        assert.equal((await h.get('k', { versionId: v2.versionId })).length, 200 * KiB);

        const listed = await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 100 });
        assert.deepEqual(listed.versions.map((v) => [v.versionId, v.isDeleteMarker, v.isLatest]),
          [[del.versionId, true, true], [v2.versionId, false, false], [v1.versionId, false, false]]);
        assert.deepEqual((await h.layer.listObjects({ bucket: BUCKET, maxKeys: 100 })).objects, []);

        // Removing the marker brings v2 back; removing v2 deletes its data dir.
        assert.deepEqual(await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: del.versionId! }), { versionId: del.versionId, isDeleteMarker: true });
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k' })).versionId, v2.versionId);
        assert.equal((await h.dataFiles()).length, n);
        assert.deepEqual(await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: v2.versionId }), { versionId: v2.versionId, isDeleteMarker: false });
        assert.deepEqual(await h.dataFiles(), []);
        assert.equal((await h.get('k')).toString(), 'one');
        // Missing version: success, as S3. Malformed: VersionNotFound.
        const missing = '0'.repeat(32);
        assert.deepEqual(await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: missing }), { versionId: missing, isDeleteMarker: false });
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k', versionId: missing }), VersionNotFoundError);
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k', versionId: 'not-a-version' }), InvalidVersionIdError);
        await assert.rejects(h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: '../x' }), InvalidVersionIdError);
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k', versionId: 'null' }), VersionNotFoundError);
        await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId });
        // No version left: a tombstone naming the three removed versions (the marker, v2, v1).
        for (const r of await h.records('k')) {
          assert.deepEqual(r?.versions, []);
          assert.deepEqual(new Set(r.removed.map((x) => x.writeId)), new Set([del.versionId, v2.versionId, v1.versionId]));
        }
        await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'k' }), ObjectNotFoundError);
        assert.deepEqual((await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 100 })).versions, []);
      } finally {
        await h.close();
      }
    });

    test('null version: unversioned puts, then Enabled, then Suspended', async () => {
      const h = await openHarness(n);
      try {
        await h.put('k', Buffer.from('null-1'));
        const v = await h.put('k', Buffer.from('versioned'), { versioned: true });
        assert.equal((await h.get('k', { versionId: 'null' })).toString(), 'null-1');
        // Suspended put replaces the null version (and becomes latest); the versioned one stays.
        const s = await h.put('k', bytes(150 * KiB, 9));
        assert.equal(s.versionId, 'null');
        assert.equal((await h.get('k', { versionId: 'null' })).length, 150 * KiB);
        assert.equal((await h.get('k', { versionId: v.versionId })).toString(), 'versioned');
        const list1 = await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 10 });
        assert.deepEqual(list1.versions.map((x) => x.versionId), ['null', v.versionId]);
        // Suspended delete: a null delete marker replaces the null version (and its data).
        const del = await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versioning: 'Suspended' });
        assert.deepEqual(del, { versionId: 'null', isDeleteMarker: true });
        assert.deepEqual(await h.dataFiles(), []);
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k' }), ObjectDeletedError);
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k', versionId: 'null' }), VersionIsDeleteMarkerError);
        const list2 = await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 10 });
        assert.deepEqual(list2.versions.map((x) => [x.versionId, x.isDeleteMarker]), [['null', true], [v.versionId, false]]);
        // Every drive holds the same versions.
        const recs = await h.records('k');
        for (const r of recs) assert.deepEqual(r!.versions.map((x) => x.writeId), recs[0]!.versions.map((x) => x.writeId));
      } finally {
        await h.close();
      }
    });

    test('conditional writes: If-None-Match * and If-Match', async () => {
      const h = await openHarness(n);
      try {
        await h.put('c', Buffer.from('first'), { conditions: { ifNoneMatch: '*' } });
        await assert.rejects(h.put('c', Buffer.from('second'), { conditions: { ifNoneMatch: '*' } }), PreconditionFailedError);
        await assert.rejects(h.put('big', bytes(200 * KiB), { conditions: { ifMatch: '"abc"' } }), ObjectNotFoundError);
        assert.deepEqual(await h.dataFiles(), [], 'a refused conditional write leaves no data');
        const cur = await h.layer.headObject({ bucket: BUCKET, key: 'c' });
        await assert.rejects(h.put('c', Buffer.from('third'), { conditions: { ifMatch: '"ffff"' } }), PreconditionFailedError);
        await h.put('c', Buffer.from('fourth'), { conditions: { ifMatch: `"${cur.etag}"` } });
        assert.equal((await h.get('c')).toString(), 'fourth');
        await assert.rejects(h.layer.deleteObject({ bucket: BUCKET, key: 'c', conditions: { ifMatch: '"ffff"' } }), PreconditionFailedError);
        // Racing conditional creates in one process: exactly one wins.
        const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => h.put('race', Buffer.from(`w${i}`), { conditions: { ifNoneMatch: '*' } })));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        assert.ok(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof PreconditionFailedError));
        // After a delete marker, If-None-Match * succeeds again.
        await h.layer.deleteObject({ bucket: BUCKET, key: 'race', versioning: 'Enabled' });
        await h.put('race', Buffer.from('again'), { conditions: { ifNoneMatch: '*' }, versioned: true });
      } finally {
        await h.close();
      }
    });
  });
}
