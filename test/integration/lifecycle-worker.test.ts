/**
 * The lifecycle expiry worker's passes over a real object layer, with an injected clock (no
 * waiting): current expiry (unversioned and versioned), tag / size filters, disabled rules,
 * noncurrent expiry with NewerNoncurrentVersions, lone delete markers, incomplete uploads,
 * listing pages that split a key, and versions protected by object lock (skipped, counted,
 * looked at again only on the next pass).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ObjectLockedError } from '../../src/errors/domain-errors.js';
import { encodeLifecycleConfiguration, LIFECYCLE_CONFIG, type LifecycleRule } from '../../src/lifecycle/index.js';
import type { DeleteObjectRequest, ObjectLayer } from '../../src/object/object-layer.js';
import { ExpiryWorker, expiryIntervalMs, LIFECYCLE, WorkerRunner } from '../../src/workers/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { openHarness, type Harness } from './object-layer-harness.js';

const DAY = 86_400_000;
const all = { kind: 'filter', filter: { kind: 'all' } } as const;
const prefix = (p: string) => ({ kind: 'filter', filter: { kind: 'prefix', prefix: p } }) as const;

describe('lifecycle expiry worker passes', () => {
  let h: Harness;
  before(async () => { h = await openHarness(1); });
  after(async () => { await h.close(); });

  const bucket = async (name: string, rules: LifecycleRule[], versioning?: 'Enabled'): Promise<void> => {
    await h.layer.makeBucket({ bucket: name });
    if (versioning) await h.layer.putBucketConfig({ bucket: name, name: 'versioning', value: Buffer.from(JSON.stringify({ status: versioning })) });
    await h.layer.putBucketConfig({ bucket: name, name: LIFECYCLE_CONFIG, value: encodeLifecycleConfiguration({ rules }) });
  };
  const put = (b: string, key: string, opts: { body?: string; tags?: string; versioned?: boolean } = {}) => {
    const body = Buffer.from(opts.body ?? 'data');
    return h.layer.putObject({
      bucket: b, key, body: Readable.from([body]), size: body.length, versioned: opts.versioned ?? false,
      ...(opts.tags !== undefined ? { systemMetadata: { 'x-amz-tagging': opts.tags } } : {}),
    });
  };
  const keys = async (b: string): Promise<string[]> => (await h.layer.listObjects({ bucket: b, maxKeys: 1000 })).objects.map((o) => o.key);
  const versions = async (b: string, key: string) =>
    (await h.layer.listObjectVersions({ bucket: b, prefix: key, maxKeys: 1000 })).versions.filter((v) => v.key === key);
  const pass = async (worker: ExpiryWorker): Promise<void> => {
    await worker.pass({ signal: new AbortController().signal, report: () => undefined });
  };
  const later = (days: number) => () => Date.now() + days * DAY;

  it('the pause between passes is a quarter day, bounded to 250 ms..1 h', () => {
    assert.equal(expiryIntervalMs(2000), 500);
    assert.equal(expiryIntervalMs(400), 250);
    assert.equal(expiryIntervalMs(DAY), 3_600_000);
  });

  it('expires current versions of an unversioned bucket by prefix, tag and size; disabled rules and other keys stay', async () => {
    await bucket('plain', [
      { id: 'exp', enabled: true, scope: prefix('exp/'), expiration: { kind: 'days', days: 1 } },
      { id: 'tag', enabled: true, scope: { kind: 'filter', filter: { kind: 'tag', tag: { key: 'env', value: 'tmp' } } }, expiration: { kind: 'days', days: 1 } },
      { id: 'big', enabled: true, scope: { kind: 'filter', filter: { kind: 'and', prefix: 'size/', tags: [], greaterThan: 10 } }, expiration: { kind: 'days', days: 1 } },
      { id: 'off', enabled: false, scope: prefix('off/'), expiration: { kind: 'days', days: 1 } },
    ]);
    for (const k of ['exp/a', 'exp/b', 'keep/c', 'off/d']) await put('plain', k);
    await put('plain', 'tagged/x', { tags: 'env=tmp' });
    await put('plain', 'tagged/y', { tags: 'env=prod' });
    await put('plain', 'size/big', { body: 'x'.repeat(11) });
    await put('plain', 'size/small', { body: 'x'.repeat(10) });

    const early = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0, batchSize: 2 });
    await pass(early);
    assert.equal((await keys('plain')).length, 8, 'nothing is due yet');
    assert.equal(early.counters.expiredCurrent, 0);

    const worker = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0, batchSize: 2, now: later(3) });
    await pass(worker);
    assert.deepEqual(await keys('plain'), ['keep/c', 'off/d', 'size/small', 'tagged/y']);
    assert.deepEqual({ ...worker.counters }, {
      expiredCurrent: 4, expiredNoncurrent: 0, deleteMarkersRemoved: 0, uploadsAborted: 0, skippedLocked: 0, errors: 0, passes: 1,
    });
    assert.equal((await versions('plain', 'exp/a')).length, 0, 'unversioned: the object is deleted, no marker');
  });

  it('versioned: current expiry adds a delete marker; noncurrent versions go after their successor, the newest kept; lone markers go', async () => {
    await bucket('vers', [
      { id: 'cur', enabled: true, scope: prefix('c/'), expiration: { kind: 'days', days: 1 } },
      { id: 'nc', enabled: true, scope: prefix('v/'), noncurrent: { days: 1, newer: 1 } },
      { id: 'dm', enabled: true, scope: prefix('m/'), expiration: { kind: 'deleteMarker', enabled: true } },
    ], 'Enabled');
    await put('vers', 'c/k', { versioned: true });
    for (const body of ['1', '2', '3']) await put('vers', 'v/k', { body, versioned: true });
    const m = await put('vers', 'm/k', { versioned: true });
    await h.layer.deleteObject({ bucket: 'vers', key: 'm/k', versioning: 'Enabled' });
    await h.layer.deleteObject({ bucket: 'vers', key: 'm/k', versionId: m.versionId });
    await put('vers', 'm/keep', { versioned: true });
    await h.layer.deleteObject({ bucket: 'vers', key: 'm/keep', versioning: 'Enabled' });
    const before = await versions('vers', 'v/k');

    const worker = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0, batchSize: 2, now: later(3) });
    await pass(worker);
    const cur = await versions('vers', 'c/k');
    assert.deepEqual(cur.map((v) => [v.isLatest, v.isDeleteMarker]), [[true, true], [false, false]]);
    assert.deepEqual((await versions('vers', 'v/k')).map((v) => v.versionId), before.slice(0, 2).map((v) => v.versionId));
    assert.equal((await versions('vers', 'm/k')).length, 0, 'the lone delete marker is removed');
    assert.equal((await versions('vers', 'm/keep')).length, 2, 'a marker with a version behind it stays');
    assert.equal(worker.counters.expiredCurrent, 1);
    assert.equal(worker.counters.expiredNoncurrent, 1);
    assert.equal(worker.counters.deleteMarkersRemoved, 1);
    assert.equal(worker.counters.errors, 0);
  });

  it('aborts incomplete uploads under the rule\'s prefix once due', async () => {
    await bucket('mpu', [{ id: 'abort', enabled: true, scope: prefix('up/'), abortUploadDays: 1 }]);
    await h.layer.createMultipartUpload({ bucket: 'mpu', key: 'up/a' });
    await h.layer.createMultipartUpload({ bucket: 'mpu', key: 'other/b' });
    const early = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0 });
    await pass(early);
    assert.equal((await h.layer.listMultipartUploads({ bucket: 'mpu', maxUploads: 100 })).uploads.length, 2);
    const worker = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0, batchSize: 1, now: later(2) });
    await pass(worker);
    const left = (await h.layer.listMultipartUploads({ bucket: 'mpu', maxUploads: 100 })).uploads.map((u) => u.key);
    assert.deepEqual(left, ['other/b']);
    assert.equal(worker.counters.uploadsAborted, 1);
  });

  it('a version object lock protects is skipped and counted once per pass, the others expire', async () => {
    await bucket('locked', [{ id: 'all', enabled: true, scope: all, expiration: { kind: 'days', days: 1 } }]);
    await put('locked', 'held/x');
    await put('locked', 'free/y');
    const deletes: string[] = [];
    const guarded: ObjectLayer = new Proxy(h.layer, {
      get(target, prop) {
        if (prop === 'deleteObject') {
          return async (req: DeleteObjectRequest) => {
            deletes.push(req.key);
            if (req.key === 'held/x') throw new ObjectLockedError(req.bucket, req.key, 'null', 'retention');
            return target.deleteObject(req);
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const worker = new ExpiryWorker(guarded, { dayMs: DAY, objectsPerSecond: 0, now: later(3) });
    await pass(worker);
    await pass(worker);
    assert.deepEqual(await keys('locked'), ['held/x']);
    assert.equal(worker.counters.skippedLocked, 2);
    assert.equal(worker.counters.errors, 0);
    assert.deepEqual(deletes.filter((k) => k === 'held/x').length, 2, 'one attempt per pass, no retry loop');
  });

  it('on the runner: passes repeat on their own and the counters show in the worker status', async () => {
    await bucket('runner', [{ id: 'all', enabled: true, scope: all, expiration: { kind: 'days', days: 1 } }]);
    await put('runner', 'a');
    const runner = new WorkerRunner();
    runner.start(new ExpiryWorker(h.layer, { dayMs: 1000, objectsPerSecond: 0, now: later(3) }));
    try {
      const status = await waitFor('two lifecycle passes in the worker status', () => {
        const st = runner.statusOf(LIFECYCLE);
        return st !== undefined && Number(st.detail['passes']) >= 2 ? st : undefined;
      }, { timeoutMs: 20_000 });
      assert.equal(status.detail['intervalMs'], 250);
      assert.ok(Number(status.detail['expiredCurrent']) >= 1, JSON.stringify(status.detail));
      assert.deepEqual(await keys('runner'), []);
    } finally {
      await runner.stopAll();
    }
    assert.equal(runner.statusOf(LIFECYCLE)?.state, 'stopped');
  });

  it('a corrupt configuration document is an error for that bucket; the pass goes on', async () => {
    await h.layer.makeBucket({ bucket: 'corrupt' });
    await h.layer.putBucketConfig({ bucket: 'corrupt', name: LIFECYCLE_CONFIG, value: Buffer.from('garbage') });
    const worker = new ExpiryWorker(h.layer, { dayMs: DAY, objectsPerSecond: 0, now: later(3) });
    await pass(worker);
    assert.equal(worker.counters.errors, 1);
    assert.equal(worker.counters.passes, 1);
  });
});
