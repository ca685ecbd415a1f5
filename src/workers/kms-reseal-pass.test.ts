import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KmsUnavailableError } from '../errors/domain-errors.js';
import type { ObjectInfo, ObjectLayer, ResealRequest } from '../object/object-layer.js';
import { ResealPass, ResealRunningError, type ResealStatus, type ResealStatusStore } from './kms-reseal-pass.js';

class Store implements ResealStatusStore {
  doc: ResealStatus | undefined;
  writes = 0;
  async get(): Promise<ResealStatus | undefined> { return this.doc === undefined ? undefined : structuredClone(this.doc); }
  async put(s: ResealStatus): Promise<void> { this.writes++; this.doc = structuredClone(s); }
}

/** Two buckets of `n` KMS versions each (keys k0000...), one plain version, one pending upload each. */
function fakeObjects(n: number, failAt: { calls: number } | undefined): { objects: ObjectLayer; resealed: Map<string, number> } {
  const resealed = new Map<string, number>();
  let calls = 0;
  const keys = Array.from({ length: n }, (_, i) => `k${String(i).padStart(4, '0')}`);
  const info = (key: string, kms: boolean): ObjectInfo => ({ key, versionId: 'null', isDeleteMarker: false, ...(kms ? { encryption: { mode: 'SSE-KMS', kmsKeyId: 'rot' } } : {}) }) as unknown as ObjectInfo;
  const objects = {
    listBuckets: async () => [{ name: 'b2' }, { name: 'b1' }],
    listObjectVersions: async (req: { bucket: string; maxKeys: number; keyMarker?: string }) => {
      const all = [...keys.map((k) => info(k, true)), info('zz-plain', false)];
      const from = req.keyMarker === undefined ? 0 : all.findIndex((v) => v.key > req.keyMarker!);
      const page = all.slice(from, from + req.maxKeys);
      const truncated = from + req.maxKeys < all.length;
      return { versions: page, commonPrefixes: [], isTruncated: truncated, ...(truncated ? { nextKeyMarker: page.at(-1)!.key, nextVersionIdMarker: 'null' } : {}) };
    },
    listMultipartUploads: async (req: { bucket: string }) => ({
      uploads: [{ bucket: req.bucket, key: 'up', uploadId: 'u1', encryption: { mode: 'SSE-KMS', kmsKeyId: 'rot' } }], commonPrefixes: [], isTruncated: false,
    }),
    resealDataKey: async (req: ResealRequest) => {
      calls++;
      if (failAt !== undefined && calls === failAt.calls) throw new KmsUnavailableError('http://vault', 'connection refused');
      const id = `${req.bucket}/${req.key}/${req.uploadId ?? req.versionId ?? ''}`;
      const seen = resealed.get(id) ?? 0;
      resealed.set(id, seen + 1);
      return seen === 0 ? 'resealed' : 'current';
    },
  };
  return { objects: objects as unknown as ObjectLayer, resealed };
}

const rewrap = async (): Promise<Buffer | undefined> => undefined;

describe('ResealPass', () => {
  it('walks every bucket (versions, then uploads), counts, and ends done; a second pass re-seals nothing', async () => {
    const store = new Store();
    const { objects, resealed } = fakeObjects(250, undefined);
    let metric = 0;
    const pass = new ResealPass({ objects, store, rewrap, onResealed: () => { metric++; } });
    assert.equal((await pass.status()).state, 'idle');
    assert.equal((await pass.start(undefined)).state, 'running');
    await assert.rejects(pass.start(undefined), ResealRunningError);
    await pass.settled();
    const done = await pass.status();
    assert.deepEqual([done.state, done.scanned, done.resealed, done.current, done.skipped, done.failed, done.position], ['done', 504, 502, 0, 2, 0, undefined]);
    assert.equal(metric, 502);
    assert.ok(store.writes >= 8, 'a checkpoint per page');
    await pass.start('b1');
    await pass.settled();
    const again = await pass.status();
    assert.deepEqual([again.state, again.bucket, again.resealed, again.current], ['done', 'b1', 0, 251]);
    assert.ok([...resealed.values()].every((n) => n <= 2));
  });

  it('a KMS outage fails the pass at its position; the next start continues from the checkpoint', async () => {
    const store = new Store();
    const { objects, resealed } = fakeObjects(250, { calls: 180 });
    const pass = new ResealPass({ objects, store, rewrap });
    await pass.start(undefined);
    await pass.settled();
    const failed = await pass.status();
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /connection refused/);
    assert.deepEqual(failed.position, { bucket: 'b1', phase: 'versions', keyMarker: 'k0099', versionIdMarker: 'null' }, 'the last checkpoint');
    assert.equal(failed.resealed, 100);
    await pass.start(undefined);
    await pass.settled();
    const done = await pass.status();
    // The page cut by the outage is looked at again: its 79 entries re-sealed before it are current now.
    assert.deepEqual([done.state, done.resealed, done.current], ['done', 423, 79], 'continued from the checkpoint');
    assert.equal(done.resealed + done.current, 502);
    assert.equal([...resealed.values()].filter((n) => n > 1).length, 79, 'only the cut page was looked at twice');
    assert.equal(resealed.get('b1/k0000/null'), 1, 'entries before the checkpoint were not visited again');
  });

  it('a running checkpoint of a live pass elsewhere is refused; a stale one is continued', async () => {
    let now = Date.parse('2026-12-02T10:00:00Z');
    const store = new Store();
    store.doc = {
      version: 1, state: 'running', scanned: 10, resealed: 10, current: 0, skipped: 0, failed: 0,
      startedAt: new Date(now - 5000).toISOString(), updatedAt: new Date(now - 1000).toISOString(), position: { bucket: 'b2', phase: 'uploads' },
    };
    const { objects } = fakeObjects(3, undefined);
    const pass = new ResealPass({ objects, store, rewrap, now: () => now });
    await assert.rejects(pass.start(undefined), /running in another process/);
    now += 60_000;
    await pass.start(undefined);
    await pass.settled();
    const done = await pass.status();
    assert.deepEqual([done.state, done.scanned, done.resealed], ['done', 11, 11], 'only b2\'s uploads were left');
  });
});
