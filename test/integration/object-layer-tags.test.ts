/**
 * ObjectLayer.updateObjectTags over real drives (1 and 4): the tags of one version change in
 * place (versionId, ETag, Last-Modified, data and the other versions unchanged) on every
 * drive; delete markers, unknown and malformed versions are typed errors; concurrent tag
 * updates and puts from two layers (separate key locks, as two processes) converge.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  InvalidVersionIdError, ObjectDeletedError, ObjectNotFoundError, VersionIsDeleteMarkerError, VersionNotFoundError,
} from '../../src/errors/domain-errors.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { healObject } from '../../src/object/heal/index.js';
import { newId } from '../../src/object/ids.js';
import type { ObjectRecord } from '../../src/storage/format/index.js';
import { BUCKET, bytes, KiB, openHarness, type Harness } from './object-layer-harness.js';

const TAGS = 'x-amz-tagging';

/** A drive's record without its per-drive inline shard, for comparing drives. */
function comparable(r: ObjectRecord | undefined): unknown {
  return r?.versions.map((v) => ({ ...v, inline: undefined }));
}

async function assertDrivesAgree(h: Harness, key: string): Promise<ObjectRecord> {
  const recs = await h.records(key);
  for (const r of recs) assert.deepEqual(comparable(r), comparable(recs[0]));
  assert.ok(recs[0]);
  return recs[0];
}

for (const n of [1, 4]) {
  describe(`updateObjectTags, ${n} drive(s)`, () => {
    test('tags of the latest and of an older version change in place; nothing else moves', async () => {
      const h = await openHarness(n);
      try {
        const v1 = await h.put('k', Buffer.from('one'), { versioned: true, systemMetadata: { [TAGS]: 'a=1', 'cache-control': 'no-cache' } });
        const v2 = await h.put('k', bytes(200 * KiB, 2), { versioned: true });
        const before = await h.records('k');

        const latest = await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', tags: { x: 'y z', b: '' } });
        assert.equal(latest.versionId, v2.versionId);
        assert.equal(latest.isLatest, true);
        assert.equal(latest.etag, v2.etag);
        assert.equal(latest.lastModified.getTime(), v2.lastModified.getTime());
        assert.equal(latest.systemMetadata[TAGS], 'x=y+z&b=');
        const head2 = await h.layer.headObject({ bucket: BUCKET, key: 'k' });
        assert.equal(head2.versionId, v2.versionId);
        assert.equal(head2.etag, v2.etag);
        assert.equal(head2.lastModified.getTime(), v2.lastModified.getTime());
        assert.equal(head2.systemMetadata[TAGS], 'x=y+z&b=');
        assert.deepEqual(await h.get('k'), bytes(200 * KiB, 2));
        // The older version is untouched by the update of the latest.
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId })).systemMetadata[TAGS], 'a=1');

        const older = await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', versionId: v1.versionId, tags: { c: '3' } });
        assert.equal(older.isLatest, false);
        const head1 = await h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId });
        assert.deepEqual(head1.systemMetadata, { [TAGS]: 'c=3', 'cache-control': 'no-cache' });
        assert.equal(head1.etag, v1.etag);
        assert.equal(head1.lastModified.getTime(), v1.lastModified.getTime());
        assert.equal((await h.get('k', { versionId: v1.versionId })).toString(), 'one');
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k' })).systemMetadata[TAGS], 'x=y+z&b=');

        // Removing the tags drops the entry; the other metadata stays.
        await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', versionId: v1.versionId, tags: undefined });
        assert.deepEqual((await h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId })).systemMetadata, { 'cache-control': 'no-cache' });
        await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', tags: {} });
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k' })).systemMetadata[TAGS], undefined);

        // Same versions (writeId, mtime, data refs) on every drive, in the same order.
        const after = await assertDrivesAgree(h, 'k');
        const ident = (r: ObjectRecord | undefined): unknown => r?.versions.map((v) => [v.versionId, v.writeId, v.mtime, v.etag, v.dataId, v.size]);
        assert.deepEqual(ident(after), ident(before[0]));
        assert.ok(after.versions.every((v) => typeof v.metaWriteId === 'string'));
        assert.equal((await h.dataFiles()).length, n, 'the big version keeps its one data dir');
      } finally {
        await h.close();
      }
    });

    test('null version of an unversioned key; delete markers, unknown and malformed versions', async () => {
      const h = await openHarness(n);
      try {
        const put = await h.put('plain', Buffer.from('data'));
        const tagged = await h.layer.updateObjectTags({ bucket: BUCKET, key: 'plain', versionId: 'null', tags: { t: '1' } });
        assert.equal(tagged.versionId, 'null');
        assert.equal(tagged.lastModified.getTime(), put.lastModified.getTime());
        assert.equal((await h.get('plain')).toString(), 'data');
        await assertDrivesAgree(h, 'plain');

        await assert.rejects(h.layer.updateObjectTags({ bucket: BUCKET, key: 'missing', tags: { a: 'b' } }), ObjectNotFoundError);
        await assert.rejects(h.layer.updateObjectTags({ bucket: BUCKET, key: 'plain', versionId: '0'.repeat(32), tags: {} }), VersionNotFoundError);
        await assert.rejects(h.layer.updateObjectTags({ bucket: BUCKET, key: 'plain', versionId: 'not-a-version', tags: {} }), InvalidVersionIdError);

        await h.put('dm', Buffer.from('x'), { versioned: true });
        const marker = await h.layer.deleteObject({ bucket: BUCKET, key: 'dm', versioning: 'Enabled' });
        const beforeRecs = await h.records('dm');
        await assert.rejects(h.layer.updateObjectTags({ bucket: BUCKET, key: 'dm', versionId: marker.versionId!, tags: { a: 'b' } }), VersionIsDeleteMarkerError);
        await assert.rejects(h.layer.updateObjectTags({ bucket: BUCKET, key: 'dm', tags: { a: 'b' } }), ObjectDeletedError);
        assert.deepEqual(await h.records('dm'), beforeRecs, 'a refused update writes nothing');
      } finally {
        await h.close();
      }
    });

    test('concurrent tag updates and puts from two layers converge to one record on every drive', async () => {
      const h = await openHarness(n);
      try {
        const other = new ErasureObjectLayer(h.storage); // its own key locks: races like another process
        const base = await h.put('race', Buffer.from('base'), { versioned: true });
        for (let round = 0; round < 5; round++) {
          const fresh = Buffer.from(`new${round}`);
          const ops: Promise<unknown>[] = [
            h.layer.updateObjectTags({ bucket: BUCKET, key: 'race', versionId: base.versionId, tags: { by: `a${round}` } }),
            other.updateObjectTags({ bucket: BUCKET, key: 'race', versionId: base.versionId, tags: { by: `b${round}` } }),
            other.putObject({ bucket: BUCKET, key: 'race', body: Readable.from([fresh]), size: fresh.length, versioned: true }),
            h.put('race-null', Buffer.from(`n${round}`)),
            other.updateObjectTags({ bucket: BUCKET, key: 'race-null', tags: { r: String(round) } }).catch((e: unknown) => {
              if (!(e instanceof ObjectNotFoundError)) throw e; // first round: the key may not exist yet
            }),
          ];
          await Promise.all(ops);
          const rec = await assertDrivesAgree(h, 'race');
          assert.equal(rec.versions.length, round + 2);
          const baseV = rec.versions.find((v) => v.versionId === base.versionId)!;
          assert.match(baseV.systemMetadata[TAGS] ?? '', new RegExp(`^by=[ab]${round}$`));
          assert.equal(baseV.mtime, base.lastModified.getTime());
          assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'race', versionId: base.versionId })).systemMetadata[TAGS], baseV.systemMetadata[TAGS]);
          await assertDrivesAgree(h, 'race-null');
        }
        assert.equal((await h.get('race', { versionId: base.versionId })).toString(), 'base');
      } finally {
        await h.close();
      }
    });
  });
}

describe('updateObjectTags, 4 drives, an update only the arbiter has applied', () => {
  test('the retry edits the arbiter\'s record instead of re-reading the stale quorum', async () => {
    // Another process's update has committed on drive 0 (the arbiter) and not yet on the
    // others: the quorum read keeps returning the old metaWriteId, so retrying from a fresh
    // quorum read would fail the guard every time.
    const h = await openHarness(4);
    try {
      const v = await h.put('k', Buffer.from('x'), { versioned: true, systemMetadata: { [TAGS]: 'old=1', 'cache-control': 'no-store' } });
      const rec = (await h.records('k'))[0]!;
      const otherWrite = newId(); // ids are time-ordered: the update's own id comes later and wins
      const ahead: ObjectRecord = {
        ...rec,
        versions: rec.versions.map((x) => ({ ...x, metaWriteId: otherWrite, systemMetadata: { ...x.systemMetadata, 'cache-control': 'max-age=5' } })),
      };
      await h.writeRecord(0, 'k', ahead);

      await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', versionId: v.versionId, tags: { new: '2' } });
      const after = await assertDrivesAgree(h, 'k');
      // Edited from the arbiter's state: the other process's change is kept, not overwritten.
      assert.deepEqual(after.versions[0]!.systemMetadata, { [TAGS]: 'new=2', 'cache-control': 'max-age=5' });
      assert.ok(after.versions[0]!.metaWriteId! > otherWrite);
    } finally {
      await h.close();
    }
  });
});

describe('updateObjectTags, 4 drives, one offline', () => {
  test('reaches write quorum; reads see the new tags; heal brings the missed drive up to date', async () => {
    const h = await openHarness(4);
    try {
      const v = await h.put('k', Buffer.from('x'), { versioned: true, systemMetadata: { [TAGS]: 'old=1' } });
      h.faults[3]!.set({ offline: true });
      await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', versionId: v.versionId, tags: { new: '2' } });
      h.faults[3]!.set({ offline: false });
      const stale = await h.records('k');
      assert.equal(stale[3]!.versions[0]!.systemMetadata[TAGS], 'old=1');
      assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k' })).systemMetadata[TAGS], 'new=2');
      const res = await healObject(h.layer.context, { bucket: BUCKET, key: 'k' });
      assert.ok(res.problems.some((p) => p.includes('drive 3')), res.problems.join('; '));
      const healed = await assertDrivesAgree(h, 'k');
      assert.equal(healed.versions[0]!.systemMetadata[TAGS], 'new=2');
      assert.deepEqual((await healObject(h.layer.context, { bucket: BUCKET, key: 'k' })).problems, []);
    } finally {
      await h.close();
    }
  });
});
