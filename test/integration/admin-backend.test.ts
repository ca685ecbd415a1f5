/**
 * The admin backend (compose/admin-backend.ts) over a real erasure layer on 4 drives wrapped
 * in FaultyDrive: info and heal status follow the drives, a normal heal sequence does not see
 * bitrot and a deep one rebuilds the damaged shard file, one sequence at a time (forceStart
 * stops the running one), and close() stops a running sequence.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HealSequence } from '../../src/admin/admin-backend.js';
import { DriveOfflineError } from '../../src/errors/domain-errors.js';
import { ErasureAdminBackend } from '../../src/compose/admin-backend.js';
import { HealOutcomes } from '../../src/compose/heal-outcomes.js';
import { UnhealableLog } from '../../src/workers/index.js';
import { openFaultHarness, shardFiles, type FaultHarness } from '../fault/fault-harness.js';
import { waitFor } from '../helpers/wait-for.js';

function backendOf(h: FaultHarness): ErasureAdminBackend {
  return new ErasureAdminBackend({
    storage: h.storage, objects: h.layer, background: undefined,
    outcomes: new HealOutcomes({ unhealable: new UnhealableLog() }), region: 'us-east-1',
  });
}

async function finished(b: ErasureAdminBackend, seq: HealSequence | 'already-running'): Promise<HealSequence> {
  assert.notEqual(seq, 'already-running');
  const token = (seq as HealSequence).clientToken;
  return waitFor(`heal sequence ${token}`, () => {
    const s = b.healSequence(token);
    return s?.done === true ? s : undefined;
  });
}

describe('admin backend over the erasure layer', () => {
  it('info and heal status report drives, sets, capacity and bucket count, and follow a drive going offline', async () => {
    const h = await openFaultHarness({ drives: 4, healthTracked: true });
    const b = backendOf(h);
    try {
      await h.layer.makeBucket({ bucket: 'second' });
      const info = await b.info();
      assert.equal(info.deploymentId, h.storage.deploymentId);
      assert.deepEqual(info.sets.map((s) => [s.dataShards, s.parityShards, s.drives.map((d) => d.state)]),
        [[2, 2, ['online', 'online', 'online', 'online']]]);
      assert.deepEqual(info.buckets, { value: 2 });
      assert.ok(info.capacity.totalBytes > 0 && info.capacity.freeBytes > 0);
      assert.ok('unknown' in info.objects, 'no scanner here: the object count is unknown, not 0');
      assert.deepEqual(b.healStatus().problems, []);
      assert.equal(b.healStatus().isHealthy, true);

      assert.equal(info.sets[0]!.drives[2]!.trouble, undefined, 'no failure yet: no record');
      // Every call of drive 3 fails (an I/O error) until the health tracker takes it offline.
      h.faults[2]!.set({ failAll: new DriveOfflineError(h.endpoints[2]!, { cause: new Error('EIO: injected i/o error') }) });
      for (let i = 0; i < 4; i++) await h.layer.makeBucket({ bucket: `fail-${i}` }).catch(() => undefined);
      const degraded = await b.info();
      assert.equal(degraded.sets[0]!.drives[2]!.state, 'offline');
      assert.equal(degraded.sets[0]!.drives[2]!.totalBytes, 0);
      const trouble = degraded.sets[0]!.drives[2]!.trouble;
      assert.ok(trouble !== undefined, 'the failure record is reported');
      assert.match(trouble.lastError ?? '', /EIO: injected i\/o error/);
      assert.ok(trouble.offlineSince !== undefined && !Number.isNaN(Date.parse(trouble.offlineSince)), 'taken offline by the tracker');
      assert.ok(trouble.lastErrorAt !== undefined && !Number.isNaN(Date.parse(trouble.lastErrorAt)));
      assert.equal(degraded.sets[0]!.drives[0]!.trouble, undefined, 'healthy drives have none');
      const status = b.healStatus();
      assert.equal(status.isHealthy, false);
      assert.equal(status.backgroundWorkers, false);
      assert.deepEqual(status.problems, [`drive ${h.endpoints[2]} (set 1, drive 3) is offline`]);
    } finally {
      await b.close();
      await h.close();
    }
  });

  it('a normal sequence checks every key; only a deep one finds and rebuilds a shard file with bitrot', async () => {
    const h = await openFaultHarness({ drives: 4 });
    const b = backendOf(h);
    try {
      const entries = await h.writeCatalogue();
      const [rel] = await shardFiles(h.endpoints[1]!);
      assert.ok(rel !== undefined, 'a large object has shard files');
      const abs = join(h.endpoints[1]!, '.cairn', rel);
      const original = await readFile(abs);
      const damaged = Buffer.from(original);
      damaged[10] = damaged[10]! ^ 0xff; // inside the first frame's data (after its 4-byte crc)
      await writeFile(abs, damaged);

      const normal = await finished(b, b.startHeal({ deep: false, clientAddress: 'test' }));
      assert.equal(normal.state, 'finished');
      assert.equal(normal.objectsChecked, entries.length);
      assert.equal(normal.shardsHealed, 0);
      assert.deepEqual((await readFile(abs)).equals(damaged), true);

      const deep = await finished(b, b.startHeal({ deep: true }));
      assert.deepEqual([deep.state, deep.deep, deep.objectsChecked, deep.objectsHealed, deep.shardsHealed],
        ['finished', true, entries.length, 1, 1]);
      assert.deepEqual(deep.unhealable, { items: [], omitted: 0 });
      assert.ok((await readFile(abs)).equals(original), 'the shard file is rebuilt byte for byte');
      assert.deepEqual(b.healStatus().healed, { shards: 1, records: 0 });
      assert.equal(b.healStatus().sequence?.clientToken, deep.clientToken);
      assert.equal(b.healSequence('no-such-token'), undefined);
    } finally {
      await b.close();
      await h.close();
    }
  });

  it('runs one sequence at a time: a second start is refused, forceStart stops the first, close() stops the last', async () => {
    const h = await openFaultHarness({ drives: 4 });
    const b = backendOf(h);
    try {
      for (let i = 0; i < 30; i++) await h.put(`k${i}`, Buffer.from(`v${i}`));
      for (const f of h.faults) f.set({ delayMs: 20 }); // every drive call waits: a pass takes a while
      const first = b.startHeal({ deep: false });
      assert.notEqual(first, 'already-running');
      assert.equal(b.startHeal({ deep: true }), 'already-running');
      const second = b.startHeal({ deep: true, force: true });
      assert.notEqual(second, 'already-running');
      const stopped = await waitFor('the first sequence to stop', () => {
        const s = b.healSequence((first as HealSequence).clientToken);
        return s?.done === true ? s : undefined;
      });
      assert.equal(stopped.state, 'stopped');
      assert.ok(stopped.objectsChecked < 30, `stopped early, after ${stopped.objectsChecked} keys`);
      assert.equal(b.healSequence((second as HealSequence).clientToken)?.state, 'running');
      await b.close();
      const last = b.healSequence((second as HealSequence).clientToken)!;
      assert.deepEqual([last.state, last.done], ['stopped', true]);
      assert.ok(last.finished !== undefined);
      assert.throws(() => b.startHeal({ deep: false }), /closed/);
    } finally {
      await b.close();
      await h.close();
    }
  });
});
