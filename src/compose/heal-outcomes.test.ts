import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HealResult } from '../object/heal/index.js';
import { HealOutcomes, UnhealableLog } from './heal-outcomes.js';
import { healthProblems } from './heal-health.js';

const result = (key: string, over: Partial<HealResult> = {}): HealResult => ({
  bucket: 'b', key, problems: [], recordsHealed: 0, shardsHealed: 0, isUnresolved: false, failures: [], ...over,
});

describe('heal outcomes', () => {
  it('counts shards and records, keeps failed keys until a later heal of them succeeds', () => {
    const o = new HealOutcomes({ now: () => new Date('2026-01-01T00:00:00Z') });
    assert.equal(o.record(result('a', { shardsHealed: 2, recordsHealed: 1 })), undefined);
    assert.equal(o.record(result('b', { failures: ['drive 1: full'] })), 'drive 1: full');
    assert.match(o.record(result('c', { isUnresolved: true, problems: ['3 versions disagree'] }))!, /read quorum \(3 versions disagree\)/);
    o.recordError('b', 'd', new Error('read quorum lost'));
    assert.deepEqual([o.shards, o.records], [2, 1]);
    assert.deepEqual(o.unhealable.list().items.map((i) => [i.key, i.reason, i.at]), [
      ['b', 'drive 1: full', '2026-01-01T00:00:00.000Z'],
      ['c', 'the copies disagree and none is held by a read quorum (3 versions disagree)', '2026-01-01T00:00:00.000Z'],
      ['d', 'read quorum lost', '2026-01-01T00:00:00.000Z'],
    ]);
    o.record(result('b', { shardsHealed: 1 }));
    assert.deepEqual(o.unhealable.list().items.map((i) => i.key), ['c', 'd']);
  });

  it('bounds the unhealable list: the newest stay, older ones are counted as omitted', () => {
    const log = new UnhealableLog(2);
    for (const key of ['a', 'b', 'c', 'c']) log.add({ bucket: 'x', key, reason: 'r', at: 't' });
    assert.deepEqual(log.list().items.map((i) => i.key), ['b', 'c']);
    assert.equal(log.list().omitted, 1);
    assert.equal(log.size, 3);
    log.remove('x', 'b');
    assert.deepEqual(log.list().items.map((i) => i.key), ['c']);
  });
});

describe('health problems', () => {
  const base = { backgroundWorkers: true, healed: { shards: 0, records: 0 }, unhealable: { items: [], omitted: 0 } };
  const drive = { endpoint: '/d1', setIndex: 0, driveIndex: 0 };

  it('is empty when every drive is online and nothing is queued, in progress or unhealable', () => {
    assert.deepEqual(healthProblems({ ...base, drives: [{ ...drive, state: 'online' }], queue: { length: 0, dropped: 3, capacity: 10 } }), []);
  });

  it('names offline drives, rebuilds in progress or ended badly, the queue, the key being healed and unhealable keys', () => {
    const rebuild = { phase: 'objects' as const, objectsScanned: 4, objectsHealed: 3, objectsFailed: 1, started: 's', lastUpdate: 'u' };
    const problems = healthProblems({
      ...base,
      drives: [
        { ...drive, state: 'offline' },
        { ...drive, endpoint: '/d2', driveIndex: 1, state: 'healing', rebuild: { ...rebuild, state: 'running' } },
        { ...drive, endpoint: '/d3', driveIndex: 2, state: 'healing', rebuild: { ...rebuild, phase: 'done', state: 'done', finished: 'f' } },
      ],
      queue: { length: 5, dropped: 0, capacity: 10 },
      healWorker: { objectsChecked: 1, objectsHealed: 0, failures: 0, current: 'b/k' },
      unhealable: { items: [{ bucket: 'b', key: 'x', reason: 'r', at: 't' }], omitted: 2 },
    });
    assert.deepEqual(problems, [
      'drive /d1 (set 1, drive 1) is offline',
      'drive /d2 (set 1, drive 2) is being rebuilt (objects phase): 4 objects scanned, 3 healed, 1 failed',
      'the rebuild of drive /d3 (set 1, drive 3) ended done with 4 objects scanned, 3 healed, 1 failed; run "cairn admin heal" to finish it',
      '5 objects are queued for heal',
      'b/k is being healed',
      '3 objects could not be healed (their last heal failed)',
    ]);
  });
});
