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
import { join } from 'node:path';
import { healObject, TOMBSTONE_GRACE_MS } from '../../../src/object/heal/index.js';
import { BUCKET, openHarness } from '../object-layer-harness.js';
import { body, CYCLES, mdbSizes, OBJECTS, objectKey as key, pool } from './space-reuse-workload.js';

const GROWTH_BOUND = 1.10;

test('delete everything, tombstones collected after their grace, refill: every data.mdb within 1.10x of its size after 3 cycles', { timeout: 240_000 }, async () => {
  const clock = { now: Date.now() };
  const h = await openHarness(4, { now: () => clock.now });
  const drives = [1, 2, 3, 4].map((d) => join(h.root, `d${d}`));
  try {
    const ids = Array.from({ length: OBJECTS }, (_, i) => i);
    const fill = (cycle: number): Promise<void> => pool(ids, async (i) => { await h.put(key(i, cycle), body(i, cycle)); });
    await fill(0);
    const base = mdbSizes(drives);
    const grown: string[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await pool(ids, async (i) => { await h.layer.deleteObject({ bucket: BUCKET, key: key(i, cycle - 1) }); });
      clock.now += TOMBSTONE_GRACE_MS + 1_000;
      await pool(ids, async (i) => { await healObject(h.layer.context, { bucket: BUCKET, key: key(i, cycle - 1) }); });
      const left = await h.records(key(0, cycle - 1));
      assert.deepEqual(left, [undefined, undefined, undefined, undefined], 'the tombstone is gone from every drive');
      await fill(cycle);
      mdbSizes(drives).forEach((size, d) => {
        const ratio = size / base[d]!;
        if (ratio > GROWTH_BOUND) grown.push(`cycle ${cycle}, drive ${d + 1}: ${(base[d]! / 1048576).toFixed(2)} -> ${(size / 1048576).toFixed(2)} MiB (${ratio.toFixed(3)}x)`);
      });
    }
    assert.deepEqual(grown, [], `data.mdb grew by more than 10% after delete + refill:\n${grown.join('\n')}`);
    for (const i of [0, OBJECTS >> 1, OBJECTS - 1]) assert.ok((await h.get(key(i, CYCLES))).equals(body(i, CYCLES)));
  } finally {
    await h.close();
  }
});
