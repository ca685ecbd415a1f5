/**
 * Space freed by deletes is reused once the deletes are complete. An unversioned DELETE leaves
 * a tombstone record and its listing summary on every drive for TOMBSTONE_GRACE_MS (an hour),
 * so a drive that missed the delete cannot bring the object back (record-merge.ts); heal then
 * drops them (heal/tombstone-gc.ts). Here the layer's clock moves past the grace after each
 * delete-everything and heal runs on every deleted key, as a server does once the hour is
 * over; the refill must then leave every data.mdb within 10% of its size after the first fill
 * (issue 15), over three cycles, objects inline (24..56 KiB: every drive's shard an LMDB
 * overflow value of several pages), 16 writes in flight (group commits), 4 drives, EC 2+2.
 * The test without the clock move (lmdb-space-reuse.test.ts, a real server) measures the
 * tombstones still live.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { healObject, TOMBSTONE_GRACE_MS } from '../../../src/object/heal/index.js';
import { BUCKET, openHarness } from '../object-layer-harness.js';

const OBJECTS = 200;
const IN_FLIGHT = 16;
const CYCLES = 3;
const GROWTH_BOUND = 1.10;

function body(i: number, cycle: number): Buffer {
  const b = Buffer.alloc(24 * 1024 + ((i * 7919) % (32 * 1024)));
  for (let j = 0; j + 4 <= b.length; j += 4096) b.writeUInt32BE((i * 131 + cycle * 17 + j) >>> 0, j);
  return b;
}

async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

test('delete everything, tombstones collected after their grace, refill: every data.mdb within 1.10x of its size after 3 cycles', { timeout: 240_000 }, async () => {
  const clock = { now: Date.now() };
  const h = await openHarness(4, { now: () => clock.now });
  const mdb = (d: number): number => statSync(join(h.root, `d${d + 1}`, '.cairn', 'meta', 'data.mdb')).size;
  try {
    const ids = Array.from({ length: OBJECTS }, (_, i) => i);
    const key = (i: number, cycle: number): string => `c${cycle}/obj-${String(i).padStart(4, '0')}`;
    const fill = (cycle: number): Promise<void> => pool(ids, async (i) => { await h.put(key(i, cycle), body(i, cycle)); });
    await fill(0);
    const base = [0, 1, 2, 3].map(mdb);
    const grown: string[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await pool(ids, async (i) => { await h.layer.deleteObject({ bucket: BUCKET, key: key(i, cycle - 1) }); });
      clock.now += TOMBSTONE_GRACE_MS + 1_000;
      await pool(ids, async (i) => { await healObject(h.layer.context, { bucket: BUCKET, key: key(i, cycle - 1) }); });
      const left = await h.records(key(0, cycle - 1));
      assert.deepEqual(left, [undefined, undefined, undefined, undefined], 'the tombstone is gone from every drive');
      await fill(cycle);
      base.forEach((size, d) => {
        const ratio = mdb(d) / size;
        if (ratio > GROWTH_BOUND) grown.push(`cycle ${cycle}, drive ${d + 1}: ${(size / 1048576).toFixed(2)} -> ${(mdb(d) / 1048576).toFixed(2)} MiB (${ratio.toFixed(3)}x)`);
      });
    }
    assert.deepEqual(grown, [], `data.mdb grew by more than 10% after delete + refill:\n${grown.join('\n')}`);
    for (const i of [0, OBJECTS >> 1, OBJECTS - 1]) assert.ok((await h.get(key(i, CYCLES))).equals(body(i, CYCLES)));
  } finally {
    await h.close();
  }
});
