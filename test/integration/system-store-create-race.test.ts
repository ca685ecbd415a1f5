/**
 * The creation race of `--workers` processes starting together: the loser's conditional create
 * is refused by the arbiter drive while the winner's commit has not yet reached a read quorum,
 * so the loser's next reads find nothing for a moment. Here a layer that hides an object from
 * the first N reads stands for that moment; the loser must wait for the winner's object and
 * use it, never start without it (a worker whose IAM cache lacked the cluster account answered
 * the root's first request with 403).
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectNotFoundError } from '../../src/errors/domain-errors.js';
import { ROOT_CREDENTIALS_OBJECT, resolveRootCredentials } from '../../src/compose/root-credentials.js';
import { CLUSTER_ACCOUNT_ID } from '../../src/iam/caller.js';
import { ACCOUNT_INDEX_OBJECT, SEAL_KEY_OBJECT, accountObject } from '../../src/iam/store/account-doc.js';
import { IamCallerDirectory, IamStore, openSecretSealer } from '../../src/iam/store/index.js';
import { SystemStore } from '../../src/object/index.js';
import type { GetObjectRequest, ObjectLayer } from '../../src/object/object-layer.js';
import { openHarness, type Harness } from './object-layer-harness.js';

const ROOT = { accessKey: 'clusterroot', secretKey: 'clusterrootsecret' };

/** `layer`, except that getObject of a key in `hidden` answers "not found" while its count lasts. */
function lagging(layer: ObjectLayer, hidden: Map<string, number>): ObjectLayer {
  return new Proxy(layer, {
    get(target, prop) {
      if (prop === 'getObject') {
        return async (req: GetObjectRequest, ...rest: unknown[]) => {
          const left = hidden.get(req.key) ?? 0;
          if (left > 0) {
            hidden.set(req.key, left - 1);
            throw new ObjectNotFoundError(req.bucket, req.key);
          }
          return (target.getObject as (...a: unknown[]) => unknown)(req, ...rest);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('SystemStore creation race between processes', () => {
  let h: Harness;
  let winner: SystemStore;
  beforeEach(async () => {
    h = await openHarness(4);
    winner = await SystemStore.open(h.layer);
  });
  afterEach(async () => { await h.close(); });

  it('createOrGet: the loser gets the winner\'s bytes once readable; the winner gets its own', async () => {
    const hidden = new Map([['config/race.json', 5]]);
    const loser = await SystemStore.open(lagging(h.layer, hidden));
    assert.deepEqual(await winner.createOrGet('config/race.json', Buffer.from('first')), { bytes: Buffer.from('first'), created: true });
    assert.deepEqual(await loser.createOrGet('config/race.json', Buffer.from('second')), { bytes: Buffer.from('first'), created: false });
    assert.equal(hidden.get('config/race.json'), 0, 'every hidden read was waited through');
    assert.deepEqual(await winner.get('config/race.json'), Buffer.from('first'));
  });

  it('getCreated of an object that never appears ends with CorruptRecordError naming it (bounded wait)', async () => {
    const loser = await SystemStore.open(lagging(h.layer, new Map([['config/never.json', 1e9]])));
    await winner.put('config/never.json', Buffer.from('x'));
    const started = Date.now();
    await assert.rejects(loser.getCreated('config/never.json', 300), (err: Error) => err.name === 'CorruptRecordError' && /\.cairn\.sys\/config\/never\.json/.test(err.message));
    assert.ok(Date.now() - started >= 300, 'waited the bound');
  });

  it('IamStore.open of the losing process holds the cluster account: the root resolves from the first request', async () => {
    const first = await IamStore.open({ system: winner, refreshMs: 0 });
    const cluster = first.account(CLUSTER_ACCOUNT_ID)!.doc.account;
    // The loser finds neither the index nor the account document for a while.
    const hidden = new Map([[ACCOUNT_INDEX_OBJECT, 3], [accountObject(CLUSTER_ACCOUNT_ID), 3], [SEAL_KEY_OBJECT, 2]]);
    const second = await IamStore.open({ system: await SystemStore.open(lagging(h.layer, hidden)), refreshMs: 0 });
    try {
      const caller = new IamCallerDirectory(second, ROOT).resolve(ROOT.accessKey);
      assert.equal(caller?.isClusterRoot, true);
      assert.equal(caller?.account.canonicalUserId, cluster.canonicalUserId, 'the winner\'s account, not a second one');
      const made = await first.createAccount({ name: 'made-by-first' });
      await second.refresh();
      assert.equal(new IamCallerDirectory(second, ROOT).secretFor(made.accessKey), made.secretKey, 'both use the winner\'s seal key');
    } finally {
      first.close();
      second.close();
    }
  });

  it('generated root credentials: the losing process uses the winner\'s pair', async () => {
    const first = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, system: winner, drives: [], sealer: await openSecretSealer(winner) });
    const loser = await SystemStore.open(lagging(h.layer, new Map([[ROOT_CREDENTIALS_OBJECT, 4]])));
    const second = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, system: loser, drives: [], sealer: await openSecretSealer(loser) });
    assert.equal(second.accessKey, first.accessKey);
    assert.equal(second.secretKey, first.secretKey);
  });
});
