/**
 * The quota ledger against a real scanner pass with writes and deletes made while the pass
 * runs (object/bucket-usage-ledger.ts, object/usage-scan-trace.ts): the pass is held just
 * before it reads k/20, having read k/10; then a new key before it (k/05, not in the figure),
 * a new key after it (k/25, in the figure), an overwrite ahead (k/30, in the figure), a delete
 * behind (k/10, not in the figure) and one ahead (k/20, in the figure). Usage must equal what
 * the bucket holds: nothing counted twice, every delete freed once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObjectHealer, type ObjectHealer } from '../../src/object/heal/index.js';
import { ObjectScanner } from '../../src/workers/index.js';
import { BUCKET, contentOf, openFaultHarness } from './fault-harness.js';

test('quota ledger: writes and deletes during a scanner pass are counted exactly once', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const ledger = h.layer.context.usage;
    for (const k of ['k/10', 'k/20', 'k/30']) await h.put(k, contentOf(k, 1000));
    const real = createObjectHealer(h.layer.context);
    let hold: (() => Promise<void>) | undefined;
    const healer: ObjectHealer = {
      ...real,
      storage: real.storage,
      checkObject: async (req) => {
        if (req.key === 'k/20' && hold) { const f = hold; hold = undefined; await f(); }
        return real.checkObject(req);
      },
    };
    const scanner = new ObjectScanner(healer, () => {}, { objectsPerSecond: 10_000, batchSize: 1, usage: ledger });
    await scanner.scanPass();
    assert.equal(ledger.usage(BUCKET), 3000, 'first figure');
    assert.equal(ledger.changeCount, 0, 'the puts before the pass are in its figure');

    hold = async () => {
      await h.put('k/05', contentOf('a', 2000));
      await h.put('k/25', contentOf('b', 3000));
      await h.put('k/30', contentOf('c', 4000));
      await h.layer.deleteObject({ bucket: BUCKET, key: 'k/10' });
      await h.layer.deleteObject({ bucket: BUCKET, key: 'k/20' });
    };
    await scanner.scanPass();
    assert.equal(hold, undefined, 'the writes ran inside the pass');
    const held = (await h.layer.listObjects({ bucket: BUCKET, maxKeys: 1000 })).objects.reduce((n, o) => n + o.size, 0);
    assert.equal(held, 2000 + 3000 + 4000);
    assert.equal(ledger.figure?.buckets[BUCKET]?.totalBytes, 1000 + 3000 + 4000, 'the pass saw k/25, k/30 and the k/20 delete, not k/05 nor the k/10 delete');
    assert.equal(ledger.usage(BUCKET), held, 'figure + the changes it did not see');
    assert.equal(ledger.changeCount, 2, 'k/05 and the k/10 delete stay');

    await scanner.scanPass();
    assert.equal(ledger.figure?.buckets[BUCKET]?.totalBytes, held);
    assert.equal(ledger.usage(BUCKET), held);
    assert.equal(ledger.changeCount, 0);
  } finally {
    await h.close();
  }
});
