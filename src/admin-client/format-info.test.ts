import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DiskDoc, InfoDocument } from '../admin/wire-types.js';
import { formatInfo } from './format-info.js';
import { formatBytes, formatDuration } from './format-units.js';

const GiB = 1024 ** 3;

function disk(i: number, over: Partial<DiskDoc> = {}): DiskDoc {
  return {
    endpoint: `/data/d${i + 1}`, path: `/data/d${i + 1}`, state: 'ok', healing: false,
    totalspace: 100 * GiB, usedspace: 3 * GiB, availspace: 97 * GiB, pool_index: 0, set_index: 0, disk_index: i, ...over,
  };
}

const doc: InfoDocument = {
  mode: 'online',
  region: 'us-east-1',
  deploymentID: 'dep-1',
  buckets: { count: 3 },
  objects: { count: 1200 },
  versions: { count: 0, error: 'not counted: the scanner counts object keys only' },
  usage: { size: 0, error: 'not counted: the scanner counts object keys only' },
  backend: { backendType: 'Erasure', onlineDisks: 3, offlineDisks: 1, standardSCParity: 2, totalSets: [1], totalDrivesPerSet: [4] },
  servers: [{
    state: 'online', endpoint: '127.0.0.1:9000', uptime: 7384,
    drives: [disk(0), disk(1, { healing: true }), disk(2, {
      state: 'offline', totalspace: 0, usedspace: 0, availspace: 0, offline_since: '2026-01-01T00:00:05.000Z',
      last_error: 'drive /data/d3 is offline: EIO: i/o error', last_error_time: '2026-01-01T00:00:04.000Z', consecutive_failures: 3, failed_probes: 2,
    }), disk(3, { last_error: 'ETIMEDOUT: read timed out', consecutive_failures: 0, failed_probes: 0 })],
  }],
  pools: { '0': { '0': { id: 0, rawUsage: 9 * GiB, rawCapacity: 300 * GiB, healDisks: 1, onlineDisks: 3, offlineDisks: 1, dataShards: 2, parityShards: 2 } } },
  startedAt: '2026-01-01T00:00:00.000Z',
  capacity: { totalBytes: 300 * GiB, usedBytes: 9 * GiB, freeBytes: 291 * GiB },
  countsAsOf: '2026-01-01T02:00:00.000Z',
};

describe('cairn admin info text', () => {
  it('shows the deployment, capacity, counts (or why unknown), and every drive with its state, offline time and last error', () => {
    assert.equal(formatInfo(doc), [
      'Deployment dep-1  region us-east-1  up 2h 3m',
      'Capacity: 300.0 GiB raw, 9.0 GiB used, 291.0 GiB free',
      'Buckets: 3',
      'Objects: 1200 (scanner pass of 2026-01-01T02:00:00.000Z)',
      'Versions: not counted: the scanner counts object keys only',
      'Data: not counted: the scanner counts object keys only',
      'Set 1: EC 2+2, 4 drives: 2 online, 1 healing, 1 offline',
      '  /data/d1  online   3.0 GiB used, 97.0 GiB free of 100.0 GiB',
      '  /data/d2  healing  3.0 GiB used, 97.0 GiB free of 100.0 GiB',
      '  /data/d3  offline since 2026-01-01T00:00:05.000Z',
      '            last error 2026-01-01T00:00:04.000Z: drive /data/d3 is offline: EIO: i/o error',
      '  /data/d4  online   3.0 GiB used, 97.0 GiB free of 100.0 GiB',
      '            last error: ETIMEDOUT: read timed out',
      '',
    ].join('\n'));
  });

  it('formats bytes and durations', () => {
    assert.deepEqual([0, 512, 1536, 10 * GiB, 2 ** 50].map(formatBytes), ['0 B', '512 B', '1.5 KiB', '10.0 GiB', '1.0 PiB']);
    assert.deepEqual([0, 59, 60, 3661, 90061].map(formatDuration), ['0s', '59s', '1m 0s', '1h 1m', '1d 1h']);
  });
});
