/**
 * The IAM sealing key over a real system bucket (4 drives) with the built-in KMS: stored sealed
 * by the KMS (v2) on a new deployment, a v1 key wrapped in place at the first start with a KMS
 * (secrets sealed before still open), re-wrapped when the configured key changes, refused
 * without the KMS or with a KMS that does not hold its key, and agreed on by racing processes.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BuiltinKms } from '../../src/crypto/builtin-kms.js';
import { KmsConfigError, KmsKeyNotFoundError, KmsUnavailableError } from '../../src/errors/domain-errors.js';
import { SEAL_KEY_OBJECT } from '../../src/iam/store/account-doc.js';
import { IamCallerDirectory, IamStore, openSecretSealer, SEAL_KEY_CONTEXT } from '../../src/iam/store/index.js';
import { loadSealKey, type SealingKms } from '../../src/iam/store/seal-key.js';
import { SystemStore } from '../../src/object/index.js';
import { openHarness, type Harness } from './object-layer-harness.js';

const ROOT = { accessKey: 'clusterroot', secretKey: 'clusterrootsecret' };
const kmsOf = (...names: string[]): BuiltinKms => new BuiltinKms({ keys: names.map((name, i) => ({ name, key: Buffer.alloc(32, i + 1) })) });

describe('IAM sealing key', () => {
  let h: Harness;
  let system: SystemStore;
  beforeEach(async () => {
    h = await openHarness(4);
    system = await SystemStore.open(h.layer);
  });
  afterEach(async () => { await h.close(); });

  it('a new deployment with a KMS stores only the KMS-sealed form; every start opens the same key', async () => {
    const kms = kmsOf('master');
    const key = await loadSealKey(system, { kms, keyId: 'master' });
    const doc = await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), ['kmsKeyId', 'sealedDataKey', 'sealedKey', 'version']);
    assert.deepEqual([doc['version'], doc['kmsKeyId']], [2, 'master']);
    const stored = (await system.get(SEAL_KEY_OBJECT))!;
    assert.equal(stored.includes(key), false);
    assert.equal(stored.includes(Buffer.from(key.toString('base64'))), false);
    // The data key opens only for the IAM context.
    const dataKey = Buffer.from(doc['sealedDataKey'] as string, 'base64');
    assert.equal((await kms.decrypt('master', dataKey, SEAL_KEY_CONTEXT)).length, 32);
    await assert.rejects(kms.decrypt('master', dataKey, { purpose: 'other' }));
    assert.deepEqual(await loadSealKey(system, { kms, keyId: 'master' }), key);
    assert.deepEqual(await system.getJson(SEAL_KEY_OBJECT), doc, 'an up-to-date document is not rewritten');
  });

  it('a v1 key is wrapped at the first start with a KMS: the same key, secrets sealed before still open', async () => {
    const before = await IamStore.open({ system, refreshMs: 0 });
    const made = await before.createAccount({ name: 'early' });
    before.close();
    const v1 = await system.getJson(SEAL_KEY_OBJECT) as { version: number; key: string };
    assert.equal(v1.version, 1);

    const kms = kmsOf('master');
    const sealer = await openSecretSealer(system, { kms, keyId: 'master' });
    const doc = await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>;
    assert.deepEqual([doc['version'], doc['kmsKeyId'], doc['key']], [2, 'master', undefined]);
    const after = await IamStore.open({ system, refreshMs: 0, sealer });
    try {
      assert.equal(new IamCallerDirectory(after, ROOT).secretFor(made.accessKey), made.secretKey);
    } finally {
      after.close();
    }
    assert.deepEqual(await loadSealKey(system, { kms, keyId: 'master' }), Buffer.from(v1.key, 'base64'));
  });

  it('without the KMS a sealed key fails the start naming the key; a KMS without that key fails too', async () => {
    await loadSealKey(system, { kms: kmsOf('master'), keyId: 'master' });
    await assert.rejects(loadSealKey(system), (err: unknown) => err instanceof KmsConfigError && /sealed by KMS key 'master'/.test(err.message));
    await assert.rejects(IamStore.open({ system, refreshMs: 0 }), KmsConfigError);
    await assert.rejects(loadSealKey(system, { kms: kmsOf('other'), keyId: 'other' }));
    const wrongBytes = new BuiltinKms({ keys: [{ name: 'master', key: randomBytes(32) }] });
    await assert.rejects(loadSealKey(system, { kms: wrongBytes, keyId: 'master' }));
    assert.equal((await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>)['kmsKeyId'], 'master', 'left as it was');
  });

  it('a key wrapped under another KMS key than the configured one is re-wrapped under the configured key', async () => {
    const kms = kmsOf('old', 'new');
    const key = await loadSealKey(system, { kms, keyId: 'old' });
    assert.deepEqual(await loadSealKey(system, { kms, keyId: 'new' }), key);
    assert.equal((await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>)['kmsKeyId'], 'new');
    // Only "new" is needed from now on: a KMS without "old" opens it.
    assert.deepEqual(await loadSealKey(system, { kms: new BuiltinKms({ keys: [{ name: 'new', key: Buffer.alloc(32, 2) }] }), keyId: 'new' }), key);
  });

  it('processes starting at once agree on one key, with and without a migration to run', async () => {
    const kms = kmsOf('master');
    const fresh = await Promise.all([0, 1, 2].map(() => loadSealKey(system, { kms, keyId: 'master' })));
    assert.deepEqual(fresh[1], fresh[0]);
    assert.deepEqual(fresh[2], fresh[0]);

    await system.putJson(SEAL_KEY_OBJECT, { version: 1, key: fresh[0]!.toString('base64') });
    const migrated = await Promise.all([0, 1, 2].map(() => loadSealKey(system, { kms, keyId: 'master' })));
    for (const k of migrated) assert.deepEqual(k, fresh[0]);
    assert.equal((await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>)['version'], 2);
  });

  it('a KMS that cannot make a data key yet (key not created, unreachable): the key starts in the clear, is sealed at a later start', async () => {
    const noKey: SealingKms = {
      generateDataKey: async (keyId) => { throw new KmsKeyNotFoundError(keyId); },
      decrypt: async (keyId) => { throw new KmsKeyNotFoundError(keyId); },
    };
    const told: unknown[] = [];
    const key = await loadSealKey(system, { kms: noKey, keyId: 'later', onNotSealed: (err) => told.push(err) });
    assert.equal((await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>)['version'], 1);
    assert.equal(told.length, 1);
    assert.ok(told[0] instanceof KmsKeyNotFoundError);
    const down: SealingKms = { ...noKey, generateDataKey: async () => { throw new KmsUnavailableError('http://vault', 'connection refused'); } };
    assert.deepEqual(await loadSealKey(system, { kms: down, keyId: 'later', onNotSealed: (err) => told.push(err) }), key);
    assert.equal(told.length, 2);
    const kms = kmsOf('later');
    assert.deepEqual(await loadSealKey(system, { kms, keyId: 'later' }), key);
    assert.equal((await system.getJson(SEAL_KEY_OBJECT) as Record<string, unknown>)['version'], 2);
  });

  it('a sealed key waits a bounded time for an unreachable KMS; other refusals fail at once', async () => {
    const kms = kmsOf('master');
    const key = await loadSealKey(system, { kms, keyId: 'master' });
    let failures = 2;
    const flaky: SealingKms = {
      generateDataKey: (keyId, context) => kms.generateDataKey(keyId, context),
      decrypt: async (keyId, ciphertext, context) => {
        if (failures-- > 0) throw new KmsUnavailableError('http://vault', 'connection refused');
        return kms.decrypt(keyId, ciphertext, context);
      },
    };
    assert.deepEqual(await loadSealKey(system, { kms: flaky, keyId: 'master', unavailableWaitMs: 5000 }), key);
    assert.equal(failures, -1, 'opened on the third try');
    let calls = 0;
    const down: SealingKms = { ...flaky, decrypt: async () => { calls++; throw new KmsUnavailableError('http://vault', 'connection refused'); } };
    const started = Date.now();
    await assert.rejects(loadSealKey(system, { kms: down, keyId: 'master', unavailableWaitMs: 1000 }), KmsUnavailableError);
    assert.ok(calls >= 2 && Date.now() - started < 6000, `${calls} tries in ${Date.now() - started} ms`);
    calls = 0;
    const denied: SealingKms = { ...flaky, decrypt: async (keyId) => { calls++; throw new KmsKeyNotFoundError(keyId); } };
    await assert.rejects(loadSealKey(system, { kms: denied, keyId: 'master', unavailableWaitMs: 5000 }), KmsKeyNotFoundError);
    assert.equal(calls, 1);
  });

  it('a stored document of neither form is a corrupt record naming it', async () => {
    await system.putJson(SEAL_KEY_OBJECT, { version: 2, kmsKeyId: 'master' });
    await assert.rejects(loadSealKey(system, { kms: kmsOf('master'), keyId: 'master' }), /iam\/seal-key\.json: not a version 1 or 2 sealing key/);
    await system.putJson(SEAL_KEY_OBJECT, { version: 1, key: 'c2hvcnQ=' });
    await assert.rejects(loadSealKey(system), /not a version 1 or 2 sealing key/);
  });
});
