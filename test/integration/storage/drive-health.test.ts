/** HealthTrackedDrive around a real LocalDrive: failures take it offline, probes bring it back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriveOfflineError, FileNotFoundError } from '../../../src/errors/domain-errors.js';
import { HealthTrackedDrive } from '../../../src/storage/drive/health-tracked-drive.js';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { waitFor } from '../../helpers/wait-for.js';

async function withDrive(recheckMs: number, fn: (drive: HealthTrackedDrive, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-health-'));
  const drive = new HealthTrackedDrive(await LocalDrive.open(join(dir, 'd')), { recheckMs });
  try { await fn(drive, dir); } finally { await drive.close(); await rm(dir, { recursive: true, force: true }); }
}

/** Every access below `data/loop/` fails with ELOOP (an I/O failure, not a missing file). */
async function makeLoop(dir: string): Promise<void> {
  await mkdir(join(dir, 'd', '.cairn', 'data'), { recursive: true });
  await symlink('loop', join(dir, 'd', '.cairn', 'data', 'loop'));
}

test('HealthTrackedDrive: a vanished root takes the drive offline at its first failure (the probe fails)', () => withDrive(60_000, async (drive, dir) => {
  const w = await drive.createFile('data/x/part.1');
  await w.write(Buffer.from('abc'));
  await w.finish();
  await rm(join(dir, 'd'), { recursive: true, force: true });
  await assert.rejects(drive.readAll('data/x/part.1'), DriveOfflineError);
  await waitFor('the drive to go offline', () => !drive.isOnline());
  assert.equal(drive.health().consecutiveFailures, 1);
  assert.match(drive.health().lastError ?? '', /vanished or was re-created/);
  await assert.rejects(drive.metaGet('k'), DriveOfflineError);
  await assert.rejects(drive.statFile('data/x/part.1'), DriveOfflineError);
}));

test('HealthTrackedDrive: repeated I/O failures take it offline; after the recheck delay it is probed and comes back', () => withDrive(50, async (drive, dir) => {
  await makeLoop(dir);
  const before = Date.now();
  for (let i = 0; i < 3; i++) await assert.rejects(drive.readAll('data/loop/x'), DriveOfflineError);
  assert.equal(drive.isOnline(), false);
  const h = drive.health();
  assert.equal(h.online, false);
  assert.ok(h.offlineSince !== undefined && h.offlineSince >= before);
  assert.match(h.lastError ?? '', /ELOOP/);
  await assert.rejects(drive.metaGet('k'), DriveOfflineError, 'refused while offline');
  await waitFor('the recheck probe to bring the drive back', () => drive.isOnline());
  assert.equal(await drive.metaGet('k'), undefined);
  assert.equal(drive.health().offlineSince, undefined);
}));

test('HealthTrackedDrive: a re-created root stays offline (its metadata env points at deleted files)', () => withDrive(20, async (drive, dir) => {
  await rm(join(dir, 'd'), { recursive: true, force: true });
  await mkdir(join(dir, 'd', '.cairn', 'tmp'), { recursive: true });
  await assert.rejects(drive.readAll('tmp/x'), DriveOfflineError);
  await waitFor('two failed recheck probes', () => drive.health().failedProbes >= 2);
  assert.equal(drive.isOnline(), false);
}));

test('HealthTrackedDrive: missing files and errors thrown by a metaUpdate function do not count against the drive', () => withDrive(60_000, async (drive) => {
  for (let i = 0; i < 10; i++) await assert.rejects(drive.readAll(`data/none/${i}`), FileNotFoundError);
  for (let i = 0; i < 5; i++) {
    await assert.rejects(drive.metaUpdate(['k'], () => { throw new DriveOfflineError('not-this-drive'); }), /not-this-drive/);
  }
  assert.equal(drive.isOnline(), true);
  assert.equal(drive.health().consecutiveFailures, 0);
}));

test('HealthTrackedDrive: open writers and readers are refused once the drive went offline', () => withDrive(60_000, async (drive, dir) => {
  const w0 = await drive.createFile('data/r/part.1');
  await w0.write(Buffer.from('0123456789'));
  await w0.finish();
  const reader = await drive.openFile!('data/r/part.1');
  const writer = await drive.createFile('tmp/w/part.1');
  assert.equal(typeof writer.writev, 'function', 'the gathered write of LocalDrive is kept');
  await makeLoop(dir);
  for (let i = 0; i < 3; i++) await assert.rejects(drive.readAll('data/loop/x'), DriveOfflineError);
  await assert.rejects(reader.read(0, 4), DriveOfflineError);
  await assert.rejects(writer.write(Buffer.from('x')), DriveOfflineError);
  await assert.rejects(writer.finish(), DriveOfflineError);
  await reader.close();
}));

test('HealthTrackedDrive: I/O counters by kind (calls, failures, in flight); refused calls never reach them', () => withDrive(60_000, async (drive, dir) => {
  const kind = (k: string) => drive.ioStats().find((s) => s.kind === k)!;
  const w = await drive.createFile('data/io/part.1');               // write: createFile, write, finish
  await w.write(Buffer.from('0123456789'));
  await w.finish();
  const r = await drive.openFile!('data/io/part.1');                // read: open, read x2, readAll
  await r.read(0, 4);
  await r.read(4, 4);
  await r.close();
  await drive.readAll('data/io/part.1');
  await drive.metaBatch([{ key: 'k', value: Buffer.from('v') }]);   // meta_write
  await drive.metaGet('k');                                          // meta_read
  await assert.rejects(drive.readAll('data/none/x'), FileNotFoundError);
  assert.equal(kind('write').count, 3);
  assert.equal(kind('read').count, 5);
  assert.equal(kind('read').errors, 0, 'a missing file is no I/O error');
  assert.equal(kind('meta_write').count, 1);
  assert.equal(kind('meta_read').count, 1);
  for (const k of drive.ioStats()) assert.equal(k.inFlight, 0);
  for (const k of drive.ioStats()) assert.equal(k.buckets.at(-1)! <= k.count, true);
  await makeLoop(dir);
  for (let i = 0; i < 3; i++) await assert.rejects(drive.readAll('data/loop/x'), DriveOfflineError);
  await waitFor('the drive to go offline', () => !drive.isOnline());
  assert.equal(kind('read').errors, 3);
  await assert.rejects(drive.readAll('data/io/part.1'), DriveOfflineError);
  assert.equal(kind('read').count, 8, 'a call refused while offline does no I/O');
}));
