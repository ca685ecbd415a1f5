/**
 * The bitrot scrub finds rot that no read touches: a corrupt frame in a parity shard file.
 * GETs read data shards first and never see it; the scrub's deep pass verifies every frame on
 * every drive, rebuilds the file, logs it, and records its pass in the state store, so the
 * next cycle is due one interval after it. After the scrub the object reads back from the
 * repaired parity alone (both data drives offline).
 */
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createObjectHealer } from '../../src/object/heal/index.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord } from '../../src/storage/format/index.js';
import { Scrubber, SCRUB_STATE, WorkerRunner, type WorkerStateStore } from '../../src/workers/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { BLOCK_SIZE, BUCKET, contentOf, openFaultHarness, shardFiles, within } from './fault-harness.js';

function memoryStore(): WorkerStateStore & { readonly docs: Map<string, Buffer> } {
  const docs = new Map<string, Buffer>();
  return { docs, get: async (n) => docs.get(n), put: async (n, v) => { docs.set(n, v); } };
}

test('scrub: rot in a parity shard no read touched is found, rebuilt and logged; the pass is recorded', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const data = contentOf('scrub-parity', 6 * BLOCK_SIZE + 99);
    await h.put('obj', data);
    const rec = decodeObjectRecord((await h.faults[0]!.metaGet(objectKey(BUCKET, 'obj')))!);
    const dist = rec.versions[0]!.erasure!.distribution;
    const parityDrive = dist.indexOf(3);
    const dataDrives = [dist.indexOf(0), dist.indexOf(1)];
    const [rel] = await shardFiles(h.endpoints[0]!);
    const fh = await open(join(h.endpoints[parityDrive]!, '.cairn', rel!), 'r+');
    await fh.write(Buffer.alloc(32, 0xee), 0, 32, 2 * (4 + BLOCK_SIZE / 2) + 50);
    await fh.close();

    assert.ok((await h.get('obj')).equals(data));
    assert.equal(h.queue.size, 0, 'a GET reads data shards only: it never sees the parity rot');

    const logs: { level: string; msg: string; fields?: Readonly<Record<string, unknown>> }[] = [];
    const state = memoryStore();
    const scrub = new Scrubber(createObjectHealer(h.layer.context), {
      state, limits: {}, log: (level, msg, fields) => logs.push({ level, msg, ...(fields ? { fields } : {}) }),
    });
    const summary = await scrub.scrubPass();
    assert.ok(summary);
    assert.equal(summary.objectsChecked, 1);
    assert.equal(summary.shardsHealed, 1);
    assert.equal(summary.unhealable, 0);
    assert.equal(summary.bytesVerified, data.length);
    assert.ok(logs.some((l) => l.msg === 'scrub repaired an object' && l.fields?.['key'] === 'obj'), JSON.stringify(logs));
    assert.ok(logs.some((l) => l.msg === 'scrub pass finished' && l.fields?.['shardsHealed'] === 1));
    const saved = JSON.parse(state.docs.get(SCRUB_STATE)!.toString('utf8')) as { finishedAt: number };
    assert.equal(saved.finishedAt, summary.finishedAt.getTime());

    for (const d of dataDrives) h.faults[d]!.set({ offline: true });
    assert.ok((await within(15_000, h.get('obj'), 'GET from parity only')).equals(data), 'the repaired parity serves the object');
    h.resetFaults();
    const again = await scrub.scrubPass();
    assert.equal(again?.shardsHealed, 0, 'a second pass finds nothing');
  } finally {
    await h.close();
  }
});

const INTERVAL = 60_000;

/**
 * Runs the scrub worker with a stored state whose `field` lies (interval - 300 ms) in the past,
 * so its pass is due in ~300 ms, and waits for that pass.
 */
async function scrubDueSoon(h: Awaited<ReturnType<typeof openFaultHarness>>, field: 'finishedAt' | 'since', limits?: { objectsPerSecond: number }) {
  const state = memoryStore();
  state.docs.set(SCRUB_STATE, Buffer.from(JSON.stringify({ version: 1, [field]: Date.now() - INTERVAL + 300 })));
  const scrub = new Scrubber(createObjectHealer(h.layer.context), { state, intervalMs: INTERVAL, ...(limits ? { limits } : {}) });
  const runner = new WorkerRunner();
  const began = Date.now();
  runner.start(scrub);
  await waitFor('scrub pass', () => scrub.passes > 0, { timeoutMs: 20_000, intervalMs: 20 });
  return { state, scrub, runner, took: Date.now() - began };
}

test('scrub cycle: the next pass is due one interval after the stored last pass, and a rate limit paces it', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    for (let i = 0; i < 6; i++) await h.put(`k${i}`, contentOf(`k${i}`, 200 * 1024));
    const { runner, took } = await scrubDueSoon(h, 'finishedAt', { objectsPerSecond: 20 });
    const detail = runner.statusOf('scrub')!.detail;
    assert.equal(detail['lastPassObjects'], 6);
    // 6 objects at 20/s take >= 250 ms after the ~300 ms wait (the limiter's budget).
    assert.ok(took >= 500, `paced pass took ${took} ms`);
    assert.ok(new Date(String(detail['nextPass'])).getTime() >= Date.now() + INTERVAL - 5_000, 'next pass one interval later');
    await runner.stopAll();
  } finally {
    await h.close();
  }
});

test('scrub: a deployment that never finished a pass runs its first one an interval after its stored first start, then stores the pass', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    for (let i = 0; i < 3; i++) await h.put(`f${i}`, contentOf(`f${i}`, 100 * 1024));
    const { state, scrub, runner } = await scrubDueSoon(h, 'since');
    assert.equal(runner.statusOf('scrub')!.detail['lastPassObjects'], 3);
    const saved = JSON.parse(state.docs.get(SCRUB_STATE)!.toString('utf8')) as { finishedAt?: number; since?: number };
    assert.equal(saved.finishedAt, scrub.lastPass!.finishedAt.getTime());
    assert.equal(saved.since, undefined, 'the finished pass replaces the first start');
    await runner.stopAll();
  } finally {
    await h.close();
  }
});
