import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BuiltinKms } from '../crypto/builtin-kms.js';
import { KmsUnavailableError } from '../errors/domain-errors.js';
import { InstrumentedKms } from './instrumented-kms.js';
import type { ExternalKms, KmsStatus } from './kms.js';
import { KmsProbe } from './kms-probe.js';

const builtin = new BuiltinKms({ keys: [{ name: 'k', key: randomBytes(32) }] });
let down = false;
const inner: ExternalKms = {
  generateDataKey: (id, ctx) => (down ? Promise.reject(new KmsUnavailableError('http://kms', 'connection refused')) : builtin.generateDataKey(id, ctx)),
  decrypt: (id, c, ctx) => builtin.decrypt(id, c, ctx),
  keyStatus: (id) => builtin.keyStatus(id),
  listKeys: () => builtin.listKeys(),
  createKey: async () => 'exists',
  rotateKey: async (id) => ({ keyId: id, version: 2 }),
  rewrapDataKey: async () => undefined,
  status: async (): Promise<KmsStatus> => (down ? { kind: 'vault', reachable: false, error: 'refused' } : { kind: 'vault', reachable: true, latencyMs: 2 }),
  close: async () => undefined,
};

describe('InstrumentedKms and KmsProbe', () => {
  it('counts requests by operation and result, with durations', async () => {
    const kms = new InstrumentedKms(inner);
    const dk = await kms.generateDataKey('k', {});
    await kms.decrypt('k', dk.ciphertext, {});
    await assert.rejects(kms.decrypt('k', dk.ciphertext, { other: 'context' }));
    await assert.rejects(kms.generateDataKey('nope', {}));
    down = true;
    await assert.rejects(kms.generateDataKey('k', {}), KmsUnavailableError);
    down = false;
    const stats = Object.fromEntries(kms.stats().map((s) => [s.operation, s]));
    assert.deepEqual(stats['generate']!.results, { success: 1, error: 1, unavailable: 1 });
    assert.deepEqual(stats['decrypt']!.results, { success: 1, error: 1, unavailable: 0 });
    assert.equal(stats['generate']!.count, 3);
    assert.equal(stats['generate']!.buckets.at(-1), 3, 'every request under 10 s');
  });

  it('the probe keeps the last answer and counts failed probes', async () => {
    const probe = new KmsProbe(inner, 60_000);
    await probe.probe();
    assert.equal(probe.reading.last?.reachable, true);
    down = true;
    await probe.probe();
    down = false;
    assert.equal(probe.reading.last?.reachable, false);
    assert.equal(probe.reading.failedProbes, 1);
    probe.stop();
  });
});
