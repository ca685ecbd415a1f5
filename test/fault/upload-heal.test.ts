/**
 * Healing pending multipart uploads (object/heal healUpload / healSetUploads) on real
 * LocalDrives, EC 2+2 (read quorum 2, write quorum 3):
 *  - a wiped drive gets the upload's u/ and p/ records and byte-identical staged part files
 *    back, and then serves the upload with two other drives offline;
 *  - a part uploaded (or re-uploaded over an older one) while a drive was offline is healed
 *    onto it, never rebuilt from that drive's stale shard;
 *  - a corrupt frame in a staged part file is found in deep mode only and rebuilt exactly;
 *  - an aborted upload whose records survived on a stale drive is removed, not resurrected
 *    (after the in-flight grace);
 *  - an upload with a complete in flight is reported and left alone.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UploadNotFoundError } from '../../src/errors/domain-errors.js';
import {
  hasUploadFixes, healBucketRecords, healSetUploads, healUpload, planUploadHeal, scanPrefix,
} from '../../src/object/heal/index.js';
import type { LayerContext } from '../../src/object/index.js';
import { multipartEtag } from '../../src/object/multipart/complete-multipart-upload.js';
import {
  decodePartRecord, decodeUploadRecord, encodeUploadRecord, partPath, partsPrefix, uploadKey, type PartRecord, type UploadRecord,
} from '../../src/object/multipart/upload-record.js';
import { makeLegacyUpload } from '../integration/multipart-harness.js';
import { BUCKET, contentOf, KiB, MiB, openFaultHarness, within, type FaultHarness } from './fault-harness.js';
import {
  abortUpload, completeUpload, createUpload, listAllParts, pendingUploadIds, putPart, type UploadedPart,
} from './upload-heal-calls.js';

const md5Hex = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/**
 * A part's file on disk (under the drive's .cairn/), for the upload and part records most
 * drives hold: in place in the upload's data dir, `multipart/<uploadId>/part.<N>` for a v1 upload.
 */
async function stagedFile(h: FaultHarness, drive: number, uploadId: string, partNumber: number): Promise<string> {
  return join(h.endpoints[drive]!, '.cairn', ...(await partRelPath(h, uploadId, partNumber)).split('/'));
}

async function partRelPath(h: FaultHarness, uploadId: string, partNumber: number): Promise<string> {
  let upload: UploadRecord | undefined;
  const votes = new Map<string, { part: PartRecord; n: number }>();
  for (const d of h.storage.drives) {
    try {
      for (const e of await scanPrefix(d, 'u/')) {
        const u = decodeUploadRecord(e.value);
        if (u.uploadId === uploadId) upload = u;
      }
      for (const e of await scanPrefix(d, partsPrefix(uploadId))) {
        const p = decodePartRecord(e.value);
        if (p.partNumber !== partNumber) continue;
        const v = votes.get(p.partId) ?? { part: p, n: 0 };
        v.n++;
        votes.set(p.partId, v);
      }
    } catch { /* an offline drive */ }
  }
  const best = [...votes.values()].sort((a, b) => b.n - a.n)[0];
  if (!upload || !best) throw new Error(`no records of part ${partNumber} of ${uploadId}`);
  return partPath(upload, best.part);
}

/** A context whose clock is `ms` ahead (the in-flight grace has passed); same storage and locks. */
const later = (ctx: LayerContext, ms: number): LayerContext => ({ ...ctx, now: () => ctx.now() + ms });

/**
 * The upload must be served by `healed` plus one drive: ListParts with `offline` both down,
 * Complete with the first of them down (2+2 needs a write quorum of 3), then the object read
 * back with both down, i.e. from the healed drive's shards and one other's.
 */
async function assertServedByHealed(
  h: FaultHarness, up: { key: string; uploadId: string; parts: readonly UploadedPart[] }, offline: readonly [number, number],
): Promise<void> {
  const setOffline = (drives: readonly number[]): void => {
    h.resetFaults();
    for (const d of drives) h.faults[d]!.set({ offline: true });
  };
  setOffline(offline);
  const listed = await within(15_000, listAllParts(h.layer, up.key, up.uploadId), 'ListParts');
  assert.deepEqual(listed.map((p) => [p.partNumber, p.size, p.etag]), up.parts.map((p) => [p.partNumber, p.data.length, md5Hex(p.data)]));
  setOffline([offline[0]]);
  const info = await within(30_000, completeUpload(h.layer, up.key, up.uploadId, up.parts), 'CompleteMultipartUpload');
  assert.equal(info.etag, multipartEtag(up.parts.map((p) => ({ etag: md5Hex(p.data) }))));
  setOffline(offline);
  const got = await within(30_000, h.get(up.key), 'GET');
  assert.ok(got.equals(Buffer.concat(up.parts.map((p) => p.data))), `object read with drives ${offline} offline`);
  h.resetFaults();
}

test('wipe one drive of 4: healSetUploads restores the upload records and staged parts byte for byte', async () => {
  const first = await openFaultHarness({ drives: 4 });
  const root = first.root;
  let second: FaultHarness | undefined;
  try {
    const key = 'uploads/wiped';
    const uploadId = await createUpload(first.layer, key);
    const sizes = [5 * MiB + 11, 5 * MiB, 70 * KiB + 3];
    const parts: UploadedPart[] = [];
    for (const [i, size] of sizes.entries()) {
      parts.push(await putPart(first.layer, key, uploadId, { partNumber: i + 1, data: contentOf(`${key}#${i + 1}`, size) }));
    }
    const wiped = 1;
    const before = await Promise.all(parts.map(async (p) => readFile(await stagedFile(first, wiped, uploadId, p.partNumber))));
    await first.closeLayer();
    const dir = first.endpoints[wiped]!;
    for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });

    second = await openFaultHarness({ drives: 4, root, makeBucket: false });
    assert.deepEqual(second.storage.replacedDrives.map((d) => d.endpoint), [dir]);
    const ctx = second.layer.context;
    const plan = await planUploadHeal(ctx, { bucket: BUCKET, key, uploadId });
    assert.equal(plan.status, 'pending');
    assert.deepEqual(plan.uploadFixes, [wiped]);
    assert.deepEqual(plan.partFixes.map((f) => [f.part.partNumber, f.shardTargets, f.recordFixes.map((r) => r.drive)]),
      [[1, [wiped], [wiped]], [2, [wiped], [wiped]], [3, [wiped], [wiped]]]);

    assert.deepEqual((await healBucketRecords(ctx)).failures, []);
    const stats = await within(60_000, healSetUploads(ctx, second.storage.sets[0]!, { batchSize: 1 }), 'healSetUploads');
    assert.deepEqual(stats, { uploadsScanned: 1, uploadsHealed: 1, partsHealed: 3, failures: 0, isComplete: true });
    const after = await planUploadHeal(ctx, { bucket: BUCKET, key, uploadId, deep: true });
    assert.equal(hasUploadFixes(after), false, after.problems.join('; '));
    assert.deepEqual(after.problems, []);
    for (const [i, p] of parts.entries()) {
      assert.ok((await readFile(await stagedFile(second, wiped, uploadId, p.partNumber))).equals(before[i]!), `part ${p.partNumber} shard`);
    }
    await assertServedByHealed(second, { key, uploadId, parts }, [0, 2]);
  } finally {
    if (second) await second.close();
    else await first.close();
  }
});

test('a part uploaded (and one re-uploaded) while a drive was offline is healed onto it', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'uploads/offline-part';
    const uploadId = await createUpload(h.layer, key);
    const size = 5 * MiB + 5;
    await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf('old#1', size) });
    const stale = 2;
    h.faults[stale]!.set({ offline: true });
    // Same size: the stale drive's old shard is a well-formed file of the right size.
    const parts = [
      await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf('new#1', size) }),
      await putPart(h.layer, key, uploadId, { partNumber: 2, data: contentOf('new#2', 200 * KiB + 1) }),
    ];
    h.resetFaults();

    const plan = await planUploadHeal(h.layer.context, { bucket: BUCKET, key, uploadId });
    assert.equal(plan.status, 'pending');
    assert.deepEqual(plan.uploadFixes, []);
    assert.deepEqual(plan.partFixes.map((f) => ({
      part: f.part.partNumber, targets: f.shardTargets, sources: f.sources,
      records: f.recordFixes.map((r) => [r.drive, r.expected !== undefined]),
    })), [
      { part: 1, targets: [stale], sources: [0, 1, 3], records: [[stale, true]] },
      { part: 2, targets: [stale], sources: [0, 1, 3], records: [[stale, false]] },
    ]);
    const stats = await healSetUploads(h.layer.context, h.storage.sets[0]!);
    assert.deepEqual(stats, { uploadsScanned: 1, uploadsHealed: 1, partsHealed: 2, failures: 0, isComplete: true });
    assert.equal(hasUploadFixes(await planUploadHeal(h.layer.context, { bucket: BUCKET, key, uploadId, deep: true })), false);
    await assertServedByHealed(h, { key, uploadId, parts }, [0, 1]);
  } finally {
    await h.close();
  }
});

test('a corrupt frame in a staged part file: found only in deep mode, rebuilt byte for byte', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'uploads/bitrot';
    const uploadId = await createUpload(h.layer, key);
    const parts = [
      await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf(`${key}#1`, 5 * MiB) }),
      await putPart(h.layer, key, uploadId, { partNumber: 2, data: contentOf(`${key}#2`, 300 * KiB + 7) }),
    ];
    const bad = 3;
    const path = await stagedFile(h, bad, uploadId, 1);
    const original = await readFile(path);
    const flipped = Buffer.from(original);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = flipped[at]! ^ 0x5a;
    await writeFile(path, flipped);

    const ref = { bucket: BUCKET, key, uploadId };
    assert.equal(hasUploadFixes(await planUploadHeal(h.layer.context, ref)), false, 'same size: the cheap check sees nothing');
    const deep = await planUploadHeal(h.layer.context, { ...ref, deep: true });
    assert.deepEqual(deep.partFixes.map((f) => [f.part.partNumber, f.shardTargets, f.recordFixes.length]), [[1, [bad], 0]]);
    assert.deepEqual(deep.problems, [`drive ${bad}: part 1 corrupt`]);

    const res = await healUpload(h.layer.context, { ...ref, deep: true });
    assert.deepEqual(res.failures, []);
    assert.deepEqual([res.status, res.shardsHealed, res.recordsHealed, res.partsHealed], ['pending', 1, 0, 1]);
    assert.ok((await readFile(path)).equals(original));
    assert.equal(hasUploadFixes(await planUploadHeal(h.layer.context, { ...ref, deep: true })), false);
    await assertServedByHealed(h, { key, uploadId, parts }, [0, 1]);
  } finally {
    await h.close();
  }
});

test('an aborted upload that survived on a stale drive is removed there, not resurrected', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'uploads/aborted';
    const uploadId = await createUpload(h.layer, key);
    await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf(`${key}#1`, 100 * KiB) });
    await putPart(h.layer, key, uploadId, { partNumber: 2, data: contentOf(`${key}#2`, 10 * KiB) });
    const stale = 3;
    h.faults[stale]!.set({ offline: true });
    await abortUpload(h.layer, key, uploadId);
    h.resetFaults();
    const ukey = uploadKey(BUCKET, key, uploadId);
    const drive = h.faults[stale]!;
    assert.notEqual(await drive.metaGet(ukey), undefined);
    assert.equal((await scanPrefix(drive, partsPrefix(uploadId))).length, 2);

    // Within the grace the minority record may be a create another process is writing.
    const ref = { bucket: BUCKET, key, uploadId };
    const young = await healUpload(h.layer.context, ref);
    assert.deepEqual([young.status, young.recordsRemoved], ['in-flight', 0]);
    assert.notEqual(await drive.metaGet(ukey), undefined);

    const ctx = later(h.layer.context, 60_000);
    const plan = await planUploadHeal(ctx, ref);
    assert.deepEqual([plan.status, plan.leftovers, plan.uploadFixes, plan.partFixes], ['gone', [stale], [], []]);
    const stats = await healSetUploads(ctx, h.storage.sets[0]!);
    assert.deepEqual(stats, { uploadsScanned: 1, uploadsHealed: 1, partsHealed: 0, failures: 0, isComplete: true });
    for (const d of h.faults) {
      assert.equal(await d.metaGet(ukey), undefined, d.endpoint);
      assert.deepEqual(await scanPrefix(d, partsPrefix(uploadId)), [], d.endpoint);
    }
    assert.deepEqual(await pendingUploadIds(h.layer), []);
    await assert.rejects(listAllParts(h.layer, key, uploadId), UploadNotFoundError);
    assert.deepEqual(await healSetUploads(ctx, h.storage.sets[0]!),
      { uploadsScanned: 0, uploadsHealed: 0, partsHealed: 0, failures: 0, isComplete: true });
  } finally {
    await h.close();
  }
});

test('an upload with a complete in flight (completingDataId) is reported and left alone', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'uploads/completing';
    const uploadId = await createUpload(h.layer, key);
    await makeLegacyUpload(h.storage, key, uploadId, BUCKET); // completingDataId exists only for v1 uploads
    await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf(`${key}#1`, 100 * KiB) });
    const ukey = uploadKey(BUCKET, key, uploadId);
    const record = decodeUploadRecord((await h.faults[0]!.metaGet(ukey))!);
    const marked = encodeUploadRecord({ ...record, completingDataId: '0123456789abcdef0123456789abcdef' });
    for (const d of [0, 1, 2]) await h.faults[d]!.metaBatch([{ key: ukey, value: marked }]);
    await h.faults[3]!.metaBatch([{ key: ukey, value: null }]);
    await h.faults[3]!.remove(`multipart/${uploadId}`);

    const ctx = later(h.layer.context, 60_000);
    const res = await healUpload(ctx, { bucket: BUCKET, key, uploadId, deep: true });
    assert.equal(res.status, 'completing');
    assert.match(res.problems.join('; '), /complete is in flight/);
    assert.deepEqual([res.recordsHealed, res.shardsHealed, res.recordsRemoved], [0, 0, 0]);
    assert.equal(await h.faults[3]!.metaGet(ukey), undefined);
    assert.deepEqual(await h.faults[3]!.list(`multipart/${uploadId}`), []);
    for (const d of [0, 1, 2]) assert.ok((await h.faults[d]!.metaGet(ukey))!.equals(marked));
  } finally {
    await h.close();
  }
});

test('a part file that cannot be rebuilt gets no record: the failure is reported, nothing vouches for a missing file', async () => {
  const h = await openFaultHarness({ drives: 4 });
  try {
    const key = 'uploads/unrebuildable';
    const uploadId = await createUpload(h.layer, key);
    const missing = 3;
    h.faults[missing]!.set({ offline: true });
    await putPart(h.layer, key, uploadId, { partNumber: 1, data: contentOf(`${key}#1`, 300 * KiB) });
    h.resetFaults();
    // Two of the three holders rot in the same (first) frame: block 0 has one good shard left.
    for (const d of [0, 1]) {
      const path = await stagedFile(h, d, uploadId, 1);
      const bytes = await readFile(path);
      bytes[8] = bytes[8]! ^ 0xff;
      await writeFile(path, bytes);
    }
    const rel = await partRelPath(h, uploadId, 1);
    const res = await healUpload(h.layer.context, { bucket: BUCKET, key, uploadId });
    assert.equal(res.status, 'pending');
    assert.equal(res.failures.length, 1, res.failures.join('; '));
    assert.ok(res.failures[0]!.startsWith(`drive ${missing}: ${rel}: `), res.failures[0]);
    assert.deepEqual([res.recordsHealed, res.shardsHealed, res.partsHealed], [0, 0, 0]);
    assert.deepEqual(await scanPrefix(h.faults[missing]!, partsPrefix(uploadId)), []);
    assert.equal(await h.faults[missing]!.statFile(rel), undefined);
    const stats = await healSetUploads(h.layer.context, h.storage.sets[0]!);
    assert.deepEqual(stats, { uploadsScanned: 1, uploadsHealed: 0, partsHealed: 0, failures: 1, isComplete: true });
  } finally {
    await h.close();
  }
});
