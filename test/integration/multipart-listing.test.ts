import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKET, openHarness, type Harness } from './multipart-harness.js';
import type { ListUploadsResult } from '../../src/object/object-layer.js';
import { uploadKey } from '../../src/object/multipart/upload-record.js';
import { scanWidth } from '../../src/object/multipart/list-multipart-uploads.js';
import type { FaultyDrive } from '../../src/storage/drive/faulty-drive.js';

for (const drives of [1, 4]) {
  describe(`multipart listing on ${drives} drive(s)`, () => {
    let h: Harness;
    /** key -> uploadIds in creation order */
    const created: [string, string][] = [];
    before(async () => {
      h = await openHarness(drives);
      // Created out of key order; 'c' twice (initiation order must be kept within a key).
      for (const key of ['c', 'a', 'b/2', 'b/1', 'c', 'd/x/y', 'é', 'e']) {
        const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key });
        created.push([key, up.uploadId]);
      }
    });
    after(async () => { await h.close(); });

    const expectedOrder = (): [string, string][] => {
      const keys = ['a', 'b/1', 'b/2', 'c', 'd/x/y', 'e', 'é']; // UTF-8 byte order: 'é' (0xC3..) after 'e'
      return keys.flatMap((k) => created.filter(([key]) => key === k));
    };

    test('all uploads, ordered by key then initiation', async () => {
      const res = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
      assert.deepEqual(res.uploads.map((u) => [u.key, u.uploadId]), expectedOrder());
      assert.equal(res.isTruncated, false);
      assert.deepEqual(res.commonPrefixes, []);
      assert.ok(res.uploads.every((u) => u.bucket === BUCKET && u.storageClass === 'STANDARD' && u.initiated instanceof Date));
    });

    test('pagination with keyMarker / uploadIdMarker visits every upload exactly once', async () => {
      const seen: [string, string][] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      let pages = 0;
      for (; pages < 20; pages++) {
        const res: ListUploadsResult = await h.mp.listMultipartUploads({
          bucket: BUCKET,
          maxUploads: 2, ...(keyMarker !== undefined ? { keyMarker } : {}), ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
        });
        assert.ok(res.uploads.length <= 2);
        seen.push(...res.uploads.map((u): [string, string] => [u.key, u.uploadId]));
        if (!res.isTruncated) break;
        keyMarker = res.nextKeyMarker;
        uploadIdMarker = res.nextUploadIdMarker;
        assert.ok(keyMarker !== undefined && uploadIdMarker !== undefined);
      }
      assert.deepEqual(seen, expectedOrder());
      assert.equal(pages, 3); // 8 uploads, 2 per page: the 4th page is the last
    });

    test('keyMarker alone skips every upload of that key', async () => {
      const res = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 100, keyMarker: 'c' });
      assert.deepEqual(res.uploads.map((u) => u.key), ['d/x/y', 'e', 'é']);
    });

    test('delimiter folds keys into common prefixes; prefix narrows', async () => {
      const res = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 100, delimiter: '/' });
      assert.deepEqual(res.uploads.map((u) => u.key), ['a', 'c', 'c', 'e', 'é']);
      assert.deepEqual(res.commonPrefixes, ['b/', 'd/']);
      const inB = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 100, prefix: 'b/', delimiter: '/' });
      assert.deepEqual(inB.uploads.map((u) => u.key), ['b/1', 'b/2']);
      assert.deepEqual(inB.commonPrefixes, []);
      const inD = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 100, prefix: 'd/', delimiter: '/' });
      assert.deepEqual(inD.uploads, []);
      assert.deepEqual(inD.commonPrefixes, ['d/x/']);
    });

    test('pagination through common prefixes resumes after the prefix', async () => {
      const first = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 2, delimiter: '/' });
      assert.deepEqual(first.uploads.map((u) => u.key), ['a']);
      assert.deepEqual(first.commonPrefixes, ['b/']);
      assert.equal(first.isTruncated, true);
      assert.equal(first.nextKeyMarker, 'b/');
      const second = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 2, delimiter: '/', keyMarker: first.nextKeyMarker! });
      assert.deepEqual(second.uploads.map((u) => u.key), ['c', 'c']);
      assert.deepEqual(second.commonPrefixes, []);
    });

    test('listParts pagination with partNumberMarker', async () => {
      const [key, uploadId] = created.find(([k]) => k === 'a')!;
      for (const n of [5, 1, 3, 2, 4]) await h.putPart(key, uploadId, n, Buffer.from(`part ${n}`));
      const numbers: number[] = [];
      let marker: number | undefined;
      let pages = 0;
      for (; pages < 10; pages++) {
        const res = await h.mp.listParts({ bucket: BUCKET, key, uploadId, maxParts: 2, ...(marker !== undefined ? { partNumberMarker: marker } : {}) });
        assert.equal(res.upload.uploadId, uploadId);
        for (const p of res.parts) {
          assert.equal(p.size, `part ${p.partNumber}`.length);
          assert.match(p.etag, /^[0-9a-f]{32}$/);
        }
        numbers.push(...res.parts.map((p) => p.partNumber));
        if (!res.isTruncated) break;
        marker = res.nextPartNumberMarker;
      }
      assert.deepEqual(numbers, [1, 2, 3, 4, 5]);
      assert.equal(pages, 2);
      const tail = await h.mp.listParts({ bucket: BUCKET, key, uploadId, maxParts: 100, partNumberMarker: 4 });
      assert.deepEqual(tail.parts.map((p) => p.partNumber), [5]);
      assert.equal(tail.isTruncated, false);
    });
  });
}

describe('multipart listing across scan pages (4 drives, more uploads than one drive page)', () => {
  let h: Harness;
  const ids: string[] = [];
  before(async () => {
    h = await openHarness(4);
    for (let i = 0; i < 620; i++) {
      const up = await h.mp.createMultipartUpload({ bucket: BUCKET, key: `k/${String(i).padStart(4, '0')}` });
      ids.push(up.uploadId);
    }
  });
  after(async () => { await h.close(); });

  test('one big page and 250-upload pages both return all 620 in order', async () => {
    const all = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
    assert.equal(all.uploads.length, 620);
    assert.deepEqual(all.uploads.map((u) => u.uploadId), ids);
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res: ListUploadsResult = await h.mp.listMultipartUploads({
        bucket: BUCKET,
        maxUploads: 250, ...(keyMarker ? { keyMarker } : {}), ...(uploadIdMarker ? { uploadIdMarker } : {}),
      });
      seen.push(...res.uploads.map((u) => u.uploadId));
      if (!res.isTruncated) break;
      keyMarker = res.nextKeyMarker;
      uploadIdMarker = res.nextUploadIdMarker;
    }
    assert.deepEqual(seen, ids);
    const folded = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 10, delimiter: '/' });
    assert.deepEqual(folded.commonPrefixes, ['k/']);
    assert.deepEqual(folded.uploads, []);
    assert.equal(folded.isTruncated, false);
  });

  // One drive of the set reads values, the others keys only (their copies are counted).
  test('uploads the value-reading drive lacks, or all of them when its read fails, come from the other holders', async () => {
    const set = h.storage.sets[0]!;
    const first = set.drives[0]! as FaultyDrive;
    assert.ok(h.faulty.includes(first), 'the set holds the harness drives');
    const full = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
    // Remove 5 upload records from the first drive only: 3 drives still hold them (readQuorum 2).
    const gone = full.uploads.slice(100, 105);
    await first.metaBatch(gone.map((u) => ({ key: uploadKey(BUCKET, u.key, u.uploadId), value: null })));
    const lacking = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
    assert.deepEqual(lacking.uploads.map((u) => [u.key, u.uploadId, u.initiated.getTime()]), full.uploads.map((u) => [u.key, u.uploadId, u.initiated.getTime()]));
    first.set({ failAll: new Error('injected: every call fails') });
    try {
      const failed = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
      assert.deepEqual(failed.uploads.map((u) => [u.key, u.uploadId]), full.uploads.map((u) => [u.key, u.uploadId]));
      const page = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 250, keyMarker: 'k/0300' });
      assert.deepEqual(page.uploads.map((u) => u.uploadId), ids.slice(301, 551));
    } finally {
      first.reset();
    }
    // A record on fewer than readQuorum drives (the first and one other lack it) is not listed.
    const half = full.uploads[0]!;
    await set.drives[1]!.metaBatch([{ key: uploadKey(BUCKET, half.key, half.uploadId), value: null }]);
    await first.metaBatch([{ key: uploadKey(BUCKET, half.key, half.uploadId), value: null }]);
    await set.drives[2]!.metaBatch([{ key: uploadKey(BUCKET, half.key, half.uploadId), value: null }]);
    const without = await h.mp.listMultipartUploads({ bucket: BUCKET, maxUploads: 1000 });
    assert.deepEqual(without.uploads.map((u) => u.uploadId), ids.filter((id) => id !== half.uploadId));
  });

  // EC 2+2 (write quorum 3, read quorum 2): a round scans 2 of the 4 drives; the others are read
  // only for keys the scanned drives disagree on.
  test('a clean page reads scanWidth drives; a key the scanned drives disagree on is counted on the others', async () => {
    const set = h.storage.sets[0]!;
    assert.equal(scanWidth(set), 2);
    const ups = [];
    for (const key of ['n/0', 'n/1', 'n/2', 'n/3']) ups.push(await h.mp.createMultipartUpload({ bucket: BUCKET, key }));
    const ranges = set.drives.map(() => 0);
    const gets = set.drives.map(() => 0);
    const restore = set.drives.map((d, i) => {
      const range = d.metaRange.bind(d);
      const get = d.metaGet.bind(d);
      d.metaRange = (o) => { ranges[i]!++; return range(o); };
      d.metaGet = (k) => { if (k.startsWith('u/')) gets[i]!++; return get(k); };
      return () => { d.metaRange = range; d.metaGet = get; };
    });
    try {
      const clean = await h.mp.listMultipartUploads({ bucket: BUCKET, prefix: 'n/', maxUploads: 1000 });
      assert.deepEqual(clean.uploads.map((u) => u.uploadId), ups.map((u) => u.uploadId));
      assert.deepEqual(ranges, [1, 1, 0, 0], 'only the first two drives scanned');
      assert.deepEqual(gets, [0, 0, 0, 0], 'no upload record read key by key');
      const drop = (i: number, u: { key: string; uploadId: string }) => set.drives[i]!.metaBatch([{ key: uploadKey(BUCKET, u.key, u.uploadId), value: null }]);
      // n/0: on drives 1 and 4 only (2 copies = read quorum): listed, its value read from drive 4.
      await drop(1, ups[0]!); await drop(2, ups[0]!);
      // n/1: on drive 1 only: left out. n/2: on drives 3 and 4 only (never on a scanned drive): left out,
      // as a create acknowledged by write quorum (3 drives) always reaches a scanned drive.
      await drop(1, ups[1]!); await drop(2, ups[1]!); await drop(3, ups[1]!);
      await drop(0, ups[2]!); await drop(1, ups[2]!);
      gets.fill(0);
      const mixed = await h.mp.listMultipartUploads({ bucket: BUCKET, prefix: 'n/', maxUploads: 1000 });
      assert.deepEqual(mixed.uploads.map((u) => [u.key, u.uploadId, u.initiated.getTime()]), [ups[0]!, ups[3]!].map((u) => [u.key, u.uploadId, u.initiated.getTime()]));
      assert.deepEqual(gets, [0, 0, 2, 2], 'the two disagreeing keys were read on the unscanned drives');
      // A scanned drive failing: the listing reads every other drive (1, 3, 4) and counts what they
      // hold: n/0 on 1 and 4, n/2 on 3 and 4 (both read quorum), n/1 on 1 only.
      (set.drives[1] as FaultyDrive).set({ failAll: new Error('injected') });
      const degraded = await h.mp.listMultipartUploads({ bucket: BUCKET, prefix: 'n/', maxUploads: 1000 });
      assert.deepEqual(degraded.uploads.map((u) => u.key), ['n/0', 'n/2', 'n/3']);
    } finally {
      (set.drives[1] as FaultyDrive).reset();
      for (const r of restore) r();
    }
  });
});
