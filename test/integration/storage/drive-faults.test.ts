import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { FaultyDrive } from '../../../src/storage/drive/faulty-drive.js';
import { toDriveError } from '../../../src/storage/drive/fs-errors.js';
import { DriveFullError, DriveOfflineError, FileNotFoundError } from '../../../src/errors/domain-errors.js';

async function withDrive(fn: (drive: LocalDrive, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-health-'));
  const drive = await LocalDrive.open(join(dir, 'd'));
  try { await fn(drive, dir); } finally { await drive.close(); await rm(dir, { recursive: true, force: true }); }
}

async function put(drive: { createFile(p: string): Promise<{ write(b: Buffer): Promise<void>; finish(): Promise<void> }> }, path: string, data: Buffer) {
  const w = await drive.createFile(path);
  await w.write(data);
  await w.finish();
}

test('LocalDrive: on a vanished root every call is DriveOfflineError (not FileNotFoundError); probe() fails', () => withDrive(async (drive, dir) => {
  await put(drive, 'data/x/part.1', Buffer.from('abc'));
  await drive.probe();
  await rm(join(dir, 'd'), { recursive: true, force: true });
  await assert.rejects(drive.readAll('data/x/part.1'), DriveOfflineError);
  await assert.rejects(drive.statFile('data/x/part.1'), DriveOfflineError);
  await assert.rejects(drive.list('data'), DriveOfflineError);
  await assert.rejects(drive.readFormat(), DriveOfflineError);
  await assert.rejects(drive.probe(), DriveOfflineError);
}));

test('LocalDrive: probe() fails on a re-created root (another inode) and after close; it leaves no file behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-health-'));
  const drive = await LocalDrive.open(join(dir, 'd'));
  try {
    await drive.probe();
    assert.deepEqual(await readdir(join(dir, 'd', '.cairn', 'tmp')), [], 'the probe file is removed');
    await rm(join(dir, 'd'), { recursive: true, force: true });
    await mkdir(join(dir, 'd', '.cairn', 'tmp'), { recursive: true });
    await assert.rejects(drive.probe(), (e) => e instanceof DriveOfflineError && /re-created/.test(String((e.cause as Error).message)));
    await assert.rejects(drive.readAll('tmp/x'), DriveOfflineError);
  } finally { await drive.close(); }
  await assert.rejects(drive.probe(), DriveOfflineError);
  await rm(dir, { recursive: true, force: true });
});

test('LocalDrive: a missing file is FileNotFoundError', () => withDrive(async (drive) => {
  for (let i = 0; i < 3; i++) await assert.rejects(drive.readAll(`data/none/${i}`), FileNotFoundError);
  assert.equal(drive.isOnline(), true);
}));

test('LocalDrive: the metadata directory (which holds the system bucket) is private to the server user, also on older drives', () => withDrive(async (drive, dir) => {
  const meta = join(dir, 'd', '.cairn', 'meta');
  assert.equal((await stat(meta)).mode & 0o777, 0o700);
  await drive.close();
  await chmod(meta, 0o755);
  const again = await LocalDrive.open(join(dir, 'd'));
  await again.close();
  assert.equal((await stat(meta)).mode & 0o777, 0o700);
}));

test('fs error mapping: ENOSPC → full, EIO/EACCES → offline, ENOENT → not found', () => {
  const e = (code: string) => Object.assign(new Error(code), { code });
  assert.ok(toDriveError(e('ENOSPC'), '/d', 'p') instanceof DriveFullError);
  assert.ok(toDriveError(e('EDQUOT'), '/d', 'p') instanceof DriveFullError);
  assert.ok(toDriveError(e('EIO'), '/d', 'p') instanceof DriveOfflineError);
  assert.ok(toDriveError(e('EACCES'), '/d', 'p') instanceof DriveOfflineError);
  assert.ok(toDriveError(e('EROFS'), '/d', 'p') instanceof DriveOfflineError);
  assert.ok(toDriveError(e('ENOENT'), '/d', 'p') instanceof FileNotFoundError);
  assert.equal(toDriveError(e('ENOTEMPTY'), '/d', 'p').code, 'ERR_STORAGE_DRIVE_PATH');
});

test('FaultyDrive: offline, failAll, failWrites, corruptReads, delay — switchable at runtime', () => withDrive(async (local) => {
  const drive = new FaultyDrive(local);
  await put(drive, 'data/f/part.1', Buffer.from('hello world'));
  await drive.metaBatch([{ key: 'm', value: Buffer.from('v') }]);

  drive.set({ offline: true });
  assert.equal(drive.isOnline(), false);
  await assert.rejects(drive.readAll('data/f/part.1'), DriveOfflineError);
  await assert.rejects(drive.metaGet('m'), DriveOfflineError);
  drive.reset();
  assert.equal(drive.isOnline(), true);

  const boom = Object.assign(new Error('boom'), { code: 'ERR_TEST' });
  drive.set({ failAll: boom });
  await assert.rejects(drive.readFile('data/f/part.1', 0, 1), (e) => e === boom);
  await assert.rejects(drive.list('data'), (e) => e === boom);
  drive.reset();

  drive.set({ failWrites: boom });
  assert.deepEqual(await drive.readAll('data/f/part.1'), Buffer.from('hello world'));
  assert.deepEqual(await drive.metaGet('m'), Buffer.from('v'));
  await assert.rejects(drive.createFile('tmp/z'), (e) => e === boom);
  await assert.rejects(drive.metaBatch([{ key: 'm', value: null }]), (e) => e === boom);
  await assert.rejects(drive.remove('data/f'), (e) => e === boom);
  drive.reset();

  // Faults switched on in the middle of a file write apply to the open writer too.
  const w = await drive.createFile('tmp/mid');
  await w.write(Buffer.from('a'));
  drive.set({ failWrites: boom });
  await assert.rejects(w.write(Buffer.from('b')), (e) => e === boom);
  await assert.rejects(w.finish(), (e) => e === boom);
  drive.reset();
  assert.equal(await drive.statFile('tmp/mid'), undefined, 'a failed finish leaves no file');

  drive.set({ corruptReads: true });
  const bad = await drive.readAll('data/f/part.1');
  assert.equal(bad.length, 11);
  assert.notDeepEqual(bad, Buffer.from('hello world'));
  assert.notDeepEqual(await drive.readFile('data/f/part.1', 6, 5), Buffer.from('world'));
  drive.reset();
  assert.deepEqual(await drive.readAll('data/f/part.1'), Buffer.from('hello world'), 'corruption is only in what is returned');

  drive.set({ delayMs: 40 });
  const t0 = Date.now();
  await drive.metaGet('m');
  assert.ok(Date.now() - t0 >= 35);
  drive.reset();
}));
