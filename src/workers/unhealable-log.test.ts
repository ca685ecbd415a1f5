import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealResult } from '../object/heal/index.js';
import { UnhealableLog } from './unhealable-log.js';

const result = (key: string, patch: Partial<HealResult> = {}): HealResult => ({
  bucket: 'b', key, problems: [], recordsHealed: 0, shardsHealed: 0, isUnresolved: false, failures: [], bytesVerified: 0, ...patch,
});

test('unhealable log: failed and unresolved heals are kept, a clean heal clears the key, bounded', () => {
  const log = new UnhealableLog(2);
  log.record(result('x', { failures: ['data/1: drive 2 offline'] }));
  log.record(result('y', { isUnresolved: true, problems: ['no record held by a read quorum'] }));
  assert.deepEqual(log.entries().map((e) => [e.key, e.reason]), [['y', 'no record held by a read quorum'], ['x', 'data/1: drive 2 offline']]);
  log.record(result('x', { shardsHealed: 1 }));
  assert.deepEqual(log.entries().map((e) => e.key), ['y']);
  log.add('b', 'p', 'read failed');
  log.add('b', 'q', 'read failed');
  assert.equal(log.size, 2);
  assert.equal(log.dropped, 1);
  assert.deepEqual(log.entries().map((e) => e.key), ['q', 'p']);
});
