/**
 * A drive that was offline (not wiped) while a bucket was created, a bucket config written and
 * parts of a multipart upload were uploaded comes back: one scanner pass heals the bucket
 * record, the config document, the upload's records and its staged part files onto it, so
 * two OTHER drives can then be lost and the bucket, its config and the upload's parts are all
 * still there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObjectHealer } from '../../src/object/heal/index.js';
import { ObjectScanner } from '../../src/workers/index.js';
import { BUCKET, contentOf, KiB, MiB, openFaultHarness, within } from './fault-harness.js';
import { createUpload, listAllParts, putPart } from './upload-heal-calls.js';

test('a returning drive gets missed bucket records, config documents and upload parts from one scanner pass', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const away = 3;
    h.faults[away]!.set({ offline: true });
    await h.layer.makeBucket({ bucket: 'made-while-away' });
    const config = Buffer.from('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
    await h.layer.putBucketConfig({ bucket: BUCKET, name: 'versioning', value: config });
    const uploadId = await createUpload(h.layer, 'big-upload');
    const parts = [
      await putPart(h.layer, 'big-upload', uploadId, { partNumber: 1, data: contentOf('p1', 5 * MiB + 3) }),
      await putPart(h.layer, 'big-upload', uploadId, { partNumber: 2, data: contentOf('p2', 300 * KiB) }),
    ];
    h.resetFaults();

    const findings: string[] = [];
    const scanner = new ObjectScanner(createObjectHealer(h.layer.context), (_b, k) => findings.push(k), { objectsPerSecond: 100_000 });
    const stats = await within(60_000, scanner.scanPass(), 'scanner pass');
    assert.equal(stats.errors, 0);
    assert.ok(stats.findings >= 3, `bucket record, config and upload healed: ${stats.findings}`);

    for (const pair of [[0, 1], [0, 2], [1, 2]]) {
      h.resetFaults();
      for (const d of pair) h.faults[d]!.set({ offline: true });
      assert.equal((await h.layer.headBucket({ bucket: 'made-while-away' })).name, 'made-while-away', `bucket without ${pair}`);
      assert.deepEqual(await h.layer.getBucketConfig({ bucket: BUCKET, name: 'versioning' }), config, `config without ${pair}`);
      const listed = await within(15_000, listAllParts(h.layer, 'big-upload', uploadId), 'ListParts');
      assert.deepEqual(listed.map((p) => [p.partNumber, p.etag, p.size]), parts.map((p) => [p.partNumber, p.etag, p.data.length]), `parts without ${pair}`);
    }
  } finally {
    await h.close();
  }
});
