import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { FrameReadPool, FrameReadPoolError } from './frame-read-pool.js';

const MiB = 1024 * 1024;

function frameOf(payload: Buffer): Buffer {
  const f = Buffer.allocUnsafe(4 + payload.length);
  f.writeUInt32LE(crc32c(payload) >>> 0, 0);
  payload.copy(f, 4);
  return f;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-frame-read-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('FrameReadPool: good frame ok with equal bytes, corrupted frame not ok, short read, check none', async () => {
  await withDir(async (dir) => {
    const frames = [frameOf(randomBytes(MiB)), frameOf(randomBytes(1000)), frameOf(randomBytes(77))];
    const file = Buffer.concat(frames);
    const corrupt = Buffer.from(file);
    corrupt[4 + 12345] ^= 0x01; // a byte of frame 0's payload
    await writeFile(join(dir, 'good'), file);
    await writeFile(join(dir, 'bad'), corrupt);
    const good = await open(join(dir, 'good'), 'r');
    const bad = await open(join(dir, 'bad'), 'r');
    const pool = new FrameReadPool({ threads: 2 });
    try {
      let off = 0;
      for (const f of frames) {
        const r = await pool.read({ fd: good.fd, offset: off, length: f.length, check: 'crc32c-le-prefix' });
        assert.equal(r.got, f.length);
        assert.equal(r.ok, true);
        assert.ok(r.buf.equals(f));
        assert.equal(r.buf.byteOffset, 0);
        assert.equal(r.buf.buffer.byteLength, f.length, 'an ArrayBuffer of its own');
        off += f.length;
      }
      const c = await pool.read({ fd: bad.fd, offset: 0, length: frames[0]!.length, check: 'crc32c-le-prefix' });
      assert.equal(c.got, frames[0]!.length);
      assert.equal(c.ok, false);
      assert.ok(c.buf.equals(corrupt.subarray(0, frames[0]!.length)));
      // The other frames of the corrupted file still verify.
      const c1 = await pool.read({ fd: bad.fd, offset: frames[0]!.length, length: frames[1]!.length, check: 'crc32c-le-prefix' });
      assert.equal(c1.ok, true);
      const none = await pool.read({ fd: bad.fd, offset: 0, length: 100, check: 'none' });
      assert.equal(none.ok, true);
      assert.ok(none.buf.equals(corrupt.subarray(0, 100)));
      // Short read: past the end of the file.
      const short = await pool.read({ fd: good.fd, offset: file.length - 10, length: 100, check: 'none' });
      assert.equal(short.got, 10);
      assert.ok(short.buf.equals(file.subarray(file.length - 10)));
      const eof = await pool.read({ fd: good.fd, offset: file.length + 5, length: 100, check: 'crc32c-le-prefix' });
      assert.equal(eof.got, 0);
      assert.equal(eof.ok, false);
    } finally {
      await pool.close();
      await good.close();
      await bad.close();
    }
  });
});

test('FrameReadPool: EBADF on a closed fd surfaces with its code; bad ranges reject', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'f'), randomBytes(4096));
    const pool = new FrameReadPool({ threads: 1 });
    try {
      // Start the worker first: starting one opens fds, which could reuse the closed number.
      await pool.read({ fd: 0, offset: 0, length: 0, check: 'none' });
      const h = await open(join(dir, 'f'), 'r');
      const fd = h.fd;
      await h.close();
      await assert.rejects(pool.read({ fd, offset: 0, length: 100, check: 'crc32c-le-prefix' }),
        (e: unknown) => (e as { code?: string }).code === 'EBADF' && !(e instanceof FrameReadPoolError));
      await assert.rejects(pool.read({ fd: 0, offset: -1, length: 1, check: 'none' }), RangeError);
    } finally {
      await pool.close();
    }
  });
});

test('FrameReadPool: 64 concurrent reads across 2 threads are all correct and spread', async () => {
  await withDir(async (dir) => {
    const frameLen = 4 + 256 * 1024;
    const frames = Array.from({ length: 64 }, (_, i) => frameOf(randomBytes(frameLen - 4 - (i % 3) * 8)));
    const offsets: number[] = [];
    let off = 0;
    for (const f of frames) { offsets.push(off); off += f.length; }
    await writeFile(join(dir, 'f'), Buffer.concat(frames));
    const h = await open(join(dir, 'f'), 'r');
    const pool = new FrameReadPool({ threads: 2 });
    try {
      const reads = frames.map((f, i) => pool.read({ fd: h.fd, offset: offsets[i]!, length: f.length, check: 'crc32c-le-prefix' }));
      const inFlight = pool.workersForTest().map((w) => w.inFlight);
      assert.deepEqual(inFlight, [32, 32], 'least in flight spreads the reads');
      const results = await Promise.all(reads);
      results.forEach((r, i) => {
        assert.equal(r.ok, true, `frame ${i}`);
        assert.ok(r.buf.equals(frames[i]!), `frame ${i} bytes`);
      });
    } finally {
      await pool.close();
      await h.close();
    }
  });
});

test('FrameReadPool: a worker terminated mid-read rejects that read; the pool keeps working; close() resolves', async () => {
  await withDir(async (dir) => {
    const f = frameOf(randomBytes(4096));
    await writeFile(join(dir, 'f'), f);
    // A large sparse file: its read takes a while on the worker.
    await writeFile(join(dir, 'big'), Buffer.alloc(0));
    await truncate(join(dir, 'big'), 64 * MiB);
    const h = await open(join(dir, 'f'), 'r');
    const big = await open(join(dir, 'big'), 'r');
    const pool = new FrameReadPool({ threads: 1 });
    try {
      assert.equal((await pool.read({ fd: h.fd, offset: 0, length: f.length, check: 'crc32c-le-prefix' })).ok, true);
      const [w] = pool.workersForTest();
      const reading = assert.rejects(pool.read({ fd: big.fd, offset: 0, length: 64 * MiB, check: 'none' }), FrameReadPoolError);
      assert.equal(pool.workersForTest()[0]!.inFlight, 1);
      void w!.worker.terminate();
      await reading;
      // A new worker takes its place.
      const again = await pool.read({ fd: h.fd, offset: 0, length: f.length, check: 'crc32c-le-prefix' });
      assert.equal(again.ok, true);
      assert.ok(again.buf.equals(f));
      assert.notEqual(pool.workersForTest()[0]!.worker, w!.worker);
    } finally {
      await pool.close();
      await h.close();
      await big.close();
    }
    await assert.rejects(pool.read({ fd: 0, offset: 0, length: 1, check: 'none' }), FrameReadPoolError);
  });
});

test('FrameReadPool: close() rejects reads in flight and resolves; invalid threads throw', async () => {
  assert.throws(() => new FrameReadPool({ threads: 0 }), RangeError);
  await withDir(async (dir) => {
    await writeFile(join(dir, 'big'), Buffer.alloc(0));
    await truncate(join(dir, 'big'), 32 * MiB);
    const big = await open(join(dir, 'big'), 'r');
    const pool = new FrameReadPool({ threads: 2 });
    try {
      const reading = assert.rejects(pool.read({ fd: big.fd, offset: 0, length: 32 * MiB, check: 'none' }), FrameReadPoolError);
      await pool.close();
      await reading;
      await pool.close(); // twice is fine
    } finally {
      await big.close();
    }
  });
});
