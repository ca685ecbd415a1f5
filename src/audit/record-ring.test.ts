import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { allocRing, RingReader, RingWriter } from './record-ring.js';

function takeAll(reader: RingReader): Array<[string, string]> {
  const got: Array<[string, string]> = [];
  reader.drain((json, id) => got.push([json, id]));
  return got;
}

describe('record ring (server thread -> audit thread)', () => {
  it('round-trips records in order, across the end of the area, multi-byte text included', () => {
    const mem = allocRing(4096);
    const w = new RingWriter(mem);
    const r = new RingReader(mem);
    const sent: Array<[string, string]> = [];
    const got: Array<[string, string]> = [];
    // Frames of 30..600 bytes over a 4 KiB area: it wraps many times, frames split anywhere.
    for (let i = 0; i < 500; i++) {
      const json = JSON.stringify({ i, key: 'é€😀'.repeat(i % 37), pad: 'x'.repeat((i * 7) % 200) });
      const id = `req-${i}`;
      assert.equal(w.write(json, id), true, `record ${i} fits in a drained ring`);
      sent.push([json, id]);
      if (i % 3 === 2) got.push(...takeAll(r));
    }
    got.push(...takeAll(r));
    assert.deepEqual(got, sent);
    assert.equal(r.used, 0);
    assert.equal(r.records, 0);
  });

  it('refuses a record when full (nothing written), takes it once there is room', () => {
    const mem = allocRing(1024);
    const w = new RingWriter(mem);
    const r = new RingReader(mem);
    const json = 'j'.repeat(200);
    let n = 0;
    while (w.write(json, `id${n}`)) n++;
    assert.equal(n, 4, '4 frames of 8 + 200 + 3 bytes fit in 1,024, the 5th does not');
    assert.equal(w.records, 4);
    const before = w.used;
    assert.equal(w.write(json, 'late'), false);
    assert.equal(w.used, before, 'a refused record leaves the ring as it was');
    assert.equal(takeAll(r).length, 4);
    assert.equal(w.write(json, 'late'), true);
    assert.deepEqual(takeAll(r), [[json, 'late']]);
  });

  it('a reader on another thread sleeps until records come and gets every one, in order', async () => {
    const mem = allocRing(4096);
    const worker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.module).then(async ({ RingReader }) => {
        const r = new RingReader(workerData.mem);
        // A pending wait does not keep a thread alive: the port does (as on the audit thread).
        parentPort.on('message', () => {});
        let next = 0, bad = 0, total = 0;
        for (;;) {
          await r.waitForRecords();
          r.drain((json, id) => {
            if (JSON.parse(json).i !== next || id !== 'id' + next) bad++;
            next++;
            total += json.length;
          });
          if (next >= workerData.n) { parentPort.postMessage({ next, bad, total }); return; }
        }
      });`, { eval: true, workerData: { mem, n: 2000, module: new URL('./record-ring.js', import.meta.url).href } });
    const done = new Promise<{ next: number; bad: number; total: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`reader thread exited (${code}) before it got every record`)));
    });
    const w = new RingWriter(mem);
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      const json = JSON.stringify({ i, pad: 'p'.repeat(i % 300) });
      total += json.length;
      // Bursts and pauses: the reader both sleeps (woken by notify) and finds records waiting.
      while (!w.write(json, `id${i}`)) await Promise.race([new Promise((res) => setImmediate(res)), done]);
      if (i % 50 === 0) await new Promise((res) => setTimeout(res, 1));
    }
    const got = await done;
    await worker.terminate();
    assert.deepEqual(got, { next: 2000, bad: 0, total });
  });
});
