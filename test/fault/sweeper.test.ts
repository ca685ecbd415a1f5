/**
 * The sweeper removes what crashes leave behind — tmp entries, data files and data dirs
 * without a `d/` reference, multipart dirs without an upload record — only once older than
 * the grace period, and never touches committed objects or pending uploads.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { healObject } from '../../src/object/heal/index.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord } from '../../src/storage/format/index.js';
import { Sweeper } from '../../src/workers/index.js';
import { BUCKET, contentOf, openFaultHarness } from './fault-harness.js';
import { dataPath } from '../../src/object/ids.js';
import { decodeUploadRecord, uploadKey } from '../../src/object/multipart/upload-record.js';
import { partNames } from '../integration/multipart-harness.js';

test('sweeper: orphans go after the grace period; objects and pending uploads stay', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const big = contentOf('kept', 300 * 1024);
    await h.put('kept', big);
    const upload = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'pending' });
    const part = contentOf('pending#1', 6 * 1024 * 1024);
    const p1 = await h.layer.putObjectPart({ bucket: BUCKET, key: 'pending', uploadId: upload.uploadId, partNumber: 1, body: Readable.from([part]), size: part.length });

    const upDataId = decodeUploadRecord((await h.faults[0]!.metaGet(uploadKey(BUCKET, 'pending', upload.uploadId)))!).dataId!;
    const upDir = dataPath(upDataId);
    const crashedPartId = randomBytes(16).toString('hex');
    const orphanId = randomBytes(16).toString('hex');
    const orphanFileId = randomBytes(16).toString('hex');
    const orphanUpload = randomBytes(16).toString('hex');
    for (const d of h.faults) {
      const w1 = await d.createFile('tmp/crashed-write/part.1');
      await w1.write(Buffer.from('partial'));
      await w1.finish();
      const w2 = await d.createFile(`${dataPath(orphanId)}/part.1`);
      await w2.write(Buffer.from('never committed'));
      await w2.finish();
      // A crashed PUT's data file (no data dir): no d/ entry names it.
      const w5 = await d.createFile(dataPath(orphanFileId), { newFile: true });
      await w5.write(Buffer.from('never committed either'));
      await w5.finish();
      // A crashed UploadPart's file in the pending upload's data dir: no part record names it.
      const w4 = await d.createFile(`${upDir}/part.2.${crashedPartId}`);
      await w4.write(Buffer.from('part of a crashed UploadPart'));
      await w4.finish();
      const w3 = await d.createFile(`multipart/${orphanUpload}/part.1`);
      await w3.write(Buffer.from('aborted upload'));
      await w3.finish();
    }

    const young = await new Sweeper(h.storage, { graceMs: 60 * 60_000 }).sweepAll();
    assert.deepEqual(young, { tmpRemoved: 0, dataRemoved: 0, multipartRemoved: 0, errors: 0 });

    const later = new Sweeper(h.storage, { graceMs: 60 * 60_000, now: () => Date.now() + 2 * 60 * 60_000 });
    const swept = await later.sweepAll();
    assert.deepEqual(swept, { tmpRemoved: 8, dataRemoved: 8, multipartRemoved: 4, errors: 0 });
    for (const d of h.faults) {
      assert.deepEqual(await d.list('tmp'), []);
      assert.equal(await d.statFile(dataPath(orphanFileId)), undefined);
      assert.deepEqual(await d.list(dataPath(orphanId)), []);
      assert.deepEqual(await d.list(`multipart/${orphanUpload}`), []);
      assert.deepEqual(await d.list(`multipart/${upload.uploadId}`), []);
      assert.deepEqual(partNames(await d.list(upDir)), ['part.1'], 'the recorded part stays, the crashed one went');
    }
    assert.ok((await h.get('kept')).equals(big));
    const kept = decodeObjectRecord((await h.faults[0]!.metaGet(objectKey(BUCKET, 'kept')))!).versions[0]!;
    assert.equal(kept.dataFile, true);
    for (const d of h.faults) assert.ok(await d.statFile(dataPath(kept.dataId!)), 'the committed data file stays');
    await h.layer.completeMultipartUpload({ bucket: BUCKET, key: 'pending', uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: p1.etag }] });
    assert.ok((await h.get('pending')).equals(part));
    assert.deepEqual(await later.sweepAll(), { tmpRemoved: 0, dataRemoved: 0, multipartRemoved: 0, errors: 0 });
    assert.ok((await h.get('pending')).equals(part));

    // A drive whose record lost a d/ entry: heal restores the index, so the sweeper keeps the dir.
    const rec = decodeObjectRecord((await h.faults[1]!.metaGet(objectKey(BUCKET, 'kept')))!);
    const dataId = rec.versions[0]!.dataId!;
    await h.faults[1]!.metaBatch([{ key: `d/${dataId}`, value: null }]);
    const res = await healObject(h.layer.context, { bucket: BUCKET, key: 'kept' });
    assert.deepEqual(res.problems, ['drive 1: record data index incomplete']);
    assert.equal(res.recordsHealed, 1);
    assert.ok((await h.faults[1]!.metaGet(`d/${dataId}`)) !== undefined);
    assert.equal((await later.sweepAll()).dataRemoved, 0);
    h.faults[0]!.set({ offline: true });
    h.faults[2]!.set({ offline: true });
    assert.ok((await h.get('kept')).equals(big));
    h.resetFaults();
  } finally {
    await h.close();
  }
});
