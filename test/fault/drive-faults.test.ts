/**
 * Drive faults through the object layer (real LocalDrives wrapped in FaultyDrive):
 *  - EC 2+2: any m = 2 drives offline, failing every call, or corrupting every read: every
 *    object (empty, inline, multi-block, multipart) reads back byte-identical;
 *  - m + 1 drives: a clean QuorumError (bounded by a timeout), never wrong data;
 *  - writes with drives down succeed while write quorum allows (EC 2+2 with 1 down, EC 4+2
 *    with 2 down), fail cleanly beyond; the missing drives are healed after they return
 *    (scanner finds them, healObject fixes them), proven by reading with the OTHER drives out.
 */
import { createObjectHealer } from '../../src/object/heal/index.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCairnError, QuorumError } from '../../src/errors/domain-errors.js';
import { healObject } from '../../src/object/heal/index.js';
import { DEFAULT_INLINE_THRESHOLD } from '../../src/object/index.js';
import type { DriveFaults } from '../../src/storage/index.js';
import { ObjectScanner } from '../../src/workers/index.js';
import { BUCKET, contentOf, openFaultHarness, within, type CatalogueEntry, type FaultHarness } from './fault-harness.js';

const READ_TIMEOUT_MS = 15_000;
const MODES: Record<string, Partial<DriveFaults>> = {
  offline: { offline: true },
  failing: { failAll: new Error('injected EIO') },
  corrupting: { corruptReads: true },
};

function setFaults(h: FaultHarness, drives: readonly number[], faults: Partial<DriveFaults>): void {
  h.resetFaults();
  for (const d of drives) h.faults[d]!.set(faults);
}

async function assertAllRead(h: FaultHarness, entries: readonly CatalogueEntry[], what: string): Promise<void> {
  for (const e of entries) {
    const got = await within(READ_TIMEOUT_MS, h.get(e.key), `${what} ${e.key}`);
    assert.equal(got.length, e.data.length, `${what}: size of ${e.key}`);
    assert.ok(got.equals(e.data), `${what}: bytes of ${e.key}`);
  }
}

/** Scan everything, heal every finding; returns the number of findings. */
async function scanAndHeal(h: FaultHarness): Promise<number> {
  const found: { bucket: string; key: string }[] = [];
  const scanner = new ObjectScanner(createObjectHealer(h.layer.context), (bucket, key) => found.push({ bucket, key }), { objectsPerSecond: 100_000 });
  const stats = await scanner.scanPass();
  assert.equal(stats.isComplete, true);
  for (const f of found) {
    const res = await healObject(h.layer.context, { bucket: f.bucket, key: f.key });
    assert.deepEqual(res.failures, [], `heal of ${f.key}`);
  }
  return found.length;
}

test('EC 2+2: with any 2 drives offline, failing or corrupting reads, every object reads back byte-identical', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const entries = await h.writeCatalogue({ multipart: true });
    for (const [mode, faults] of Object.entries(MODES)) {
      for (const pair of [[0, 1], [2, 3], [0, 3], [1, 2]]) {
        setFaults(h, pair, faults);
        await assertAllRead(h, entries, `${mode} drives ${pair.join('+')}`);
      }
    }
    h.resetFaults();
    assert.ok(h.queue.size > 0, 'degraded reads queued keys for heal');
  } finally {
    await h.close();
  }
});

test('EC 2+2: with 3 drives out, reads fail with a clean QuorumError (no hang, never wrong data)', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const entries = await h.writeCatalogue({ multipart: true });
    for (const [mode, faults] of Object.entries(MODES)) {
      for (const trio of [[0, 1, 2], [1, 2, 3], [0, 2, 3]]) {
        setFaults(h, trio, faults);
        for (const e of entries) {
          let got: Buffer | undefined;
          let error: unknown;
          try {
            got = await within(READ_TIMEOUT_MS, h.get(e.key), `${mode} ${e.key}`);
          } catch (err) {
            error = err;
          }
          if (got !== undefined) {
            // Only metadata survives corrupting reads: inline objects live in the records.
            assert.equal(mode, 'corrupting', `${mode}: ${e.key} must not be readable`);
            assert.ok(got.equals(e.data), `${mode}: ${e.key} read back different bytes`);
            assert.ok(e.data.length < DEFAULT_INLINE_THRESHOLD, `${e.key} is inline`);
          } else {
            assert.ok(error instanceof QuorumError, `${mode} ${trio} ${e.key}: ${String(error)}`);
            assert.equal(error.code, 'ERR_STORAGE_READ_QUORUM');
          }
        }
      }
    }
  } finally {
    await h.close();
  }
});

test('EC 2+2: writes with 1 drive down succeed, with 2 down fail cleanly; the returned drive is healed', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    setFaults(h, [3], { offline: true });
    const entries = await h.writeCatalogue({ multipart: true, prefix: 'w1/' });
    setFaults(h, [2, 3], { offline: true });
    await assert.rejects(h.put('w2/x', contentOf('w2/x', 300 * 1024)), (err: unknown) => isCairnError(err) && err.code === 'ERR_STORAGE_WRITE_QUORUM');
    await assert.rejects(h.put('w2/y', contentOf('w2/y', 10)), (err: unknown) => isCairnError(err) && err.code === 'ERR_STORAGE_WRITE_QUORUM');
    h.resetFaults();
    await assertAllRead(h, entries, 'all drives back');
    const findings = await scanAndHeal(h);
    assert.equal(findings, entries.length, 'every object written without drive 4 was found');
    assert.equal(await scanAndHeal(h), 0, 'nothing left to heal');
    // Drive 4 now holds its records and shards: read with two of the others out.
    setFaults(h, [0, 1], { offline: true });
    await assertAllRead(h, entries, 'healed drive + one other');
    setFaults(h, [1, 2], { offline: true });
    await assertAllRead(h, entries, 'healed drive + drive 1');
  } finally {
    await h.close();
  }
});

test('EC 4+2 on 6 drives: writes and reads with 2 drives down; both healed after they return', async () => {
  const h = await openFaultHarness({ drives: 6, parity: 2 });
  try {
    setFaults(h, [1, 4], { offline: true });
    const entries = await h.writeCatalogue({ multipart: true, prefix: 'six/' });
    await assertAllRead(h, entries, '2 of 6 down');
    setFaults(h, [0, 1, 4], { offline: true });
    await assert.rejects(within(READ_TIMEOUT_MS, h.get(entries[5]!.key), '3 of 6 down'), QuorumError);
    h.resetFaults();
    assert.equal(await scanAndHeal(h), entries.length);
    setFaults(h, [0, 2], { offline: true });
    await assertAllRead(h, entries, 'healed drives 2 and 5 + two others');
    const onlyHealed = [0, 2, 3, 5];
    for (let i = 0; i < onlyHealed.length; i += 2) {
      setFaults(h, [onlyHealed[i]!, onlyHealed[i + 1]!], { offline: true });
      await assertAllRead(h, entries, `without ${onlyHealed[i]} and ${onlyHealed[i + 1]}`);
    }
    h.resetFaults();
    const info = await h.layer.headObject({ bucket: BUCKET, key: entries[0]!.key });
    assert.equal(info.size, entries[0]!.data.length);
  } finally {
    await h.close();
  }
});
