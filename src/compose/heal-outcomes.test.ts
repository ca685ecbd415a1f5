import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HealResult } from '../object/heal/index.js';
import { UnhealableLog } from '../workers/index.js';
import { HealOutcomes, unhealableList } from './heal-outcomes.js';
import { healthProblems } from './heal-health.js';

const result = (key: string, over: Partial<HealResult> = {}): HealResult => ({
  bucket: 'b', key, problems: [], recordsHealed: 0, shardsHealed: 0, isUnresolved: false, failures: [], bytesVerified: 0, ...over,
});

describe('heal outcomes', () => {
  it('counts shards and records, keeps failed keys (newest first) until a later heal of them succeeds', () => {
    const o = new HealOutcomes({ unhealable: new UnhealableLog() });
    assert.equal(o.record(result('a', { shardsHealed: 2, recordsHealed: 1 })), undefined);
    assert.equal(o.record(result('b', { failures: ['drive 1: full'] })), 'drive 1: full');
    assert.match(o.record(result('c', { isUnresolved: true, problems: ['3 versions disagree'] }))!, /read quorum \(3 versions disagree\)/);
    o.recordError('b', 'd', new Error('read quorum lost'));
    assert.deepEqual([o.shards, o.records], [2, 1]);
    assert.deepEqual(unhealableList(o.unhealable).items.map((i) => [i.key, i.reason]), [
      ['d', 'read quorum lost'],
      ['c', 'the copies disagree and none is held by a read quorum (3 versions disagree)'],
      ['b', 'drive 1: full'],
    ]);
    o.record(result('b', { shardsHealed: 1 }));
    assert.deepEqual(unhealableList(o.unhealable).items.map((i) => i.key), ['d', 'c']);
  });

  it('bounds the unhealable list: the newest stay, older ones are counted as omitted', () => {
    const log = new UnhealableLog(2);
    for (const key of ['a', 'b', 'c', 'c']) log.add('x', key, 'r');
    assert.deepEqual(unhealableList(log).items.map((i) => i.key), ['c', 'b']);
    assert.equal(unhealableList(log).omitted, 1);
  });
});

describe('health problems', () => {
  const base = { backgroundWorkers: true, healed: { shards: 0, records: 0 }, unhealable: { items: [], omitted: 0 } };
  const drive = { endpoint: '/d1', setIndex: 0, driveIndex: 0 };

  it('is empty when every drive is online and nothing is queued, in progress or unhealable', () => {
    assert.deepEqual(healthProblems({ ...base, drives: [{ ...drive, state: 'online' }], queue: { length: 0, dropped: 3, capacity: 10 } }), []);
  });

  it('names offline drives, rebuilds in progress, retried or ended, the queue, the key being healed and unhealable keys', () => {
    const rebuild = {
      phase: 'healing' as const, attempt: 1, setsDone: 0, setsTotal: 1, shardsHealed: 2,
      objectsScanned: 4, objectsHealed: 3, objectsFailed: 1, started: 's', lastUpdate: 'u',
    };
    const problems = healthProblems({
      ...base,
      drives: [
        { ...drive, state: 'offline' },
        { ...drive, endpoint: '/d2', driveIndex: 1, state: 'healing', rebuild: { ...rebuild, state: 'running' } },
        { ...drive, endpoint: '/d3', driveIndex: 2, state: 'healing', rebuild: { ...rebuild, phase: 'retrying', attempt: 2, state: 'running' } },
        { ...drive, endpoint: '/d4', driveIndex: 3, state: 'healing', rebuild: { ...rebuild, state: 'stopped', finished: 'f' } },
        { ...drive, endpoint: '/d5', driveIndex: 4, state: 'healing' },
      ],
      queue: { length: 5, dropped: 0, capacity: 10 },
      healWorker: { objectsChecked: 1, objectsHealed: 0, failures: 0, current: 'b/k' },
      unhealable: { items: [{ bucket: 'b', key: 'x', reason: 'r', at: 't' }], omitted: 2 },
    });
    assert.deepEqual(problems, [
      'drive /d1 (set 1, drive 1) is offline',
      'drive /d2 (set 1, drive 2) is being rebuilt (pass 1): 4 objects scanned, 3 healed, 1 failed, 0 of 1 sets done',
      'the rebuild of drive /d3 (set 1, drive 3) left 1 objects unhealed (pass 2); it is retried',
      'the rebuild of drive /d4 (set 1, drive 4) ended stopped with 4 objects scanned, 3 healed, 1 failed, 0 of 1 sets done; it resumes at the next start',
      'drive /d5 (set 1, drive 5) was replaced and is waiting to be rebuilt',
      '5 objects are queued for heal',
      'b/k is being healed',
      '3 objects could not be healed (their last heal failed)',
    ]);
  });
});
