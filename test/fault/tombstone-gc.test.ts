/**
 * Tombstone GC (object/heal/tombstone-gc.ts) on 4 drives with the layer's clock moved by the
 * test: heal drops removed entries only after TOMBSTONE_GRACE_MS, with every drive online and
 * holding the same record; an empty tombstone record is then deleted, a record with live
 * versions keeps them. A drive that missed the delete first gets the tombstone (never GC'd
 * while a drive disagrees).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ObjectNotFoundError } from '../../src/errors/domain-errors.js';
import { healObject, planObjectHeal } from '../../src/object/heal/index.js';
import { TOMBSTONE_GRACE_MS } from '../../src/object/heal/tombstone-gc.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord, type ObjectRecord } from '../../src/storage/format/index.js';
import { BUCKET, contentOf, openFaultHarness, type FaultHarness } from './fault-harness.js';

async function records(h: FaultHarness, key: string): Promise<(ObjectRecord | undefined)[]> {
  return Promise.all(h.faults.map(async (f) => {
    const raw = await f.metaGet(objectKey(BUCKET, key));
    return raw === undefined ? undefined : decodeObjectRecord(raw);
  }));
}

/** A harness whose layer clock is `clock.now` (starts at the real time). */
async function openWithClock(): Promise<{ h: FaultHarness; clock: { now: number } }> {
  const clock = { now: Date.now() };
  const h = await openFaultHarness({ drives: 4, now: () => clock.now });
  return { h, clock };
}

test('an unversioned tombstone is deleted by heal after the grace, only with every drive online', async () => {
  const { h, clock } = await openWithClock();
  try {
    await h.put('t', contentOf('t', 300 * 1024));
    await h.layer.deleteObject({ bucket: BUCKET, key: 't' });
    for (const r of await records(h, 't')) assert.equal(r?.removed.length, 1);

    clock.now += TOMBSTONE_GRACE_MS - 1_000;
    assert.deepEqual((await planObjectHeal(h.layer.context, { bucket: BUCKET, key: 't' })).recordFixes, [], 'younger than the grace: kept');

    clock.now += 2_000;
    h.faults[2]!.set({ offline: true });
    const partial = await healObject(h.layer.context, { bucket: BUCKET, key: 't' });
    assert.equal(partial.recordsHealed, 0, 'a drive is offline: kept');
    h.resetFaults();
    for (const r of await records(h, 't')) assert.equal(r?.removed.length, 1);

    const plan = await planObjectHeal(h.layer.context, { bucket: BUCKET, key: 't' });
    assert.deepEqual(plan.recordFixes, [0, 1, 2, 3], 'the scanner sees a finding');
    const res = await healObject(h.layer.context, { bucket: BUCKET, key: 't' });
    assert.deepEqual(res.failures, []);
    assert.equal(res.recordsHealed, 4);
    assert.deepEqual(await records(h, 't'), [undefined, undefined, undefined, undefined], 'the empty tombstone is deleted');
    assert.deepEqual((await planObjectHeal(h.layer.context, { bucket: BUCKET, key: 't' })).problems, []);
    await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 't' }), ObjectNotFoundError);
    await h.put('t', Buffer.from('again'));
    assert.equal((await h.get('t')).toString(), 'again', 'the key is usable again');
  } finally {
    await h.close();
  }
});

test('a drive that missed the delete gets the tombstone first; GC waits until every drive agrees', async () => {
  const { h, clock } = await openWithClock();
  try {
    await h.put('s', contentOf('s', 1000));
    h.faults[3]!.set({ offline: true });
    await h.layer.deleteObject({ bucket: BUCKET, key: 's' });
    h.resetFaults();
    clock.now += TOMBSTONE_GRACE_MS + 1_000;
    const first = await healObject(h.layer.context, { bucket: BUCKET, key: 's' });
    assert.equal(first.recordsHealed, 1, 'only the stale drive is rewritten');
    const after = await records(h, 's');
    assert.deepEqual(after[3]?.versions, [], 'it holds the tombstone, not the old version');
    assert.deepEqual(after[3], after[0]);
    const second = await healObject(h.layer.context, { bucket: BUCKET, key: 's' });
    assert.equal(second.recordsHealed, 4);
    assert.deepEqual(await records(h, 's'), [undefined, undefined, undefined, undefined]);
  } finally {
    await h.close();
  }
});

test('GC in a versioned key drops only expired removed entries and keeps every version', async () => {
  const { h, clock } = await openWithClock();
  try {
    const put = async (s: string): Promise<string> =>
      (await h.layer.putObject({ bucket: BUCKET, key: 'v', body: Readable.from([contentOf(s, 100)]), size: 100, versioned: true })).versionId!;
    const v0 = await put('v0');
    const v1 = await put('v1');
    await h.layer.deleteObject({ bucket: BUCKET, key: 'v', versionId: v1 });
    clock.now += TOMBSTONE_GRACE_MS + 1_000;
    const v2 = await put('v2');
    await h.layer.deleteObject({ bucket: BUCKET, key: 'v', versionId: v2 });
    const res = await healObject(h.layer.context, { bucket: BUCKET, key: 'v' });
    assert.equal(res.recordsHealed, 4);
    for (const r of await records(h, 'v')) {
      assert.deepEqual(r?.versions.map((x) => x.versionId), [v0]);
      assert.deepEqual(r?.removed.map((x) => x.writeId), [v2], 'the young removal stays');
    }
    assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'v' })).versionId, v0);
    assert.equal((await healObject(h.layer.context, { bucket: BUCKET, key: 'v' })).recordsHealed, 0);
  } finally {
    await h.close();
  }
});
