import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueue } from './durable-queue.js';
import { frameRecord } from './segment-format.js';

const rec = (i: number): string => JSON.stringify({ requestID: `R${i}`, n: i });
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => rec(from + k));

for (const blockingWrites of [false, true]) describe(`DurableQueue, ${blockingWrites ? 'blocking writes' : 'writes in the thread pool'}`, () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-audit-queue-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const openQueue = async (opts: { maxRecords?: number; segmentBytes?: number } = {}): Promise<DurableQueue> => {
    const q = new DurableQueue({ dir, maxRecords: opts.maxRecords ?? 1000, blockingWrites, ...(opts.segmentBytes !== undefined ? { segmentBytes: opts.segmentBytes } : {}) });
    await q.open();
    return q;
  };

  it('hands records out in order and forgets them once acknowledged', async () => {
    const q = await openQueue();
    await q.append(range(1, 5));
    assert.equal(q.length, 5);
    const a = await q.read(3);
    assert.deepEqual(a.records, range(1, 3));
    await q.ack(a.next, 3);
    const b = await q.read(10);
    assert.deepEqual(b.records, range(4, 5));
    await q.ack(b.next, 2);
    assert.equal(q.length, 0);
    assert.deepEqual((await q.read(10)).records, []);
    await q.close();
  });

  it('after a restart, resends exactly what was not acknowledged (read but unacknowledged included)', async () => {
    const q = await openQueue();
    await q.append(range(1, 6));
    const a = await q.read(2);
    await q.ack(a.next, 2);
    await q.read(2); // handed out, never acknowledged: the process died mid-delivery
    await q.close();
    const again = await openQueue();
    assert.equal(again.length, 4);
    assert.deepEqual((await again.read(100)).records, range(3, 6));
    await again.close();
  });

  it('drops a torn tail at open, never replays it, and appends after it cleanly', async () => {
    const q = await openQueue();
    await q.append(range(1, 3));
    await q.close();
    const [seg] = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
    const file = join(dir, seg!);
    const whole = (await stat(file)).size;
    // A crash in the middle of a write: half a line, no newline.
    await appendFile(file, frameRecord(rec(4)).slice(0, 20));
    const again = new DurableQueue({ dir, maxRecords: 1000 });
    const report = await again.open();
    assert.equal(report.records, 3);
    assert.equal(report.tornBytes, 20);
    assert.equal((await stat(file)).size, whole);
    assert.equal(report.newest, rec(3));
    await again.append([rec(5)]);
    assert.deepEqual((await again.read(100)).records, [rec(1), rec(2), rec(3), rec(5)]);
    await again.close();
  });

  it('a complete last line with a wrong checksum is a torn tail too; a damaged line before valid ones is skipped', async () => {
    const seg = join(dir, '000000000001.seg');
    const bad = frameRecord(rec(2)).replace('"n":2', '"n":9');
    await writeFile(seg, frameRecord(rec(1)) + bad + frameRecord(rec(3)) + bad);
    const q = new DurableQueue({ dir, maxRecords: 1000 });
    const report = await q.open();
    assert.equal(report.records, 2);
    assert.equal(report.damagedLines, 1);
    assert.equal(report.tornBytes, Buffer.byteLength(bad));
    assert.deepEqual((await q.read(100)).records, [rec(1), rec(3)]);
    await q.close();
  });

  it('is bounded: room shrinks with every undelivered record and grows back with acknowledgements', async () => {
    const q = await openQueue({ maxRecords: 4 });
    assert.equal(q.room, 4);
    await q.append(range(1, 4));
    assert.equal(q.room, 0);
    const a = await q.read(3);
    assert.equal(q.room, 0, 'read but not acknowledged still takes room');
    await q.ack(a.next, 3);
    assert.equal(q.room, 3);
    await q.close();
  });

  it('rolls over to new segments and removes the delivered ones, keeping the newest record on disk', async () => {
    const q = await openQueue({ segmentBytes: 200 });
    for (let i = 1; i <= 20; i++) await q.append([rec(i)]);
    const before = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
    assert.ok(before.length > 3, `segments: ${before.join(',')}`);
    let got: string[] = [];
    for (;;) {
      const b = await q.read(7);
      if (b.records.length === 0) break;
      got = got.concat(b.records);
      await q.ack(b.next, b.records.length);
    }
    assert.deepEqual(got, range(1, 20));
    const after = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
    assert.equal(after.length, 1);
    assert.match(await readFile(join(dir, after[0]!), 'utf8'), /"R20"/);
    await q.close();
    const again = new DurableQueue({ dir, maxRecords: 1000 });
    const report = await again.open();
    assert.equal(report.records, 0);
    assert.equal(report.newest, rec(20));
    await again.close();
  });
});

describe('DurableQueue: the records appended last come from memory', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-audit-queue-recent-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const segments = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith('.seg')).map((f) => join(dir, f));

  it('hands out what it appended without reading it back, with the same cursors as the disk', async () => {
    const q = new DurableQueue({ dir, maxRecords: 1000, segmentBytes: 200 });
    await q.open();
    for (let i = 1; i <= 9; i++) await q.append([rec(i)]);
    // Blank every segment: a read back from disk would find no valid line.
    for (const f of await segments()) await writeFile(f, Buffer.alloc((await stat(f)).size, 0x20));
    const a = await q.read(4);
    assert.deepEqual(a.records, range(1, 4));
    await q.ack(a.next, 4);
    assert.deepEqual((await q.read(100)).records, range(5, 9));
    await q.close();
  });

  it('a window too small for the backlog: the rest is read from disk, in order, nothing twice', async () => {
    const q = new DurableQueue({ dir, maxRecords: 1000, segmentBytes: 300, recent: { records: 3, chars: 1_000_000 } });
    await q.open();
    for (let i = 1; i <= 5; i++) await q.append([rec(i)]); // 1-3 kept, 4-5 on disk only
    await q.append(range(6, 8));
    let got: string[] = [];
    let more = true;
    for (let size = 2; ; size++) {
      const b = await q.read(size);
      if (b.records.length === 0) break;
      got = got.concat(b.records);
      await q.ack(b.next, b.records.length);
      if (more && got.length >= 6) { more = false; await q.append(range(9, 12)); } // a new run starts
    }
    assert.deepEqual(got, range(1, 12));
    await q.close();
    const again = new DurableQueue({ dir, maxRecords: 1000 });
    assert.equal((await again.open()).records, 0, 'the cursors from memory acknowledged exactly what was sent');
    await again.close();
  });

  it('records from before a restart are read from disk, the new ones after them', async () => {
    const q = new DurableQueue({ dir, maxRecords: 1000 });
    await q.open();
    await q.append(range(1, 3));
    await q.close();
    const again = new DurableQueue({ dir, maxRecords: 1000 });
    await again.open();
    await again.append(range(4, 5));
    const b = await again.read(2);
    assert.deepEqual(b.records, range(1, 2));
    await again.ack(b.next, 2);
    assert.deepEqual((await again.read(10)).records, range(3, 5));
    await again.close();
  });
});

for (const blockingWrites of [false, true]) describe(`DurableQueue with an fsync interval, ${blockingWrites ? 'blocking writes' : 'writes in the thread pool'}`, () => {
  it('an append is readable and survives a reopen at once; the sync follows within the interval', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-audit-queue-sync-'));
    try {
      const q = new DurableQueue({ dir, maxRecords: 100, fsyncIntervalMs: 20, blockingWrites });
      await q.open();
      await q.append(range(1, 3));
      // Another reader (a restarted process) sees the written records before any sync.
      const other = new DurableQueue({ dir, maxRecords: 100 });
      assert.equal((await other.open()).records, 3);
      await other.close();
      assert.deepEqual((await q.read(10)).records, range(1, 3));
      await q.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
