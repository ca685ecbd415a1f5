/**
 * Crash and fault behaviour of multipart uploads on real drives: an interrupted complete
 * (simulated by leaving the on-disk state a crash between its steps leaves) is rolled back;
 * drive faults during part uploads and complete stay within quorum rules.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { QuorumError, UploadNotFoundError } from '../../src/errors/domain-errors.js';
import { dataPath, newId } from '../../src/object/ids.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord } from '../../src/storage/format/index.js';
import {
  decodeUploadRecord, encodeUploadRecord, partKey, uploadDir, uploadKey,
} from '../../src/object/multipart/upload-record.js';
import { Readable } from 'node:stream';
import { BUCKET, MiB, findUnder, makeLegacyUpload, metaKeys, openHarness, partNames, payload, type Harness } from './multipart-harness.js';

/** Leave the state of a complete that crashed after step 2 (mark + rename, no commit). */
async function simulateCrashAfterRename(h: Harness, key: string, uploadId: string): Promise<string> {
  const set = h.storage.setFor(BUCKET, key);
  const dataId = newId();
  for (const d of set.drives) {
    const raw = await d.metaGet(uploadKey(BUCKET, key, uploadId));
    assert.ok(raw, 'upload record present');
    const marked = { ...decodeUploadRecord(raw), completingDataId: dataId };
    await d.metaBatch([{ key: uploadKey(BUCKET, key, uploadId), value: encodeUploadRecord(marked) }]);
    await d.rename(uploadDir(uploadId), dataPath(dataId));
  }
  return dataId;
}

for (const drives of [1, 4]) {
  // A complete that moves parts exists only for uploads staged by an older binary (v1 records).
  describe(`interrupted complete on ${drives} drive(s)`, () => {
    let h: Harness;
    before(async () => { h = await openHarness(drives); });
    after(async () => { await h.close(); });

    test('the next complete rolls the crash back and then completes', async () => {
      const key = 'crashed';
      const parts = [payload(5 * MiB, 31), payload(777, 32)];
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await makeLegacyUpload(h.storage, key, up.uploadId); // the rename-at-complete layout
      const infos = [];
      for (const [i, p] of parts.entries()) infos.push(await h.putPart(key, up.uploadId, i + 1, p));
      const dataId = await simulateCrashAfterRename(h, key, up.uploadId);
      // The upload is still there (listing reads only records).
      assert.equal((await h.mp.listParts({ bucket: BUCKET, key, uploadId: up.uploadId, maxParts: 10 })).parts.length, 2);
      const done = await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag })) });
      assert.equal(done.size, parts[0]!.length + parts[1]!.length);
      assert.ok((await h.get(key)).body.equals(Buffer.concat(parts)));
      for (const root of h.endpoints) {
        const files = await findUnder(root, 'data');
        assert.ok(!files.some((f) => f.includes(dataId)), 'the crashed data dir is gone (moved back, then reused by no one)');
      }
    });

    test('abort after a crash removes the half-moved parts too', async () => {
      const key = 'crashed-abort';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await makeLegacyUpload(h.storage, key, up.uploadId); // the rename-at-complete layout
      await h.putPart(key, up.uploadId, 1, payload(200_000, 33));
      const dataId = await simulateCrashAfterRename(h, key, up.uploadId);
      await h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId });
      for (const root of h.endpoints) {
        assert.deepEqual(await findUnder(root, 'multipart'), []);
        assert.ok(!(await findUnder(root, 'data')).some((f) => f.includes(dataId)));
      }
      assert.deepEqual((await metaKeys(h.storage, 'u/')).filter((k) => k.includes(key)), []);
    });

    test('a part uploaded after a crash finds the upload intact', async () => {
      const key = 'crashed-put';
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      await makeLegacyUpload(h.storage, key, up.uploadId); // the rename-at-complete layout
      const p1 = await h.putPart(key, up.uploadId, 1, payload(5 * MiB, 34));
      await simulateCrashAfterRename(h, key, up.uploadId);
      const p2 = await h.putPart(key, up.uploadId, 2, Buffer.from('after the crash'));
      await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }, { partNumber: 2, etag: p2.etag }] });
      assert.ok((await h.get(key)).body.equals(Buffer.concat([payload(5 * MiB, 34), Buffer.from('after the crash')])));
    });
  });
}

describe('drive faults on 4 drives (EC 2+2, write quorum 3)', () => {
  let h: Harness;
  before(async () => { h = await openHarness(4); });
  afterEach(() => { for (const f of h.faulty) f.reset(); });
  after(async () => { await h.close(); });

  test('one drive offline during parts and complete: the object is whole and readable', async () => {
    const key = 'one-offline';
    const parts = [payload(5 * MiB, 41), payload(12345, 42)];
    const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
    h.faulty[1]!.set({ offline: true });
    const infos = [];
    for (const [i, p] of parts.entries()) infos.push(await h.putPart(key, up.uploadId, i + 1, p));
    await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: infos.map((i) => ({ partNumber: i.partNumber, etag: i.etag })) });
    assert.ok((await h.get(key)).body.equals(Buffer.concat(parts)));
    h.faulty[1]!.reset();
    h.faulty[3]!.set({ offline: true }); // another drive gone: still k = 2 good shards
    assert.ok((await h.get(key)).body.equals(Buffer.concat(parts)));
  });

  test('a drive failing a part re-upload drops its stale shard instead of mixing versions', async () => {
    const key = 'stale-shard';
    const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
    await h.putPart(key, up.uploadId, 1, payload(5 * MiB, 51));
    const newer = payload(5 * MiB, 52);
    h.faulty[2]!.set({ failWrites: new Error('disk says no') });
    const p1 = await h.putPart(key, up.uploadId, 1, newer);
    h.faulty[2]!.reset();
    // Drive 3 could not write at all, so it still holds the OLD shard and record of part 1.
    const set = h.storage.setFor(BUCKET, key);
    assert.ok(await set.drives[2]!.metaGet(partKey(up.uploadId, 1)), 'stale record kept by the failing drive');
    const p2 = await h.putPart(key, up.uploadId, 2, Buffer.from('end'));
    await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }, { partNumber: 2, etag: p2.etag }] });
    // Drive 3 never got the chosen part 1's file; its old one (another name) went at complete.
    const rec = decodeObjectRecord((await set.drives[0]!.metaGet(objectKey(BUCKET, key)))!);
    const dir = dataPath(rec.versions[0]!.dataId!);
    const chosen = rec.versions[0]!.parts![0]!.file!;
    const part1 = await Promise.all(set.drives.map(async (d) => (await d.list(dir)).includes(chosen)));
    assert.deepEqual(part1, [true, true, false, true]);
    assert.deepEqual(partNames(await set.drives[2]!.list(dir)), ['part.2'], 'no stale part 1 left on drive 3');
    // Read with each single drive offline in turn: every combination of 3 shards decodes the NEW bytes.
    for (let off = 0; off < 4; off++) {
      h.faulty[off]!.set({ offline: true });
      assert.ok((await h.get(key)).body.equals(Buffer.concat([newer, Buffer.from('end')])), `drive ${off + 1} offline`);
      h.faulty[off]!.reset();
    }
  });

  test('below write quorum: create fails with QuorumError and leaves no readable upload', async () => {
    h.faulty[0]!.set({ offline: true });
    h.faulty[1]!.set({ offline: true });
    await assert.rejects(h.mp.createMultipartUpload({ bucket: BUCKET, key: 'no-quorum' }), QuorumError);
    for (const f of h.faulty) f.reset();
    const list = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 100, prefix: 'no-quorum' });
    assert.deepEqual(list.uploads, []);
  });

  test('complete with two drives offline fails cleanly and the upload stays usable', async () => {
    const key = 'complete-no-quorum';
    const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
    const p1 = await h.putPart(key, up.uploadId, 1, Buffer.from('data'));
    h.faulty[0]!.set({ offline: true });
    h.faulty[3]!.set({ offline: true });
    await assert.rejects(h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }] }), QuorumError);
    for (const f of h.faulty) f.reset();
    await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }] });
    assert.equal((await h.get(key)).body.toString(), 'data');
    await assert.rejects(h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId }), UploadNotFoundError);
  });
});

describe('races between a streaming part and abort / complete', () => {
  let h: Harness;
  before(async () => { h = await openHarness(4); });
  after(async () => { await h.close(); });

  /** A body that yields `n` chunks, calling `midway` after the first one. */
  async function* slowBody(n: number, midway: () => Promise<void>): AsyncGenerator<Buffer> {
    for (let i = 0; i < n; i++) {
      yield payload(256 * 1024, 100 + i);
      if (i === 0) await midway();
    }
  }

  for (const finisher of ['abort', 'complete'] as const) {
    test(`a part still streaming when the upload is ${finisher}ed is refused and leaves no files`, async () => {
      const key = `race-${finisher}`;
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
      const p1 = await h.putPart(key, up.uploadId, 1, Buffer.from('first'));
      const finish = async (): Promise<void> => {
        if (finisher === 'abort') await h.mp.abortMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId });
        else await h.mp.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: p1.etag }] });
      };
      const set = h.storage.setFor(BUCKET, key);
      const upDataId = decodeUploadRecord((await set.drives[0]!.metaGet(uploadKey(BUCKET, key, up.uploadId)))!).dataId!;
      const body = Readable.from(slowBody(8, finish));
      await assert.rejects(h.mp.putObjectPart({ bucket: BUCKET, key, uploadId: up.uploadId, partNumber: 2, body, size: 8 * 256 * 1024 }), UploadNotFoundError);
      for (const root of h.endpoints) assert.deepEqual(await findUnder(root, 'multipart'), [], `no staging left on ${root}`);
      // The streaming part's own file is gone (an abort may leave the empty dir its writer re-made: swept).
      for (const d of set.drives) assert.deepEqual(partNames(await d.list(dataPath(upDataId))), finisher === 'abort' ? [] : ['part.1']);
      assert.deepEqual((await metaKeys(h.storage, 'p/')).filter((k) => k.includes(up.uploadId)), []);
      if (finisher === 'complete') {
        assert.equal((await h.get(key)).body.toString(), 'first');
        const rec = decodeObjectRecord((await set.drives[0]!.metaGet(objectKey(BUCKET, key)))!);
        assert.equal(rec.versions[0]!.dataId, upDataId, 'completed in place: the upload\'s data dir');
        for (const d of set.drives) assert.deepEqual(await d.list(dataPath(rec.versions[0]!.dataId!)), [rec.versions[0]!.parts![0]!.file]);
      }
    });
  }
});
