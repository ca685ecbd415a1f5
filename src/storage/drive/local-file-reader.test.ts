import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { BitrotError } from '../../errors/domain-errors.js';
import { FrameReadPool, type FrameRead, type FrameReadResult } from '../../util/frame-read-pool.js';
import { LocalDrive } from './local-drive.js';

const MiB = 1024 * 1024;
const PATH = 'data/ab/0123456789abcdef0123456789abcdef/part.1';

function frameOf(payload: Buffer): Buffer {
  const f = Buffer.allocUnsafe(4 + payload.length);
  f.writeUInt32LE(crc32c(payload) >>> 0, 0);
  payload.copy(f, 4);
  return f;
}

/** A LocalDrive in a temp dir holding `file` at PATH. */
async function withDrive(file: Buffer, pool: FrameReadPool | undefined, fn: (drive: LocalDrive, abs: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-file-reader-'));
  const abs = join(dir, '.cairn', PATH);
  await mkdir(join(abs, '..'), { recursive: true });
  await writeFile(abs, file);
  const drive = await LocalDrive.open(dir, pool !== undefined ? { frameReadPool: pool } : {});
  try {
    await fn(drive, abs);
  } finally {
    await drive.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('LocalFileReader.readFrame: equals read() for good frames, undefined for a flipped byte, short read throws like read()', async () => {
  const frames = [frameOf(randomBytes(MiB)), frameOf(randomBytes(300_000)), frameOf(randomBytes(9))];
  const offsets = [0, frames[0]!.length, frames[0]!.length + frames[1]!.length];
  const file = Buffer.concat(frames);
  const pool = new FrameReadPool({ threads: 2 });
  try {
    await withDrive(file, pool, async (drive, abs) => {
      const reader = await drive.openFile(PATH);
      try {
        assert.ok(reader.readFrame !== undefined, 'a drive with a pool offers readFrame');
        for (let i = 0; i < frames.length; i++) {
          const viaPool = await reader.readFrame(offsets[i]!, frames[i]!.length, 'crc32c-le-prefix');
          const direct = await reader.read(offsets[i]!, frames[i]!.length);
          assert.ok(viaPool !== undefined && viaPool.equals(direct) && viaPool.equals(frames[i]!), `frame ${i}`);
        }
        await assert.rejects(reader.readFrame(file.length - 5, 100, 'crc32c-le-prefix'), BitrotError);
        await assert.rejects(reader.read(file.length - 5, 100), BitrotError);
        await assert.rejects(reader.readFrame(-1, 10, 'crc32c-le-prefix'), RangeError);
      } finally {
        await reader.close();
      }
      // A flipped byte in frame 1: that frame fails its check, the others still pass.
      const bad = Buffer.from(file);
      bad[offsets[1]! + 4 + 4242] ^= 0x10;
      await writeFile(abs, bad);
      const r2 = await drive.openFile(PATH);
      try {
        assert.equal(await r2.readFrame!(offsets[1]!, frames[1]!.length, 'crc32c-le-prefix'), undefined);
        assert.ok((await r2.readFrame!(offsets[0]!, frames[0]!.length, 'crc32c-le-prefix'))!.equals(frames[0]!));
        // A flipped checksum byte fails too.
        bad[offsets[2]!] ^= 0x01;
        await writeFile(abs, bad);
        assert.equal(await r2.readFrame!(offsets[2]!, frames[2]!.length, 'crc32c-le-prefix'), undefined);
      } finally {
        await r2.close();
      }
      assert.ok(drive.isOnline(), 'checksum mismatches do not count against the drive');
    });
  } finally {
    await pool.close();
  }
});

test('LocalFileReader: without a pool there is no readFrame; after the pool closed readFrame still reads and checks here', async () => {
  const frame = frameOf(randomBytes(50_000));
  await withDrive(frame, undefined, async (drive) => {
    const reader = await drive.openFile(PATH);
    assert.equal(reader.readFrame, undefined);
    await reader.close();
  });
  const pool = new FrameReadPool({ threads: 1 });
  await withDrive(frame, pool, async (drive, abs) => {
    await pool.close();
    const reader = await drive.openFile(PATH);
    try {
      assert.ok((await reader.readFrame!(0, frame.length, 'crc32c-le-prefix'))!.equals(frame));
      const bad = Buffer.from(frame);
      bad[100] ^= 0xff;
      await writeFile(abs, bad);
      assert.equal(await reader.readFrame!(0, frame.length, 'crc32c-le-prefix'), undefined);
    } finally {
      await reader.close();
    }
  });
});

/** A pool that records the order in which its reads settle. */
class SpyPool extends FrameReadPool {
  readonly events: string[] = [];
  override read(req: FrameRead): Promise<FrameReadResult> {
    const p = super.read(req);
    p.then(() => this.events.push('read settled'), () => this.events.push('read failed'));
    return p;
  }
}

test('LocalFileReader.close() waits for in-flight pool reads before closing the file; reads after close fail', async () => {
  const frames = Array.from({ length: 4 }, () => frameOf(randomBytes(4 * MiB)));
  const file = Buffer.concat(frames);
  const pool = new SpyPool({ threads: 2 });
  try {
    await withDrive(file, pool, async (drive) => {
      const reader = await drive.openFile(PATH);
      const reads = frames.map((f, i) => reader.readFrame!(i * f.length, f.length, 'crc32c-le-prefix'));
      assert.equal((reader as unknown as { inFlightForTest: number }).inFlightForTest, 4);
      await reader.close().then(() => pool.events.push('closed'));
      assert.deepEqual(pool.events, ['read settled', 'read settled', 'read settled', 'read settled', 'closed']);
      assert.equal((reader as unknown as { inFlightForTest: number }).inFlightForTest, 0);
      // Every read started before close() got its own file's bytes (no EBADF, no other file).
      const got = await Promise.all(reads);
      got.forEach((g, i) => assert.ok(g !== undefined && g.equals(frames[i]!), `frame ${i}`));
      await assert.rejects(reader.readFrame!(0, 10, 'crc32c-le-prefix'));
      await assert.rejects(reader.read(0, 10));
      await reader.close(); // twice is fine
    });
  } finally {
    await pool.close();
  }
});
