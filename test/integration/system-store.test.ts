/** SystemStore over a real ErasureObjectLayer (4 drives, EC 2+2): the system bucket `.cairn.sys`. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptRecordError, InvalidBucketNameError } from '../../src/errors/domain-errors.js';
import { SYSTEM_BUCKET, SystemStore } from '../../src/object/index.js';
import { bytes, openHarness, type Harness } from './object-layer-harness.js';

describe('SystemStore', () => {
  let h: Harness;
  let store: SystemStore;
  before(async () => {
    h = await openHarness(4);
    store = await SystemStore.open(h.layer);
  });
  after(async () => { await h.close(); });

  it('open creates the system bucket once; opening again (another process) is fine', async () => {
    const info = await h.layer.headBucket({ bucket: SYSTEM_BUCKET });
    assert.equal(info.name, SYSTEM_BUCKET);
    await SystemStore.open(h.layer);
  });

  it('the system bucket is not a user bucket: ListBuckets leaves it out', async () => {
    const names = (await h.layer.listBuckets()).map((b) => b.name);
    assert.deepEqual(names, ['bkt']);
  });

  it('the object layer accepts the reserved name and no other invalid one', async () => {
    await assert.rejects(h.layer.makeBucket({ bucket: '.cairn.other' }), InvalidBucketNameError);
    await assert.rejects(h.layer.makeBucket({ bucket: '.hidden' }), InvalidBucketNameError);
  });

  it('get of a missing object is undefined; put/get round-trips, also above the inline threshold; delete removes', async () => {
    assert.equal(await store.get('config/none.json'), undefined);
    await store.put('config/small.bin', Buffer.from('small'));
    assert.deepEqual(await store.get('config/small.bin'), Buffer.from('small'));
    const big = bytes(300 * 1024, 7);
    await store.put('kms/big.bin', big);
    assert.deepEqual(await store.get('kms/big.bin'), big);
    await store.put('config/small.bin', Buffer.alloc(0));
    assert.deepEqual(await store.get('config/small.bin'), Buffer.alloc(0), 'put replaces');
    await store.delete('config/small.bin');
    assert.equal(await store.get('config/small.bin'), undefined);
    await store.delete('config/small.bin');
  });

  it('create stores only when absent', async () => {
    assert.equal(await store.create('iam/once.json', Buffer.from('first')), true);
    assert.equal(await store.create('iam/once.json', Buffer.from('second')), false);
    assert.deepEqual(await store.get('iam/once.json'), Buffer.from('first'));
  });

  it('JSON helpers round-trip; a stored non-JSON object is CorruptRecordError naming it', async () => {
    await store.putJson('config/doc.json', { a: 1, b: ['x'] });
    assert.deepEqual(await store.getJson('config/doc.json'), { a: 1, b: ['x'] });
    assert.equal(await store.createJson('config/doc.json', { a: 2 }), false);
    assert.equal(await store.getJson('config/absent.json'), undefined);
    await store.put('config/bad.json', Buffer.from('{nope'));
    await assert.rejects(store.getJson('config/bad.json'), (e) => e instanceof CorruptRecordError && e.message.includes('.cairn.sys/config/bad.json'));
  });

  it('names are relative paths of lower-case segments', async () => {
    for (const bad of ['', '/abs', 'a//b', 'a/../b', '..', 'Upper/x', 'a/', 'a\u0000b', 'x'.repeat(513)]) {
      await assert.rejects(store.get(bad), RangeError, JSON.stringify(bad));
      await assert.rejects(store.put(bad, Buffer.from('x')), RangeError, JSON.stringify(bad));
    }
  });

  it('its objects survive losing parity drives (erasure coded like user data)', async () => {
    await store.put('config/durable.json', Buffer.from('{"ok":true}'));
    h.faults[0]!.set({ offline: true });
    h.faults[3]!.set({ offline: true });
    try {
      assert.deepEqual(await store.get('config/durable.json'), Buffer.from('{"ok":true}'));
    } finally {
      h.faults[0]!.reset();
      h.faults[3]!.reset();
    }
  });
});
