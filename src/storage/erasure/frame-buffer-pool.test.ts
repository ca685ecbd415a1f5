import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FrameBufferPool } from './frame-buffer-pool.js';

const FRAME = 256 * 1024 + 4;

test('a frame comes back for reuse only after every chunk lent from it was released', () => {
  const pool = new FrameBufferPool(4);
  const f = pool.take(FRAME);
  assert.equal(f.length, FRAME);
  assert.equal(f.buffer.byteLength, FRAME, 'a pooled frame owns its ArrayBuffer alone');
  const a = f.subarray(4, 1000);
  const b = f.subarray(1000);
  pool.lend([a, b]);
  pool.release(a);
  assert.notEqual(pool.take(FRAME).buffer, f.buffer, 'still owed a chunk: not reusable');
  pool.release(b);
  assert.deepEqual(pool.statsForTest(), { free: 1, owed: 0 });
  assert.equal(pool.take(FRAME).buffer, f.buffer, 'reused once all chunks came back');
});

test('releasing twice, or a chunk that was not lent (split or copied), never frees a frame early', () => {
  const pool = new FrameBufferPool(4);
  const f = pool.take(FRAME);
  const a = f.subarray(4, 100);
  const b = f.subarray(100);
  pool.lend([a, b]);
  pool.release(a);
  pool.release(a);
  pool.release(a.subarray(0, 10));
  pool.release(Buffer.from(b));
  assert.deepEqual(pool.statsForTest(), { free: 0, owed: 1 });
  pool.release(b);
  assert.deepEqual(pool.statsForTest(), { free: 1, owed: 0 });
});

test('frames never lent, foreign chunks and small frames are left to the garbage collector', () => {
  const pool = new FrameBufferPool(4);
  pool.take(FRAME); // read failed: never lent
  pool.lend([Buffer.alloc(FRAME)]); // not from this pool
  const small = pool.take(1024);
  pool.lend([small]);
  pool.release(small);
  assert.deepEqual(pool.statsForTest(), { free: 0, owed: 0 });
});

test('the free list is bounded per length', () => {
  const pool = new FrameBufferPool(2);
  const frames = [pool.take(FRAME), pool.take(FRAME), pool.take(FRAME)];
  const chunks = frames.map((f) => f.subarray(4));
  pool.lend(chunks);
  chunks.forEach((c) => pool.release(c));
  assert.deepEqual(pool.statsForTest(), { free: 2, owed: 0 });
});

test('a shared pool keeps at most maxFreeBytes of free frames in all, whatever their lengths', () => {
  const pool = new FrameBufferPool(16, 2 * FRAME + 100);
  const frames = [pool.take(FRAME), pool.take(FRAME), pool.take(FRAME), pool.take(FRAME + 8)];
  for (const f of frames) pool.lend([f]);
  for (const f of frames) pool.release(f);
  assert.deepEqual(pool.statsForTest(), { free: 2, owed: 0 }, 'the third frame and the other length are over the byte bound');
  const again = pool.take(FRAME);
  assert.ok(again.buffer === frames[0]!.buffer || again.buffer === frames[1]!.buffer, 'a kept frame is reused');
  pool.lend([again]);
  pool.release(again);
  assert.deepEqual(pool.statsForTest(), { free: 2, owed: 0 }, 'taking freed room under the bound, releasing fills it again');
});

test('a frame whose chunks the consumer dropped is collected, not kept by the pool', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const pool = new FrameBufferPool(4);
  const refs: WeakRef<ArrayBuffer>[] = [];
  (() => {
    for (let i = 0; i < 4; i++) {
      const f = pool.take(FRAME);
      refs.push(new WeakRef(f.buffer as ArrayBuffer));
      pool.lend([f.subarray(4, 100), f.subarray(100)]); // never released: a CopyObject's store, a client gone
    }
  })();
  assert.equal(pool.statsForTest().owed, 4);
  for (let round = 0; round < 10 && refs.some((r) => r.deref() !== undefined); round++) {
    await new Promise((r) => setImmediate(r)); // WeakRef targets live until the end of the job
    gc();
  }
  assert.deepEqual(refs.map((r) => r.deref() === undefined), [true, true, true, true], 'every dropped frame was collected');
});

test('giveBack frees a taken frame nobody was lent at once; lent, foreign and small buffers are ignored', () => {
  const pool = new FrameBufferPool(4);
  const unread = pool.take(FRAME);
  const lent = pool.take(FRAME);
  const chunk = lent.subarray(4, 100);
  pool.lend([chunk]);
  pool.giveBack([unread.subarray(4), lent, Buffer.alloc(FRAME), pool.take(1024), undefined]);
  assert.deepEqual(pool.statsForTest(), { free: 1, owed: 1 }, 'only the unlent frame is free');
  pool.giveBack([unread]);
  assert.deepEqual(pool.statsForTest(), { free: 1, owed: 1 }, 'given back twice, freed once');
  assert.equal(pool.take(FRAME).buffer, unread.buffer, 'and reused by the next take');
  pool.release(chunk);
  assert.deepEqual(pool.statsForTest(), { free: 1, owed: 0 });
});

test('a pool made shared hands out frames in shared memory and recycles them by the same protocol', () => {
  const pool = new FrameBufferPool(4, Number.POSITIVE_INFINITY, { shared: true });
  const f = pool.take(FRAME);
  assert.ok(f.buffer instanceof SharedArrayBuffer, 'a shared frame');
  assert.equal(f.buffer.byteLength, FRAME);
  const a = f.subarray(4);
  pool.lend([a]);
  assert.notEqual(pool.take(FRAME).buffer, f.buffer, 'lent: not reusable');
  pool.release(a);
  assert.equal(pool.take(FRAME).buffer, f.buffer, 'reused once released');
  assert.ok(!(new FrameBufferPool(4).take(FRAME).buffer instanceof SharedArrayBuffer), 'the default pool: ordinary memory');
});
