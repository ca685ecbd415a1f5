import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DriveHold } from './drive-hold.js';
import { processIdentity } from './process-identity.js';

const MODES = { dirMode: 0o700, fileMode: 0o600 };

async function withDrive(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-hold-'));
  try { await fn(root); } finally { await rm(root, { recursive: true, force: true }); }
}

test('a live holder (another process) refuses, naming pid and address', () => withDrive(async (root) => {
  const lock = join(root, '.cairn', 'lock');
  await mkdir(join(root, '.cairn'));
  const init = processIdentity(1);
  await writeFile(lock, JSON.stringify({ version: 1, ...init, since: '2026-01-01T00:00:00.000Z', address: 'http://127.0.0.1:9000' }));
  await assert.rejects(DriveHold.take({ root, endpoint: 'd1', ...MODES }), /drive d1 is in use by another Cairn server \(pid 1 on .*answering on http:\/\/127\.0\.0\.1:9000/);
}));

test('a lock of a process that is gone (or a reused pid) is stale and taken over', () => withDrive(async (root) => {
  const lock = join(root, '.cairn', 'lock');
  const first = await DriveHold.take({ root, endpoint: root, ...MODES });
  await first.release();
  const me = processIdentity(process.pid);
  // Our pid with another start time: the pid was reused by a new process.
  await writeFile(lock, JSON.stringify({ version: 1, ...me, start: (me.start ?? 0) + 1, since: 'x' }));
  const hold = await DriveHold.take({ root, endpoint: root, ...MODES });
  assert.equal((JSON.parse(await readFile(lock, 'utf8')) as { start: number }).start, me.start);
  await hold.announce('http://127.0.0.1:1');
  assert.equal((JSON.parse(await readFile(lock, 'utf8')) as { address: string }).address, 'http://127.0.0.1:1');
  await hold.release();
  await assert.rejects(readFile(lock), { code: 'ENOENT' });
}));

test('holds in one process are counted: the lock stays until the last release', () => withDrive(async (root) => {
  const lock = join(root, '.cairn', 'lock');
  const a = await DriveHold.take({ root, endpoint: root, ...MODES });
  const b = await DriveHold.take({ root, endpoint: root, ...MODES });
  await a.release();
  await readFile(lock);
  await b.release();
  await assert.rejects(readFile(lock), { code: 'ENOENT' });
}));

test('undo of a hold that created the drive removes the directories it created', () => withDrive(async (parent) => {
  const root = join(parent, 'new-drive');
  const hold = await DriveHold.take({ root, endpoint: root, ...MODES });
  await hold.undo();
  await assert.rejects(readFile(join(root, '.cairn', 'lock')), { code: 'ENOENT' });
  await assert.rejects(rm(root), { code: 'ENOENT' });
}));
