import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HealSequence } from '../admin/admin-backend.js';
import type { BgHealStateDocument, HealTaskStatusDocument } from '../admin/wire-types.js';
import { formatHealStarted, formatHealStatus, formatHealSummary } from './format-heal.js';

const healthy: BgHealStateDocument = {
  HealDisks: [],
  sets: [{ id: '0-0', pool_index: 0, set_index: 0, disks: [] }],
  isHealthy: true,
  problems: [],
  backgroundWorkers: true,
  queue: { length: 0, dropped: 0, capacity: 10000 },
  healed: { shards: 0, records: 0 },
  unhealable: { items: [], omitted: 0 },
};

const sequence: HealSequence = {
  clientToken: 'tok-1', state: 'finished', done: true, deep: true, clientAddress: '127.0.0.1',
  started: '2026-01-01T00:00:00.000Z', finished: '2026-01-01T00:01:00.000Z',
  objectsChecked: 40, objectsHealed: 2, shardsHealed: 3, recordsHealed: 1,
  unhealable: { items: [{ bucket: 'b', key: 'k', reason: 'drive 2: disk full', at: '2026-01-01T00:00:30.000Z' }], omitted: 0 },
  failures: [],
};

describe('cairn admin heal text', () => {
  it('prints the single line "healthy" when all is whole', () => {
    assert.equal(formatHealStatus(healthy), 'healthy\n');
  });

  it('lists the problems, the drives with their rebuild, the workers and the unhealable keys', () => {
    const doc: BgHealStateDocument = {
      ...healthy,
      isHealthy: false,
      problems: ['drive /d2 (set 1, drive 2) is being rebuilt (pass 1): 5 objects scanned, 5 healed, 0 failed, 0 of 1 sets done', '2 objects are queued for heal'],
      HealDisks: ['/d2'],
      sets: [{ id: '0-0', pool_index: 0, set_index: 0, disks: [
        { endpoint: '/d1', path: '/d1', state: 'ok', healing: false, pool_index: 0, set_index: 0, disk_index: 0 },
        { endpoint: '/d2', path: '/d2', state: 'ok', healing: true, pool_index: 0, set_index: 0, disk_index: 1, heal_info: {
          endpoint: '/d2', pool_index: 0, set_index: 0, disk_index: 1, started: '2026-01-01T00:00:00.000Z', last_update: '2026-01-01T00:00:05.000Z',
          items_healed: 5, items_failed: 0, finished: false, phase: 'healing', rebuildState: 'running', objectsScanned: 5,
        } },
      ] }],
      queue: { length: 2, dropped: 0, capacity: 10000 },
      healWorker: { objectsChecked: 7, objectsHealed: 6, failures: 1, current: 'b/k2' },
      scanner: { state: 'sleeping', passesDone: 1, lastPass: { objects: 40, findings: 2, finished: '2026-01-01T00:02:00.000Z' } },
      healed: { shards: 4, records: 2 },
      unhealable: sequence.unhealable,
      sequence,
    };
    assert.equal(formatHealStatus(doc), [
      'not healthy:',
      '  - drive /d2 (set 1, drive 2) is being rebuilt (pass 1): 5 objects scanned, 5 healed, 0 failed, 0 of 1 sets done',
      '  - 2 objects are queued for heal',
      'Drives:',
      '  set 1  /d1  online',
      '  set 1  /d2  healing  rebuild running (healing): 5 scanned, 5 healed, 0 failed, started 2026-01-01T00:00:00.000Z',
      'Heal queue: 2 queued, 0 dropped (capacity 10000)',
      'Heal worker: 7 checked, 6 healed, 1 failed, now b/k2',
      'Scanner: sleeping, 1 passes, last pass 40 objects, 2 findings (ended 2026-01-01T00:02:00.000Z)',
      'Healed since start: 4 shards, 2 records',
      'Unhealable (1):',
      '  b/k: drive 2: disk full',
      'Heal sequence tok-1: finished (deep), 40 objects checked, 2 objects healed, 3 shards healed, 1 records healed, 1 unhealable',
      '',
    ].join('\n'));
  });

  it('says where the background state lives when this process has none', () => {
    const out = formatHealStatus({ ...healthy, isHealthy: false, problems: ['x'], backgroundWorkers: false, queue: undefined });
    assert.match(out, /Background workers: not in this server process/);
  });

  it('prints the token of a started heal and the summary of a waited one', () => {
    assert.equal(formatHealStarted({ clientToken: 'tok-1', clientAddress: '::1', startTime: 't' }, false).split('\n')[0],
      'heal started (normal), token tok-1');
    const status: HealTaskStatusDocument = {
      ...sequence, summary: 'finished', startTime: sequence.started, settings: { recursive: true, scanMode: 2 },
    };
    assert.equal(formatHealSummary(status), [
      'heal tok-1 finished (deep): 40 objects checked, 2 objects healed, 3 shards healed, 1 records healed, 1 unhealable',
      '  unhealable: b/k: drive 2: disk full',
      '',
    ].join('\n'));
  });
});
