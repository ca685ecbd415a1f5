/**
 * A replaced drive keeps its healing marker until a rebuild pass finishes clean: a rebuild
 * interrupted by a stop resumes at the next start (the drive is formatted by then, so only
 * the marker says it is not whole); a finished one logs "drive is whole" and the next start
 * no longer treats the drive as replaced.
 */
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createObjectHealer } from '../../src/object/heal/index.js';
import { ReplacedDriveHealer } from '../../src/workers/index.js';
import { openFaultHarness, within } from './fault-harness.js';

test('rebuild of a wiped drive: interrupted -> resumed after restart -> whole (logged), marker gone', async () => {
  let h = await openFaultHarness({ drives: 4 });
  const root = h.root;
  try {
    const entries = await h.writeCatalogue({ multipart: true, prefix: 'a/' });
    await h.writeCatalogue({ prefix: 'b/' });
    await h.closeLayer();
    const wiped = h.endpoints[2]!;
    for (const n of await readdir(wiped)) await rm(join(wiped, n), { recursive: true, force: true });

    h = await openFaultHarness({ drives: 4, root, makeBucket: false });
    assert.deepEqual(h.storage.replacedDrives.map((d) => d.endpoint), [wiped]);
    const stop = new AbortController();
    const first = new ReplacedDriveHealer(createObjectHealer(h.layer.context), { batchSize: 2 });
    const p1 = await within(60_000, first.healAll(stop.signal, (p) => { if (p.objectsScanned >= 3) stop.abort(); }), 'first rebuild');
    assert.equal(p1.phase, 'healing', 'stopped mid-rebuild');
    await h.closeLayer();

    h = await openFaultHarness({ drives: 4, root, makeBucket: false });
    assert.deepEqual(h.storage.replacedDrives.map((d) => d.endpoint), [wiped], 'the marker survives the restart');
    const logs: string[] = [];
    const second = new ReplacedDriveHealer(createObjectHealer(h.layer.context), {
      log: (level, msg, fields) => logs.push(`${level} ${msg} ${String(fields?.['drive'] ?? '')}`),
    });
    const p2 = await within(60_000, second.healAll(), 'second rebuild');
    assert.equal(p2.phase, 'done');
    assert.equal(p2.failures, 0);
    assert.ok(p2.objectsScanned >= entries.length * 2 - 1);
    assert.ok(logs.includes(`info drive is whole: rebuild finished ${wiped}`), logs.join('\n'));
    assert.deepEqual(h.storage.replacedDrives, []);
    await h.closeLayer();

    h = await openFaultHarness({ drives: 4, root, makeBucket: false });
    assert.deepEqual(h.storage.replacedDrives, [], 'a whole drive is not replaced again');
    for (const pair of [[0, 1], [0, 3], [1, 3]]) {
      h.resetFaults();
      for (const d of pair) h.faults[d]!.set({ offline: true });
      for (const e of entries) assert.ok((await within(15_000, h.get(e.key), e.key)).equals(e.data), `${e.key} without ${pair}`);
    }
  } finally {
    await h.close();
  }
});
