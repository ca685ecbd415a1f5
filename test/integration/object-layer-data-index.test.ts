/**
 * The `d/<dataId>` reverse index (used by the sweeper to find orphaned data dirs): written in
 * the same transaction as the record that references a data dir, removed with the last
 * reference; inline objects have none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataIndexKey } from '../../src/object/meta-keys.js';
import { shardPathOf } from '../../src/object/ids.js';
import { decodeDataIndexRecord } from '../../src/storage/format/index.js';
import { BUCKET, bytes, KiB, openHarness } from './object-layer-harness.js';

test('data index entries follow the records that reference data dirs', async () => {
  const h = await openHarness(4);
  try {
    const index = async (dataId: string) => Promise.all(h.drives.map(async (d) => {
      const v = await d.metaGet(dataIndexKey(dataId));
      return v === undefined ? undefined : decodeDataIndexRecord(v);
    }));
    await h.put('big', bytes(300 * KiB, 1));
    const v1 = (await h.records('big'))[0]!.versions[0]!;
    assert.match(v1.dataId!, /^[0-9a-f]{32}$/);
    for (const e of await index(v1.dataId!)) assert.deepEqual(e, { bucket: BUCKET, key: 'big', writeId: v1.writeId });
    assert.equal(v1.dataFile, true, 'a PUT writes a data file, no data dir');
    for (const d of h.drives) assert.ok(await d.statFile(shardPathOf(v1, { number: 1 })));

    await h.put('big', bytes(200 * KiB, 2)); // overwrite: new index entry, old one and its dir gone
    const v2 = (await h.records('big'))[0]!.versions[0]!;
    assert.notEqual(v2.dataId, v1.dataId);
    assert.deepEqual(await index(v1.dataId!), [undefined, undefined, undefined, undefined]);
    for (const d of h.drives) assert.equal(await d.statFile(shardPathOf(v1, { number: 1 })), undefined);
    for (const e of await index(v2.dataId!)) assert.equal(e!.writeId, v2.writeId);

    // Self-copy (metadata only) keeps the data dir and its index entry.
    await h.layer.copyObject({ bucket: BUCKET, key: 'big', source: { bucket: BUCKET, key: 'big' }, metadataDirective: 'REPLACE', contentType: 'x/y' });
    const v3 = (await h.records('big'))[0]!.versions[0]!;
    assert.equal(v3.dataId, v2.dataId);
    assert.equal(v3.dataFile, true, 'the copy names the same data file');
    assert.equal(v3.contentType, 'x/y');
    for (const e of await index(v2.dataId!)) assert.ok(e);

    await h.layer.deleteObject({ bucket: BUCKET, key: 'big' });
    assert.deepEqual(await index(v2.dataId!), [undefined, undefined, undefined, undefined]);
    assert.deepEqual(await h.dataFiles(), []);

    await h.put('small', bytes(10));
    const s = (await h.records('small'))[0]!.versions[0]!;
    assert.equal(s.dataId, undefined);
    assert.ok(Buffer.isBuffer(s.inline));
    const recs = await h.records('small');
    assert.equal(new Set(recs.map((r) => r!.versions[0]!.inline!.toString('hex'))).size, 4, 'each drive holds its own shard');
  } finally {
    await h.close();
  }
});
