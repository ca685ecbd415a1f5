/**
 * Heal on read, end to end through the composed layer (createServedLayer): objects
 * written while a drive was offline are read after it returns; those reads see the missing
 * records / shards and queue the keys (onHealNeeded); the heal worker drains the queue; the
 * returned drive then serves reads with two other drives offline. A read that meets a corrupt
 * frame queues the key too, and the worker rewrites the file. Also: the worker status.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { createServedLayer } from '../../src/compose/erasure-layer-with-workers.js';
import type { HealResult } from '../../src/object/heal/index.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { shardPathOf } from '../../src/object/ids.js';
import { decodeObjectRecord } from '../../src/storage/format/index.js';
import { createStorage, FaultyDrive, LocalDrive } from '../../src/storage/index.js';
import { DEEP_SCAN } from '../../src/workers/index.js';
import { BLOCK_SIZE, BUCKET, contentOf, readBody, SINGLE_SIZES, within } from './fault-harness.js';

/** Poll `cond` every 20 ms for up to 30 s. */
async function waitUntil(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), `timed out waiting: ${what}`);
}

test('reads that meet a missing drive queue the key; the heal worker repairs it in the background', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cairn-healread-'));
  const endpoints = Array.from({ length: 4 }, (_, i) => join(root, `d${i + 1}`));
  const faults = new Map<string, FaultyDrive>();
  const storage = await createStorage({
    endpoints, blockSize: BLOCK_SIZE,
    openDrive: async (e) => { const f = new FaultyDrive(await LocalDrive.open(e)); faults.set(e, f); return f; },
  });
  const drive = (i: number): FaultyDrive => faults.get(endpoints[i]!)!;
  const heals: HealResult[] = [];
  /** Keys whose record / shards (`what`) a heal rewrote since heals[from]. */
  const healedKeys = (what: 'records' | 'shards', from = 0): Set<string> => new Set(heals.slice(from)
    .filter((r) => (what === 'records' ? r.recordsHealed : r.shardsHealed) > 0).map((r) => r.key));
  const served = await createServedLayer(storage, {
    region: 'us-east-1',
    background: { scanner: { enabled: false }, sweeper: { enabled: false }, scrub: { enabled: false }, onHealed: (r) => { heals.push(r); } },
  });
  const layer = served.objects;
  const background = served.background!;
  try {
    await layer.makeBucket({ bucket: BUCKET });
    drive(2).set({ offline: true });
    const objects = SINGLE_SIZES.map(([name, size]) => ({ key: `r/${name}`, data: contentOf(`r/${name}`, size) }));
    for (const o of objects) await layer.putObject({ bucket: BUCKET, key: o.key, body: Readable.from([o.data]), size: o.data.length });
    drive(2).reset();
    assert.ok(['running', 'sleeping'].includes(background.runner.statusOf('heal')!.state));

    for (const o of objects) {
      const got = await readBody((await layer.getObject({ bucket: BUCKET, key: o.key })).body);
      assert.ok(got.equals(o.data));
    }
    // A stream reports a degraded read when it is destroyed, which may come just after the
    // body ended: wait for the heals themselves, then for the queue to be empty.
    await waitUntil(() => healedKeys('records').size === objects.length, 'every key healed');
    await within(30_000, background.heal.drained(), 'heal queue drained');
    assert.deepEqual([...healedKeys('records')].sort(), objects.map((o) => o.key).sort());
    assert.deepEqual([...healedKeys('shards')].sort(), ['r/edge-128k', 'r/edge-64k', 'r/large-2m', 'r/large-300k']);
    assert.equal(background.heal.failures, 0);
    const status = background.runner.statusOf('heal')!;
    assert.ok(Number(status.detail.objectsHealed) >= objects.length);
    assert.equal(background.runner.statusOf('scanner'), undefined, 'scanner disabled');

    drive(0).set({ offline: true });
    drive(3).set({ offline: true });
    for (const o of objects) {
      const got = await within(15_000, readBody((await layer.getObject({ bucket: BUCKET, key: o.key })).body), o.key);
      assert.ok(got.equals(o.data), `${o.key} from the healed drive + one other`);
    }
    for (const f of faults.values()) f.reset();
    // Reads with drives offline queued keys too (parity was used); let those heals finish.
    await new Promise((r) => setTimeout(r, 100));
    await within(30_000, background.heal.drained(), 'heal queue drained after offline reads');

    // Bitrot met by a read: the drive holding data shard 0 of a large object gets a flipped
    // byte; the GET still returns the right bytes, queues the key, and the heal worker (deep
    // verification for queued keys) restores the file.
    const large = objects.find((o) => o.data.length > 1024 * 1024)!;
    const rec = decodeObjectRecord((await drive(0).metaGet(objectKey(BUCKET, large.key)))!);
    const v = rec.versions[0]!;
    const holder = v.erasure!.distribution.indexOf(0);
    const file = join(endpoints[holder]!, '.cairn', shardPathOf(v, { number: 1 }));
    const original = await readFile(file);
    const bad = Buffer.from(original);
    bad[100] = bad[100]! ^ 0xff;
    await writeFile(file, bad);
    const healsBefore = heals.length;
    const got = await readBody((await layer.getObject({ bucket: BUCKET, key: large.key })).body);
    assert.ok(got.equals(large.data));
    await waitUntil(() => healedKeys('shards', healsBefore).has(large.key), 'the key was healed');
    await within(30_000, background.heal.drained(), 'heal queue drained after bitrot');
    assert.ok((await readFile(file)).equals(original), 'the corrupt shard file was rewritten');

    // Bitrot in a parity shard is never met by a healthy read: the admin-triggered deep scan
    // (one-shot worker on the runner) finds it and the heal worker rewrites it.
    const parityHolder = v.erasure!.distribution.indexOf(v.erasure!.k);
    const parityFile = join(endpoints[parityHolder]!, '.cairn', shardPathOf(v, { number: 1 }));
    const parityOriginal = await readFile(parityFile);
    const parityBad = Buffer.from(parityOriginal);
    parityBad[parityBad.length - 1] = parityBad[parityBad.length - 1]! ^ 0x01;
    await writeFile(parityFile, parityBad);
    assert.ok((await readBody((await layer.getObject({ bucket: BUCKET, key: large.key })).body)).equals(large.data));
    assert.equal(background.startDeepScan({ objectsPerSecond: 10_000 }), true);
    await within(30_000, background.runner.wait(DEEP_SCAN), 'deep scan');
    const scan = background.runner.statusOf(DEEP_SCAN)!;
    assert.equal(scan.state, 'done', scan.lastError);
    assert.equal(scan.detail.objects, objects.length);
    assert.equal(scan.detail.findings, 1);
    await within(30_000, background.heal.drained(), 'heal queue drained after deep scan');
    assert.ok((await readFile(parityFile)).equals(parityOriginal), 'the corrupt parity file was rewritten');
  } finally {
    for (const f of faults.values()) f.reset();
    await served.close();
    assert.equal(background.runner.statusOf('heal')!.state, 'stopped');
    await rm(root, { recursive: true, force: true });
  }
});
