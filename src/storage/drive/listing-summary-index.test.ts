import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { mulberry32 } from '../../../test/helpers/seeded-random.js';
import { randomRecord } from '../../../test/helpers/random-object-records.js';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { decodeListingSummary, encodeObjectRecord, type ObjectRecord } from '../format/index.js';
import { LmdbMetaStore } from './lmdb-meta-store.js';
import { MIGRATION_CHUNK, SUMMARY_MARKER_KEY, withSummaryOps } from './listing-summary-index.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-summary-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

const view = (r: ObjectRecord): ObjectRecord => ({
  versions: r.versions.map(({ erasure: _e, dataId: _d, dataFile: _f, inline: _i, uploadId: _u, ...v }) => v), removed: r.removed,
});

test('every object record write (batch, update, delete) writes or removes its summary in the same transaction', async () => {
  await withDir(async (dir) => {
    const store = LmdbMetaStore.open(dir);
    try {
      const rand = mulberry32(3);
      const a = randomRecord(rand);
      const b = randomRecord(rand);
      await store.batch([{ key: 'o/bk/a', value: encodeObjectRecord(a) }, { key: 'b/bk', value: Buffer.from('x') }, { key: 'o/bk/ü', value: encodeObjectRecord(b) }]);
      assert.deepEqual(decodeListingSummary(store.get('l/bk/a')!), view(a));
      assert.deepEqual(decodeListingSummary(store.get('l/bk/ü')!), view(b));
      assert.equal(store.get('l/bk'), undefined, 'only object records get summaries');
      const c = randomRecord(rand);
      await store.update(['o/bk/a'], () => ({ ops: [{ key: 'o/bk/a', value: encodeObjectRecord(c) }], result: undefined }));
      assert.deepEqual(decodeListingSummary(store.get('l/bk/a')!), view(c));
      await store.batch([{ key: 'o/bk/a', value: null }]);
      assert.equal(store.get('l/bk/a'), undefined);
      // A record that does not decode gets the corrupt summary (listings treat the copy as unreadable).
      await store.batch([{ key: 'o/bk/bad', value: Buffer.from('garbage') }]);
      assert.throws(() => decodeListingSummary(store.get('l/bk/bad')!), CorruptRecordError);
      // A failing update writes neither.
      await assert.rejects(store.update(['o/bk/ü'], () => { throw new Error('no'); }));
      assert.deepEqual(decodeListingSummary(store.get('l/bk/ü')!), view(b));
    } finally {
      await store.close();
    }
  });
});

test('a record put that carries its decoded record gets the same summary bytes as one decoded from its value', () => {
  const rand = mulberry32(11);
  for (let i = 0; i < 300; i++) {
    const r = randomRecord(rand);
    const value = encodeObjectRecord(r);
    const fromValue = withSummaryOps([{ key: 'o/bk/k', value }]);
    const fromRecord = withSummaryOps([{ key: 'o/bk/k', value, record: r }]);
    assert.equal(fromRecord.length, 2);
    assert.equal(fromRecord[1]!.key, 'l/bk/k');
    assert.ok(Buffer.compare(fromRecord[1]!.value!, fromValue[1]!.value!) === 0, `record ${i}`);
  }
  assert.deepEqual(withSummaryOps([{ key: 'o/bk/k', value: null }]), [{ key: 'o/bk/k', value: null }, { key: 'l/bk/k', value: null }]);
});

test('migration: a store without summaries gets one per record at open, stale summaries go, the marker is written once', async () => {
  await withDir(async (dir) => {
    const rand = mulberry32(11);
    const n = MIGRATION_CHUNK * 2 + 17; // three chunks
    const records = new Map<string, ObjectRecord>();
    // The old layout: records only, written with lmdb-js directly (no summary pairing), plus a
    // stale summary without a record (a key deleted by an older binary after a partial migration).
    const raw = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary' });
    await raw.transaction(() => {
      for (let i = 0; i < n; i++) {
        const key = `o/b${i % 3}/k-${String(i).padStart(6, '0')}`;
        const rec = randomRecord(rand);
        records.set(key, rec);
        raw.putSync(Buffer.from(key), encodeObjectRecord(rec));
      }
      raw.putSync(Buffer.from('l/b1/stale'), Buffer.from('old'));
      raw.putSync(Buffer.from('l/zz/stale'), Buffer.from('old'));
      raw.putSync(Buffer.from('b/b0'), Buffer.from('bucket'));
    });
    await raw.close();
    const store = LmdbMetaStore.open(dir);
    try {
      const summaries = store.range({ start: 'l/', end: 'l0', limit: n + 10 });
      assert.equal(summaries.length, n);
      for (const s of summaries) assert.deepEqual(decodeListingSummary(s.value), view(records.get(`o/${s.key.slice(2)}`)!));
      assert.deepEqual([...store.get(SUMMARY_MARKER_KEY)!], [1]);
      assert.equal(store.get('b/b0')?.toString(), 'bucket');
    } finally {
      await store.close();
    }
    // Once migrated, a later open does not walk again: a summary removed behind its back stays removed.
    const raw2 = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary' });
    await raw2.remove(Buffer.from('l/b0/k-000000'));
    await raw2.close();
    const again = LmdbMetaStore.open(dir);
    try {
      assert.equal(again.get('l/b0/k-000000'), undefined);
    } finally {
      await again.close();
    }
  });
});
