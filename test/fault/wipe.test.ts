/**
 * A wiped drive: `rm -rf` the contents of one drive of four, restart (createStorage on the
 * same paths formats it again as replaced), let the replaced-drive healer run on the worker
 * runner, then take two OTHER drives offline: every object, the bucket records and a bucket
 * config must come back byte-identical from the healed drive plus one other.
 */
import { createObjectHealer } from '../../src/object/heal/index.js';
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReplacedDriveHealer, WorkerRunner } from '../../src/workers/index.js';
import { BUCKET, openFaultHarness, shardFiles, within } from './fault-harness.js';

test('wipe one drive of 4, restart: the replaced drive is healed completely and serves reads', async () => {
  const first = await openFaultHarness({ drives: 4 });
  const root = first.root;
  let second;
  try {
    const entries = await first.writeCatalogue({ multipart: true });
    await first.layer.makeBucket({ bucket: 'other-bucket' });
    const config = Buffer.from('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
    await first.layer.putBucketConfig({ bucket: BUCKET, name: 'versioning', value: config });
    await first.closeLayer();

    const wiped = 1;
    const dir = first.endpoints[wiped]!;
    for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });
    assert.deepEqual(await readdir(dir), []);

    second = await openFaultHarness({ drives: 4, root, makeBucket: false });
    assert.equal(second.storage.replacedDrives.length, 1);
    assert.equal(second.storage.replacedDrives[0]!.endpoint, dir);

    const runner = new WorkerRunner();
    const healer = new ReplacedDriveHealer(createObjectHealer(second.layer.context), { batchSize: 3 });
    runner.start(healer);
    await within(60_000, runner.wait(healer.name), 'replaced-drive heal');
    const status = runner.statusOf(healer.name)!;
    assert.equal(status.state, 'done', status.lastError);
    assert.equal(status.detail.phase, 'done');
    assert.equal(status.detail.objectsScanned, entries.length);
    assert.equal(status.detail.objectsHealed, entries.length);
    assert.equal(status.detail.failures, 0);

    // The healed drive holds the same shard files as a drive that never left.
    assert.deepEqual(await shardFiles(dir), await shardFiles(second.endpoints[0]!));

    for (const pair of [[0, 2], [2, 3], [0, 3]]) {
      second.resetFaults();
      for (const d of pair) second.faults[d]!.set({ offline: true });
      for (const e of entries) {
        const got = await within(15_000, second.get(e.key), e.key);
        assert.ok(got.equals(e.data), `${e.key} with drives ${pair} offline`);
      }
      assert.deepEqual(await second.layer.getBucketConfig({ bucket: BUCKET, name: 'versioning' }), config);
      assert.equal((await second.layer.headBucket({ bucket: 'other-bucket' })).name, 'other-bucket');
      assert.deepEqual((await second.layer.listBuckets()).map((b) => b.name), [BUCKET, 'other-bucket']);
      const listed = await second.layer.listObjects({ bucket: BUCKET, maxKeys: 1000 });
      assert.equal(listed.objects.length, entries.length);
    }
  } finally {
    if (second) await second.close();
    else await first.close();
  }
});
