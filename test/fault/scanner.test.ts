/**
 * The scanner's pacing and checkpoint: it checks at most objectsPerSecond keys per second
 * (sleeping between batches), an abort stops it between keys, and the next pass resumes from
 * the checkpoint instead of starting over.
 */
import { createObjectHealer } from '../../src/object/heal/index.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectScanner } from '../../src/workers/index.js';
import { contentOf, openFaultHarness } from './fault-harness.js';

test('scanner: rate-limited, cancellable, resumes from its checkpoint', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const n = 12;
    for (let i = 0; i < n; i++) await h.put(`s/${String(i).padStart(2, '0')}`, contentOf(`s${i}`, 100));
    const found: string[] = [];
    const paced = new ObjectScanner(createObjectHealer(h.layer.context), (_b, k) => found.push(k), { objectsPerSecond: 40, batchSize: 4 });
    const t0 = Date.now();
    const stats = await paced.scanPass();
    const elapsed = Date.now() - t0;
    assert.deepEqual(stats, { objects: n, findings: 0, errors: 0, isComplete: true });
    assert.ok(elapsed >= 250, `12 keys at 40/s took ${elapsed} ms`);
    assert.deepEqual(found, []);

    const ac = new AbortController();
    const resumable = new ObjectScanner(createObjectHealer(h.layer.context), () => {}, { objectsPerSecond: 20, batchSize: 4 });
    const first = await resumable.scanPass({
      signal: ac.signal,
      onProgress: (p) => { if (p.objects >= 4) ac.abort(); },
    });
    assert.equal(first.isComplete, false);
    assert.equal(first.objects, 4);
    assert.equal(resumable.checkpoint.after, 'o/fault-bkt/s/03');
    const rest = await resumable.scanPass();
    assert.deepEqual(rest, { objects: n - 4, findings: 0, errors: 0, isComplete: true });
    assert.equal(resumable.checkpoint.after, undefined);
    assert.equal(resumable.passes, 1);
  } finally {
    await h.close();
  }
});
