import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectKey } from '../../src/object/meta-keys.js';
import { readKey } from '../../src/object/record-quorum.js';
import { decodeObjectRecord, encodeObjectRecord } from '../../src/storage/format/index.js';
import { BUCKET, contentOf, KiB, openFaultHarness } from './fault-harness.js';

// A quorum read decodes each distinct copy once (object/decoded-copies.ts): a data file's record
// is the same bytes on every drive, an inline object's is each drive's own (its shard).
test('a quorum read shares one decoded record among equal copies, and still sees a stale one', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    await h.put('file', contentOf('file', 300 * KiB));
    await h.put('inline', contentOf('inline', 2 * KiB));
    const file = await readKey(h.layer.context, BUCKET, 'file');
    assert.equal(file.records.length, 4);
    for (const r of file.records) assert.equal(r, file.records[0], 'every drive\'s copy is one decoded record');
    assert.equal(file.record, file.records[0]);
    const inline = await readKey(h.layer.context, BUCKET, 'inline');
    assert.equal(new Set(inline.records).size, 4, 'inline copies differ by their shard');
    assert.deepEqual(await h.get('inline'), contentOf('inline', 2 * KiB));

    // Drive 3 keeps an older copy of `file` (it missed the overwrite): decoded on its own, out-voted.
    const okey = objectKey(BUCKET, 'file');
    const old = await h.faults[3]!.metaGet(okey);
    await h.put('file', contentOf('file2', 300 * KiB));
    await h.faults[3]!.metaUpdate([okey], () => ({ ops: [{ key: okey, value: old! }], result: undefined }));
    const after = await readKey(h.layer.context, BUCKET, 'file');
    assert.equal(after.records[1], after.records[0]);
    assert.equal(after.records[2], after.records[0]);
    assert.notEqual(after.records[3], after.records[0]);
    assert.deepEqual(after.records[3], decodeObjectRecord(old!));
    assert.equal(encodeObjectRecord(after.record!).equals(encodeObjectRecord(after.records[0]!)), true);
    assert.deepEqual(await h.get('file'), contentOf('file2', 300 * KiB));
  } finally {
    await h.close();
  }
});
