/**
 * Heal on read, end to end through the composed layer (ErasureLayerWithWorkers): objects
 * written while a drive was offline are read after it returns; those reads see the missing
 * records / shards and queue the keys (onHealNeeded); the heal worker drains the queue; the
 * returned drive then serves reads with two other drives offline. Also: the worker status.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ErasureLayerWithWorkers } from '../../src/compose/erasure-layer-with-workers.js';
import { createStorage, FaultyDrive, LocalDrive } from '../../src/storage/index.js';
import { BLOCK_SIZE, BUCKET, contentOf, readBody, SINGLE_SIZES, within } from './fault-harness.js';

test('reads that meet a missing drive queue the key; the heal worker repairs it in the background', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-healread-'));
  const endpoints = Array.from({ length: 4 }, (_, i) => join(root, `d${i + 1}`));
  const faults = new Map<string, FaultyDrive>();
  const storage = await createStorage({
    endpoints, blockSize: BLOCK_SIZE,
    openDrive: async (e) => { const f = new FaultyDrive(await LocalDrive.open(e)); faults.set(e, f); return f; },
  });
  const drive = (i: number): FaultyDrive => faults.get(endpoints[i]!)!;
  const layer = new ErasureLayerWithWorkers(storage, {
    region: 'us-east-1',
    background: { scanner: { enabled: false }, sweeper: { enabled: false } },
  });
  try {
    await layer.makeBucket(BUCKET);
    drive(2).set({ offline: true });
    const objects = SINGLE_SIZES.map(([name, size]) => ({ key: `r/${name}`, data: contentOf(`r/${name}`, size) }));
    for (const o of objects) await layer.putObject(BUCKET, o.key, Readable.from([o.data]), { size: o.data.length });
    drive(2).reset();
    assert.ok(['running', 'sleeping'].includes(layer.background.runner.statusOf('heal')!.state));

    for (const o of objects) {
      const got = await readBody((await layer.getObject(BUCKET, o.key)).body);
      assert.ok(got.equals(o.data));
    }
    await within(30_000, layer.background.heal.drained(), 'heal queue drained');
    assert.equal(layer.background.heal.objectsHealed, objects.length);
    assert.equal(layer.background.heal.failures, 0);
    const status = layer.background.runner.statusOf('heal')!;
    assert.equal(status.detail.objectsHealed, objects.length);
    assert.equal(layer.background.runner.statusOf('scanner'), undefined, 'scanner disabled');

    drive(0).set({ offline: true });
    drive(3).set({ offline: true });
    for (const o of objects) {
      const got = await within(15_000, readBody((await layer.getObject(BUCKET, o.key)).body), o.key);
      assert.ok(got.equals(o.data), `${o.key} from the healed drive + one other`);
    }
  } finally {
    for (const f of faults.values()) f.reset();
    await layer.close();
    assert.equal(layer.background.runner.statusOf('heal')!.state, 'stopped');
    await rm(root, { recursive: true, force: true });
  }
});
