/**
 * Object Lock in the object layer, over real drives and with an injected clock: every caller
 * of deleteObject (S3 deletes, DeleteObjects, the lifecycle worker's
 * `deleteObject({ bucket, key, versionId })`) gets ObjectLockedError for a protected version;
 * COMPLIANCE is never lifted before its date (bypass or not), GOVERNANCE only with the bypass,
 * a legal hold always blocks; retention can be extended, not shortened; tag updates keep the
 * lock; a copy does not inherit it; once the date passes the version can be deleted.
 * (AWS S3 User Guide, "How S3 Object Lock works".)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectLockedError } from '../../src/errors/domain-errors.js';
import type { ObjectLockSettings } from '../../src/object/object-layer.js';
import { BUCKET, openHarness } from './object-layer-harness.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const SECOND = 1000;

function lockedBy(reason: 'retention' | 'legal-hold') {
  return (e: unknown): boolean => e instanceof ObjectLockedError && e.reason === reason;
}

async function openLockHarness(n: number) {
  let now = T0;
  const h = await openHarness(n, { now: () => now });
  const lock = (mode: 'GOVERNANCE' | 'COMPLIANCE', seconds: number): ObjectLockSettings => ({
    retention: { mode, retainUntil: new Date(now + seconds * SECOND) },
  });
  return { h, lock, advance: (ms: number) => { now += ms; }, at: () => now };
}

for (const n of [1, 4]) {
  describe(`object lock in the layer, ${n} drive(s)`, () => {
    test('COMPLIANCE: no removal by versionId (with or without bypass) until the date, then it goes', async () => {
      const { h, lock, advance } = await openLockHarness(n);
      try {
        const v = await h.put('c', Buffer.from('worm'), { versioned: true, objectLock: lock('COMPLIANCE', 10) });
        assert.equal(v.objectLock?.retention?.mode, 'COMPLIANCE');
        const del = { bucket: BUCKET, key: 'c', versionId: v.versionId };
        await assert.rejects(h.layer.deleteObject(del), lockedBy('retention'));
        await assert.rejects(h.layer.deleteObject({ ...del, bypassGovernanceRetention: true }), lockedBy('retention'));
        // Shortening, removing or switching to GOVERNANCE is refused, bypass or not.
        const shorter = { mode: 'COMPLIANCE' as const, retainUntil: new Date(T0 + 5 * SECOND) };
        await assert.rejects(h.layer.updateObjectLock({ ...del, retention: shorter, bypassGovernanceRetention: true }), lockedBy('retention'));
        await assert.rejects(h.layer.updateObjectLock({ ...del, retention: null, bypassGovernanceRetention: true }), lockedBy('retention'));
        await assert.rejects(h.layer.updateObjectLock({ ...del, retention: { ...shorter, mode: 'GOVERNANCE', retainUntil: new Date(T0 + 60 * SECOND) } }), lockedBy('retention'));
        // A delete without versionId adds a marker: allowed, the version stays.
        const marker = await h.layer.deleteObject({ bucket: BUCKET, key: 'c', versioning: 'Enabled' });
        assert.equal(marker.isDeleteMarker, true);
        assert.equal((await h.get('c', { versionId: v.versionId })).toString(), 'worm');
        // Extending is allowed; the new date holds.
        await h.layer.updateObjectLock({ ...del, retention: { mode: 'COMPLIANCE', retainUntil: new Date(T0 + 20 * SECOND) } });
        advance(15 * SECOND);
        await assert.rejects(h.layer.deleteObject(del), lockedBy('retention'));
        advance(5 * SECOND); // exactly the retain-until date: over
        assert.deepEqual(await h.layer.deleteObject(del), { versionId: v.versionId, isDeleteMarker: false });
        assert.deepEqual((await h.records('c')).map((r) => r?.versions.length), new Array(n).fill(1)); // the marker only
      } finally {
        await h.close();
      }
    });

    test('GOVERNANCE: removal and shortening need the bypass; extension does not', async () => {
      const { h, lock } = await openLockHarness(n);
      try {
        const v = await h.put('g', Buffer.from('gov'), { versioned: true, objectLock: lock('GOVERNANCE', 60) });
        const at = { bucket: BUCKET, key: 'g', versionId: v.versionId };
        await assert.rejects(h.layer.deleteObject(at), lockedBy('retention'));
        await h.layer.updateObjectLock({ ...at, retention: { mode: 'GOVERNANCE', retainUntil: new Date(T0 + 120 * SECOND) } });
        await assert.rejects(h.layer.updateObjectLock({ ...at, retention: null }), lockedBy('retention'));
        const info = await h.layer.updateObjectLock({ ...at, retention: { mode: 'GOVERNANCE', retainUntil: new Date(T0 + 30 * SECOND) }, bypassGovernanceRetention: true });
        assert.equal(info.objectLock?.retention?.retainUntil.getTime(), T0 + 30 * SECOND);
        assert.equal((await h.layer.headObject({ ...at })).objectLock?.retention?.retainUntil.getTime(), T0 + 30 * SECOND);
        await h.layer.deleteObject({ ...at, bypassGovernanceRetention: true });
        await assert.rejects(h.layer.headObject(at), /NoSuchVersion|not found/i);
      } finally {
        await h.close();
      }
    });

    test('a legal hold blocks deletion whatever the retention and bypass; OFF lifts it', async () => {
      const { h } = await openLockHarness(n);
      try {
        const v = await h.put('h', Buffer.from('held'), { versioned: true });
        const at = { bucket: BUCKET, key: 'h', versionId: v.versionId };
        await h.layer.updateObjectLock({ ...at, legalHold: true });
        await assert.rejects(h.layer.deleteObject({ ...at, bypassGovernanceRetention: true }), lockedBy('legal-hold'));
        const off = await h.layer.updateObjectLock({ ...at, legalHold: false });
        assert.deepEqual(off.objectLock, { legalHold: false });
        await h.layer.deleteObject(at);
      } finally {
        await h.close();
      }
    });

    test('lock state is per version, kept by tag updates, never copied; a null version is protected too', async () => {
      const { h, lock } = await openLockHarness(n);
      try {
        const v1 = await h.put('k', Buffer.from('one'), { versioned: true, objectLock: { ...lock('COMPLIANCE', 60), legalHold: true } });
        const v2 = await h.put('k', Buffer.from('two'), { versioned: true });
        assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'k' })).objectLock, undefined);
        await h.layer.updateObjectTags({ bucket: BUCKET, key: 'k', versionId: v1.versionId, tags: { a: 'b' } });
        const head = await h.layer.headObject({ bucket: BUCKET, key: 'k', versionId: v1.versionId });
        assert.equal(head.objectLock?.retention?.mode, 'COMPLIANCE');
        assert.equal(head.objectLock?.legalHold, true);
        assert.equal(head.systemMetadata['x-amz-tagging'], 'a=b');
        assert.equal(head.systemMetadata['x-amz-object-lock-mode'], undefined, 'reported as objectLock only');
        const copy = await h.layer.copyObject({ bucket: BUCKET, key: 'copy', source: { bucket: BUCKET, key: 'k', versionId: v1.versionId }, metadataDirective: 'COPY', versioned: true });
        assert.equal(copy.objectLock, undefined);
        assert.equal(copy.systemMetadata['x-amz-tagging'], 'a=b');
        await h.layer.deleteObject({ bucket: BUCKET, key: 'k', versionId: v2.versionId });

        // The null version (written before versioning was enabled, locked later) resists the
        // unversioned removal and being replaced by a Suspended null delete marker.
        const nul = await h.put('n', Buffer.from('null'));
        await h.layer.updateObjectLock({ bucket: BUCKET, key: 'n', versionId: 'null', retention: lock('GOVERNANCE', 60).retention! });
        await assert.rejects(h.layer.deleteObject({ bucket: BUCKET, key: 'n' }), lockedBy('retention'));
        await assert.rejects(h.layer.deleteObject({ bucket: BUCKET, key: 'n', versioning: 'Suspended' }), lockedBy('retention'));
        assert.equal((await h.get('n', { versionId: nul.versionId })).toString(), 'null');
      } finally {
        await h.close();
      }
    });
  });
}
