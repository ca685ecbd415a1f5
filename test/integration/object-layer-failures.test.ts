/**
 * Failure and concurrency behaviour over real drives: concurrent puts converge on one winner
 * on every drive (also from two layers with separate in-process locks, as two processes
 * would), aborted / refused / wrong-size puts leave no object and no file, and drive loss up
 * to the quorums.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DigestMismatchError, IncompleteBodyError, ObjectNotFoundError, QuorumError,
} from '../../src/errors/domain-errors.js';
import { ErasureObjectLayer } from '../../src/object/erasure-object-layer.js';
import { BUCKET, bytes, KiB, MiB, openHarness, readAll, type Harness } from './object-layer-harness.js';

async function assertNothingStored(h: Harness, key: string): Promise<void> {
  await assert.rejects(h.layer.headObject({ bucket: BUCKET, key }), ObjectNotFoundError);
  assert.deepEqual(await h.records(key), new Array(h.storage.setFor(BUCKET, key).drives.length).fill(undefined));
  assert.deepEqual(await h.dataFiles(), [], 'no data dir and no tmp file left');
}

/** A body that yields `chunks` chunks of `size` bytes, pausing between them. */
function slowBody(chunks: number, size: number, pauseMs: number): Readable {
  return Readable.from((async function* gen() {
    for (let i = 0; i < chunks; i++) { await sleep(pauseMs); yield bytes(size, i); }
  })());
}

for (const n of [1, 4]) {
  describe(`failures and races, ${n} drive(s)`, () => {
    test('concurrent puts to one key end with the same winner on every drive', async () => {
      const h = await openHarness(n);
      const second = new ErasureObjectLayer(h.storage); // separate key locks: like another process
      try {
        for (let round = 0; round < 3; round++) {
          const sizes = [10, 200 * KiB, 100, 300 * KiB, 5 * KiB, 129 * KiB];
          const writes = sizes.map((size, i) => {
            const layer = i % 2 === 0 ? h.layer : second;
            const data = bytes(size, round * 10 + i);
            return layer.putObject({ bucket: BUCKET, key: 'hot', body: Readable.from([data]), size }).then((info) => ({ info, data }));
          });
          const done = await Promise.all(writes);
          const recs = await h.records('hot');
          const ids = recs.map((r) => r!.versions.map((v) => v.writeId).join(','));
          assert.equal(new Set(ids).size, 1, `all drives agree: ${ids.join(' | ')}`);
          assert.equal(recs[0]!.versions.length, 1);
          const body = await h.get('hot');
          const winner = done.find((d) => d.data.equals(body));
          assert.ok(winner, 'the stored body is one of the writes');
          assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'hot' })).etag, winner.info.etag);
          const files = await h.dataFiles();
          assert.equal(files.length, recs[0]!.versions[0]!.dataId ? n : 0, 'only the winner keeps a data dir');
        }
      } finally {
        await h.close();
      }
    });

    test('aborted, refused and wrong-size puts leave nothing behind', async () => {
      const h = await openHarness(n);
      try {
        // Client disconnect in the middle of a large body.
        const ac = new AbortController();
        const p = h.layer.putObject({ bucket: BUCKET, key: 'aborted', body: slowBody(50, 64 * KiB, 5), size: 50 * 64 * KiB }, { signal: ac.signal });
        setTimeout(() => ac.abort(new Error('client gone')), 60);
        await assert.rejects(p);
        await assertNothingStored(h, 'aborted');
        // Aborted while a small body is being read.
        const ac2 = new AbortController();
        const p2 = h.layer.putObject({ bucket: BUCKET, key: 'aborted-small', body: slowBody(4, 100, 30), size: 400 }, { signal: ac2.signal });
        setTimeout(() => ac2.abort(new Error('client gone')), 40);
        await assert.rejects(p2);
        await assertNothingStored(h, 'aborted-small');
        // beforeCommit refuses (e.g. checksum mismatch), small and large.
        for (const size of [10, 2 * MiB]) {
          let called = 0;
          await assert.rejects(h.put('refused', bytes(size), {
            beforeCommit: () => { called++; throw new DigestMismatchError('CRC32'); },
          }), DigestMismatchError);
          assert.equal(called, 1);
          await assertNothingStored(h, 'refused');
        }
        // Declared size differs from the body, both ways, small and large.
        for (const [declared, actual] of [[100, 50], [50, 100], [300 * KiB, 200 * KiB], [200 * KiB, 300 * KiB], [100 * KiB, 200 * KiB]]) {
          await assert.rejects(
            h.layer.putObject({ bucket: BUCKET, key: 'size', body: Readable.from([bytes(actual!)]), size: declared! }),
            IncompleteBodyError, `declared ${declared} actual ${actual}`,
          );
          await assertNothingStored(h, 'size');
        }
        // A body stream that errors.
        const failing = Readable.from((async function* gen() { yield bytes(200 * KiB); throw new Error('socket reset'); })());
        await assert.rejects(h.layer.putObject({ bucket: BUCKET, key: 'broken', body: failing, size: -1 }), /socket reset/);
        await assertNothingStored(h, 'broken');
        // Unknown size still works, both inline and data.
        for (const size of [1000, 500 * KiB]) {
          const data = bytes(size, 3);
          await h.layer.putObject({ bucket: BUCKET, key: `unknown${size}`, body: Readable.from([data.subarray(0, 100), data.subarray(100)]), size: -1 });
          assert.ok((await h.get(`unknown${size}`)).equals(data));
        }
      } finally {
        await h.close();
      }
    });
  });
}

describe('drive loss, 4 drives (EC 2+2: read quorum 2, write quorum 3)', () => {
  test('one drive down: writes and reads work, and the stale drive is reported for healing', async () => {
    const healed: string[] = [];
    const h = await openHarness(4, { onHealNeeded: (b, k) => healed.push(`${b}/${k}`) });
    try {
      h.faults[3]!.set({ offline: true });
      const small = bytes(1000, 1);
      const large = bytes(2 * MiB + 5, 2);
      await h.put('s', small);
      await h.put('l', large);
      assert.deepEqual(healed, [`${BUCKET}/s`, `${BUCKET}/l`], 'writes that missed a drive are queued for healing');
      healed.length = 0;
      assert.ok((await h.get('s')).equals(small));
      assert.ok((await h.get('l')).equals(large));
      h.faults[3]!.reset();
      assert.ok((await h.get('s')).equals(small));
      assert.ok((await h.get('l')).equals(large));
      assert.ok(healed.includes(`${BUCKET}/s`) && healed.includes(`${BUCKET}/l`), healed.join(','));
      // Two drives down: reads of a fully written object still work (k = 2), writes fail with
      // a write quorum error. ('l' itself is unreadable now: drive 4 never got its shard.)
      await h.put('full', large);
      h.faults[0]!.set({ offline: true });
      h.faults[1]!.set({ offline: true });
      assert.ok((await h.get('full')).equals(large));
      await assert.rejects(h.get('l'), (e: unknown) => e instanceof QuorumError && e.kind === 'read');
      await assert.rejects(h.put('s2', bytes(10)), (e: unknown) => e instanceof QuorumError && e.kind === 'write');
      await assert.rejects(h.put('l2', bytes(300 * KiB)), (e: unknown) => e instanceof QuorumError && e.kind === 'write');
      // Three down: read quorum lost.
      h.faults[2]!.set({ offline: true });
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'full' }), (e: unknown) => e instanceof QuorumError && e.kind === 'read');
      for (const f of h.faults) f.reset();
      await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 's2' }), ObjectNotFoundError);
      await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'l2' }), ObjectNotFoundError);
      const files = await h.dataFiles();
      assert.ok(files.every((f) => !/\/d\d\/tmp\//.test(f)), `no tmp left: ${files.join(',')}`);
      assert.equal(new Set(files.map((f) => f.split('/').at(-2))).size, 2, 'only the data dirs of l and full');
    } finally {
      await h.close();
    }
  });

  test('a failing commit on too many drives is rolled back', async () => {
    const h = await openHarness(4);
    try {
      await h.put('k', Buffer.from('original'));
      h.faults[0]!.set({ failWrites: new Error('EIO') });
      h.faults[1]!.set({ failWrites: new Error('EIO') });
      await assert.rejects(h.put('k', Buffer.from('replacement')), (e: unknown) => e instanceof QuorumError && e.kind === 'write');
      for (const f of h.faults) f.reset();
      assert.equal((await h.get('k')).toString(), 'original');
      const recs = await h.records('k');
      assert.equal(new Set(recs.map((r) => r!.versions[0]!.writeId)).size, 1, 'rolled back everywhere');
      const body = await h.layer.getObject({ bucket: BUCKET, key: 'k' });
      assert.equal((await readAll(body.body)).toString(), 'original');
    } finally {
      await h.close();
    }
  });
});

describe('corrupt records', () => {
  test('a corrupt copy is out-voted and reported; an unreadable only copy is an error, not "not found"', async () => {
    const { objectKey } = await import('../../src/object/meta-keys.js');
    const { CorruptRecordError } = await import('../../src/errors/domain-errors.js');
    const healed: string[] = [];
    const h4 = await openHarness(4, { onHealNeeded: (b, k) => healed.push(`${b}/${k}`) });
    try {
      await h4.put('k', Buffer.from('survives'));
      const set = h4.storage.setFor(BUCKET, 'k');
      await set.drives[0]!.metaBatch([{ key: objectKey(BUCKET, 'k'), value: Buffer.from('garbage garbage') }]);
      assert.equal((await h4.get('k')).toString(), 'survives');
      assert.ok(healed.includes(`${BUCKET}/k`));
      assert.deepEqual((await h4.layer.listObjects({ bucket: BUCKET, maxKeys: 10 })).objects.map((o) => o.key), ['k']);
    } finally {
      await h4.close();
    }
    const h1 = await openHarness(1);
    try {
      await h1.put('k', Buffer.from('lost'));
      await h1.storage.drives[0]!.metaBatch([{ key: objectKey(BUCKET, 'k'), value: Buffer.from([0xca, 0x4f, 0x09, 1, 2]) }]);
      await assert.rejects(h1.layer.getObject({ bucket: BUCKET, key: 'k' }), CorruptRecordError);
      await assert.rejects(h1.layer.headObject({ bucket: BUCKET, key: 'k' }), CorruptRecordError);
    } finally {
      await h1.close();
    }
  });
});

describe('conditional writes across layers (separate in-process locks, as two processes)', () => {
  test('racing If-None-Match: * creates and If-Match deletes: exactly one wins', async () => {
    const { PreconditionFailedError } = await import('../../src/errors/domain-errors.js');
    const h = await openHarness(4);
    const other = new ErasureObjectLayer(h.storage);
    try {
      for (let round = 0; round < 3; round++) {
        const key = `race${round}`;
        const puts = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? h.layer : other)
          .putObject({ bucket: BUCKET, key, body: Readable.from([bytes(100 + i, i)]), size: 100 + i, conditions: { ifNoneMatch: '*' } }));
        const res = await Promise.allSettled(puts);
        assert.equal(res.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
        for (const r of res) if (r.status === 'rejected') assert.ok(r.reason instanceof PreconditionFailedError, String(r.reason));
        const recs = await h.records(key);
        assert.equal(new Set(recs.map((r) => r!.versions.map((v) => v.writeId).join())).size, 1);
        const etag = (await h.layer.headObject({ bucket: BUCKET, key })).etag;
        const dels = await Promise.allSettled([h.layer, other, h.layer].map((l) => l.deleteObject({
          bucket: BUCKET, key,
          versioning: 'Enabled', conditions: { ifMatch: `"${etag}"` },
        })));
        assert.equal(dels.filter((r) => r.status === 'fulfilled').length, 1, 'one conditional delete wins');
      }
    } finally {
      await h.close();
    }
  });
});
