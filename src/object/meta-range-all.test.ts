import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../storage/drive/local-drive.js';
import { metaRangeAll } from './meta-range-all.js';

describe('metaRangeAll', () => {
  it('reads a range longer than one page, in order, and stops at its end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-range-all-'));
    const drive = await LocalDrive.open(join(dir, 'd'));
    try {
      const keys = Array.from({ length: 23 }, (_, i) => `b/bucket-${String(i).padStart(3, '0')}`);
      await drive.metaBatch([...keys, 'a/before', 'c/after'].map((key) => ({ key, value: Buffer.from(key) })));
      const got = await metaRangeAll(drive, { start: 'b/', end: 'b0', pageSize: 5 });
      assert.deepEqual(got.map((e) => e.key), keys);
      assert.deepEqual((await metaRangeAll(drive, { start: 'b/', end: 'b0', pageSize: 23 })).length, 23, 'a last page exactly full');
      assert.deepEqual(await metaRangeAll(drive, { start: 'x/', end: 'x0', pageSize: 5 }), []);
    } finally {
      await drive.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
