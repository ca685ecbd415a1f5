/**
 * Hard deletes while a drive is offline (EC 2+2, 4 drives): the drive that missed the delete
 * comes back with the old record. GET/HEAD answer "not found", ListObjects and
 * ListObjectVersions never show the removed key or version whichever drives a listing scans
 * (n - writeQuorum + 1 = 2: other drives are taken offline so the stale one is scanned), heal
 * gives the stale drive the tombstone, a torn state (the stale drive + one drive that saw the
 * delete) still reads as deleted, and a replay of the removed write does not resurrect it.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ObjectNotFoundError, VersionNotFoundError } from '../../src/errors/domain-errors.js';
import { commitVersion } from '../../src/object/commit-version.js';
import { healObject } from '../../src/object/heal/index.js';
import { IN_FLIGHT_GRACE_MS } from '../../src/object/heal/heal-plan.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { mergeRecord } from '../../src/object/record-merge.js';
import { decodeObjectRecord, encodeObjectRecord, type ObjectRecord } from '../../src/storage/format/index.js';
import { BUCKET, contentOf, openFaultHarness, readBody, type FaultHarness } from './fault-harness.js';

const STALE = 3;

async function recordOn(h: FaultHarness, drive: number, key: string): Promise<ObjectRecord | undefined> {
  const raw = await h.faults[drive]!.metaGet(objectKey(BUCKET, key));
  return raw === undefined ? undefined : decodeObjectRecord(raw);
}

function queuedKeys(h: FaultHarness): string[] {
  const out: string[] = [];
  for (let item = h.queue.poll(); item; item = h.queue.poll()) out.push(item.key);
  return out;
}

/** Every way to take up to two drives offline (a read quorum of 2 stays online). */
const OFFLINE_SETS: readonly (readonly number[])[] = [[], [0], [1], [2], [3], [0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]];

async function withOffline<T>(h: FaultHarness, offline: readonly number[], fn: () => Promise<T>): Promise<T> {
  for (const i of offline) h.faults[i]!.set({ offline: true });
  try {
    return await fn();
  } finally {
    h.resetFaults();
  }
}

async function listedKeys(h: FaultHarness): Promise<string[]> {
  return (await h.layer.listObjects({ bucket: BUCKET, maxKeys: 100 })).objects.map((o) => o.key);
}

async function listedVersions(h: FaultHarness): Promise<string[]> {
  return (await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 100 })).versions.map((v) => `${v.key}@${v.versionId}`);
}

test('unversioned delete with a drive offline: not found and never listed from any drives; heal leaves the tombstone there', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    await h.put('keep', Buffer.from('kept'));
    await h.put('gone-small', contentOf('s', 1000));
    await h.put('gone-big', contentOf('b', 300 * 1024));
    h.faults[STALE]!.set({ offline: true });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'gone-small' });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'gone-big' });
    h.resetFaults();
    assert.equal((await recordOn(h, STALE, 'gone-small'))?.versions.length, 1, 'the returned drive still has the old record');

    for (const offline of OFFLINE_SETS) {
      await withOffline(h, offline, async () => {
        for (const key of ['gone-small', 'gone-big']) {
          await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: key }), ObjectNotFoundError, `HEAD ${key}, offline ${offline}`);
          await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: key }), ObjectNotFoundError, `GET ${key}, offline ${offline}`);
        }
        assert.deepEqual(await listedKeys(h), ['keep'], `ListObjects, offline ${offline}`);
        assert.deepEqual(await listedVersions(h), ['keep@null'], `ListObjectVersions, offline ${offline}`);
        // Delimiter listings make no common prefix of a deleted key either.
        assert.deepEqual((await h.layer.listObjects({ bucket: BUCKET, maxKeys: 100, delimiter: '-' })).commonPrefixes, [], `prefixes, offline ${offline}`);
      });
    }
    assert.deepEqual(new Set(queuedKeys(h)), new Set(['gone-small', 'gone-big']), 'reads and listings queued the heal');

    for (const key of ['gone-small', 'gone-big']) {
      const res = await healObject(h.layer.context, { bucket: BUCKET, key: key });
      assert.deepEqual(res.failures, []);
      assert.equal(res.recordsHealed, 1, key);
      const healed = await recordOn(h, STALE, key);
      assert.deepEqual(healed?.versions, [], `${key}: the stale drive holds the tombstone`);
      assert.deepEqual(healed, await recordOn(h, 0, key));
      assert.deepEqual((await healObject(h.layer.context, { bucket: BUCKET, key: key })).problems, [], `${key}: healthy after heal`);
    }
    assert.deepEqual(await listedKeys(h), ['keep']);
  } finally {
    await h.close();
  }
});

test('delete by versionId with a drive offline: the version is gone from GET and ListObjectVersions; heal removes it there', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'versioned';
    const body = (s: string): Buffer => contentOf(s, s === 'big' ? 200 * 1024 : 2000);
    const v0 = await h.layer.putObject({ bucket: BUCKET, key: key, body: Readable.from([body('v0')]), size: 2000, versioned: true });
    const v1 = await h.layer.putObject({ bucket: BUCKET, key: key, body: Readable.from([body('big')]), size: 200 * 1024, versioned: true });
    h.faults[STALE]!.set({ offline: true });
    await h.layer.deleteObject({ bucket: BUCKET, key: key, versionId: v1.versionId });
    h.resetFaults();

    for (const offline of OFFLINE_SETS) {
      await withOffline(h, offline, async () => {
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: key, versionId: v1.versionId }), VersionNotFoundError, `offline ${offline}`);
        const latest = await h.layer.getObject({ bucket: BUCKET, key: key });
        assert.equal(latest.info.versionId, v0.versionId, `the older version is current again, offline ${offline}`);
        assert.ok((await readBody(latest.body)).equals(body('v0')));
        assert.deepEqual(await listedVersions(h), [`${key}@${v0.versionId}`], `ListObjectVersions, offline ${offline}`);
        const listed = (await h.layer.listObjects({ bucket: BUCKET, maxKeys: 10 })).objects;
        assert.deepEqual(listed.map((o) => [o.key, o.size]), [[key, 2000]], `ListObjects, offline ${offline}`);
      });
    }

    const res = await healObject(h.layer.context, { bucket: BUCKET, key: key });
    assert.deepEqual(res.failures, []);
    assert.equal(res.recordsHealed, 1);
    const healed = (await recordOn(h, STALE, key))!;
    assert.deepEqual(healed.versions.map((v) => v.versionId), [v0.versionId]);
    assert.deepEqual(healed.removed.map((r) => r.writeId), [v1.versionId]);
  } finally {
    await h.close();
  }
});

test('torn state: the stale drive and one drive that saw the delete (others offline) read as deleted', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    await h.put('k', contentOf('k', 5000));
    const v0 = await h.layer.putObject({ bucket: BUCKET, key: 'v', body: Readable.from([contentOf('v0', 10)]), size: 10, versioned: true });
    const v1 = await h.layer.putObject({ bucket: BUCKET, key: 'v', body: Readable.from([contentOf('v1', 10)]), size: 10, versioned: true });
    h.faults[STALE]!.set({ offline: true });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'k' });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'v', versionId: v1.versionId });
    h.resetFaults();
    // Only the stale drive and drive 2 (which saw both deletes) answer: no record has a read quorum.
    await withOffline(h, [0, 1], async () => {
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'k' }), ObjectNotFoundError, 'deleted, not the old object');
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'v', versionId: v1.versionId }), VersionNotFoundError);
      assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'v' })).versionId, v0.versionId);
      assert.deepEqual(await listedKeys(h), ['v']);
      assert.deepEqual(await listedVersions(h), [`v@${v0.versionId}`]);
      // Heal leaves a torn key alone (no read quorum for any copy).
      assert.equal((await healObject(h.layer.context, { bucket: BUCKET, key: 'k' })).isUnresolved, true);
    });
  } finally {
    await h.close();
  }
});

test('a replayed put of a removed write does not resurrect it (on drives that saw the delete or not)', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const data = contentOf('r', 3000);
    await h.put('r', data);
    const set = h.storage.setFor(BUCKET, 'r');
    const before = await Promise.all(h.faults.map((_, i) => recordOn(h, i, 'r')));
    h.faults[STALE]!.set({ offline: true });
    await h.layer.deleteObject({ bucket: BUCKET, key: 'r' });
    h.resetFaults();
    // The write that put the version arrives again, on every drive (a late or retried commit).
    const { inline: _inline, ...version } = before[0]!.versions[0]!;
    const res = await commitVersion({
      set, bucket: BUCKET, key: 'r', change: { put: version }, inlineShards: before.map((r) => r!.versions[0]!.inline),
    });
    assert.equal(res.isPutApplied, true, 'the drive that missed the delete still has it');
    assert.deepEqual(res.merges.map((m) => m?.isPutApplied), [false, false, false, true]);
    await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'r' }), ObjectNotFoundError);
    assert.deepEqual(await listedKeys(h), []);
    await withOffline(h, [0, 1], async () => {
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'r' }), ObjectNotFoundError, 'torn: still deleted');
      assert.deepEqual(await listedKeys(h), []);
    });
    for (const i of [0, 1, 2]) assert.deepEqual((await recordOn(h, i, 'r'))?.versions, [], `drive ${i} keeps the tombstone`);
    await healObject(h.layer.context, { bucket: BUCKET, key: 'r' });
    assert.deepEqual((await recordOn(h, STALE, 'r'))?.versions, []);
    // After heal, a replay is refused everywhere.
    const again = await commitVersion({
      set, bucket: BUCKET, key: 'r', change: { put: version }, inlineShards: before.map((r) => r!.versions[0]!.inline),
    });
    assert.equal(again.isPutApplied, false);
    await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'r' }), ObjectNotFoundError);
  } finally {
    await h.close();
  }
});

test('heal leaves a removal that reached a minority alone for the in-flight grace (a delete still committing)', async () => {
  const clock = { now: Date.now() };
  const h = await openFaultHarness({ drives: 4, now: () => clock.now });
  try {
    await h.put('d', contentOf('d', 500));
    const v = (await recordOn(h, 0, 'd'))!.versions[0]!;
    const okey = objectKey(BUCKET, 'd');
    // Another process's delete has reached drive 0 only so far.
    await h.faults[0]!.metaUpdate([okey], (cur) => {
      const merged = mergeRecord(decodeObjectRecord(cur[0]!), { remove: [{ writeId: v.writeId, mtime: v.mtime, at: clock.now }] });
      return { ops: [{ key: okey, value: encodeObjectRecord(merged.record!) }], result: undefined };
    });
    const young = await healObject(h.layer.context, { bucket: BUCKET, key: 'd' });
    assert.equal(young.recordsHealed, 0);
    assert.ok(young.problems.some((p) => p.includes('in flight')), young.problems.join('; '));
    assert.deepEqual((await recordOn(h, 0, 'd'))?.versions, []);
    // The delete never completed: after the grace the quorum's record is restored there.
    clock.now += IN_FLIGHT_GRACE_MS + 1;
    const old = await healObject(h.layer.context, { bucket: BUCKET, key: 'd' });
    assert.equal(old.recordsHealed, 1);
    const healed = (await recordOn(h, 0, 'd'))!;
    assert.deepEqual(healed.versions.map((x) => x.writeId), [v.writeId]);
    assert.deepEqual(healed.removed, []);
    assert.ok((await h.get('d')).equals(contentOf('d', 500)));
  } finally {
    await h.close();
  }
});
