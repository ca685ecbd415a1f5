import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountState } from './iam-store.js';
import type { AccountDocument } from './iam-records.js';
import { KeyUsageRecorder } from './key-usage.js';

function fakeStore(): { store: ConstructorParameters<typeof KeyUsageRecorder>[0]['store']; doc: AccountDocument; writes: number; fail: boolean } {
  const doc: AccountDocument = {
    version: 1, rev: 1, account: { id: '111111111111', name: 'a', canonicalUserId: 'c', createDate: '2026-01-01T00:00:00.000Z' },
    users: {}, groups: {}, roles: {}, policies: {},
    keys: { AKIAUSER: { accessKeyId: 'AKIAUSER', userName: 'u', sealedSecret: 's', status: 'Active', createDate: '2026-01-01T00:00:00.000Z' } },
  };
  const state = { doc, secrets: new Map() } as AccountState;
  const out = {
    doc, writes: 0, fail: false,
    store: {
      accounts: () => [state],
      mutate: async <T>(id: string, change: (d: AccountDocument, tools: never) => T): Promise<T> => {
        assert.equal(id, '111111111111');
        if (out.fail) throw new Error('drive gone');
        out.writes++;
        return change(doc, undefined as never);
      },
    },
  };
  return out;
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

test('KeyUsageRecorder: at most one write per key per minute; unknown keys are never written', async () => {
  const f = fakeStore();
  let now = Date.parse('2026-12-02T10:00:00Z');
  const rec = new KeyUsageRecorder({ store: f.store, clock: () => now });
  rec.note('AKIAUSER', 's3', 'us-east-1');
  await settle();
  assert.deepEqual(f.doc.keys['AKIAUSER']!.lastUsed, { date: '2026-12-02T10:00:00.000Z', service: 's3', region: 'us-east-1' });
  for (let i = 0; i < 100; i++) { now += 500; rec.note('AKIAUSER', 'iam', 'us-east-1'); }
  await settle();
  assert.equal(f.writes, 1, '50 s of requests: one write');
  now += 10_001;
  rec.note('AKIAUSER', 'iam', 'us-east-1');
  await settle();
  assert.equal(f.writes, 2);
  assert.equal(f.doc.keys['AKIAUSER']!.lastUsed?.service, 'iam');
  rec.note('AKIAROOTCLUSTER', 's3', 'us-east-1');
  await settle();
  assert.equal(f.writes, 2, 'a key no account holds');
});

test('KeyUsageRecorder: a record another process wrote within the minute is left; a failed write is retried at the next use', async () => {
  const f = fakeStore();
  let now = Date.parse('2026-12-02T10:00:00Z');
  f.doc.keys['AKIAUSER']!.lastUsed = { date: new Date(now - 30_000).toISOString(), service: 's3', region: 'us-east-1' };
  const errors: unknown[] = [];
  const rec = new KeyUsageRecorder({ store: f.store, clock: () => now, onError: (e) => errors.push(e) });
  rec.note('AKIAUSER', 's3', 'us-east-1');
  await settle();
  assert.equal(f.writes, 0);
  now += 60_000;
  f.fail = true;
  rec.note('AKIAUSER', 's3', 'us-east-1');
  await settle();
  assert.equal(errors.length, 1);
  f.fail = false;
  now += 1;
  rec.note('AKIAUSER', 's3', 'us-east-1');
  await settle();
  assert.equal(f.writes, 1);
});
