import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../../../src/storage/create-storage.js';
import { FaultyDrive } from '../../../src/storage/drive/faulty-drive.js';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { FormatError } from '../../../src/errors/domain-errors.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-fmt-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('fresh deployment: formats all drives, sets and quorums follow the topology', () => withDir(async (dir) => {
  const st = await createStorage({ endpoints: [join(dir, 'd{1...8}')] });
  try {
    assert.equal(st.drives.length, 8);
    assert.equal(st.sets.length, 1);
    assert.equal(st.sets[0]!.k, 4);
    assert.equal(st.sets[0]!.m, 4);
    assert.equal(st.sets[0]!.writeQuorum, 5);
    assert.deepEqual(st.replacedDrives, []);
    const rec = JSON.parse(await readFile(join(dir, 'd3', '.cairn', 'format.json'), 'utf8'));
    assert.equal(rec.deploymentId, st.deploymentId);
    assert.equal(rec.sets[0][2], rec.driveId);
    const set = st.setFor('bucket', 'key');
    assert.equal(set, st.setFor('bucket', 'key'));
  } finally { await st.close(); }
}));

test('restart: same deployment id; parity override and several sets', () => withDir(async (dir) => {
  const first = await createStorage({ endpoints: [join(dir, 'a{1...4}'), join(dir, 'b{1...4}')], storageClass: 'EC:1' });
  const id = first.deploymentId;
  assert.equal(first.sets.length, 1, '8 drives → one set of 8');
  assert.equal(first.sets[0]!.m, 1);
  await first.close();
  const again = await createStorage({ endpoints: [join(dir, 'a{1...4}'), join(dir, 'b{1...4}')] });
  try {
    assert.equal(again.deploymentId, id);
    assert.equal(again.sets[0]!.m, 4);
  } finally { await again.close(); }
  await assert.rejects(createStorage({ endpoints: [join(dir, 'a{1...4}'), join(dir, 'b{1...4}')], storageClass: 'EC:5' }), /exceeds half/);
}));

test('18 drives: sets of 9; objects spread over both sets', () => withDir(async (dir) => {
  const st = await createStorage({ endpoints: [join(dir, 'd{1...18}')], blockSize: 4096 });
  try {
    assert.equal(st.sets.length, 2);
    assert.equal(st.sets[1]!.drives.length, 9);
    assert.equal(st.sets[1]!.drives[0]!.endpoint, join(dir, 'd10'));
    const hit = new Set<number>();
    for (let i = 0; i < 50; i++) hit.add(st.setFor('b', `k${i}`).index);
    assert.deepEqual([...hit].sort(), [0, 1]);
    assert.equal(st.sets[0]!.layoutFor('b', 'k').blockSize, 4096);
  } finally { await st.close(); }
}));

test('a drive of another deployment is refused, naming the drive', () => withDir(async (dir) => {
  const a = await createStorage({ endpoints: [join(dir, 'x{1...4}')] });
  await a.close();
  const b = await createStorage({ endpoints: [join(dir, 'y{1...4}')] });
  await b.close();
  await rename(join(dir, 'x3'), join(dir, 'x3-old'));
  await rename(join(dir, 'y3'), join(dir, 'x3'));
  await assert.rejects(createStorage({ endpoints: [join(dir, 'x{1...4}')] }),
    (e: unknown) => e instanceof FormatError && e.message.includes(join(dir, 'x3')) && /another deployment/.test(e.message));
}));

test('swapped drives are refused, naming a drive', () => withDir(async (dir) => {
  const a = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  await a.close();
  await assert.rejects(createStorage({ endpoints: [join(dir, 'd2'), join(dir, 'd1'), join(dir, 'd3'), join(dir, 'd4')] }),
    (e: unknown) => e instanceof FormatError && e.message.includes(join(dir, 'd2')) && /swapped/.test(e.message));
}));

test('a replaced (empty) drive gets its format back and is listed for healing', () => withDir(async (dir) => {
  const a = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  const before = JSON.parse(await readFile(join(dir, 'd2', '.cairn', 'format.json'), 'utf8'));
  await a.close();
  await rm(join(dir, 'd2'), { recursive: true });
  const b = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  try {
    assert.deepEqual(b.replacedDrives.map((d) => d.endpoint), [join(dir, 'd2')]);
    const after = JSON.parse(await readFile(join(dir, 'd2', '.cairn', 'format.json'), 'utf8'));
    assert.deepEqual(after, before);
  } finally { await b.close(); }
  // Formatted now, but not rebuilt: its healing marker keeps it listed until the rebuild ends.
  const c = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  try {
    assert.deepEqual(c.replacedDrives.map((d) => d.endpoint), [join(dir, 'd2')]);
    await c.markDriveHealed(c.replacedDrives[0]!);
    assert.deepEqual(c.replacedDrives, []);
  } finally { await c.close(); }
  const d = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  assert.deepEqual(d.replacedDrives, []);
  await d.close();
}));

test('a corrupt format record is refused naming the drive', () => withDir(async (dir) => {
  const a = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  await a.close();
  await writeFile(join(dir, 'd4', '.cairn', 'format.json'), '{ not json');
  await assert.rejects(createStorage({ endpoints: [join(dir, 'd{1...4}')] }), (e: unknown) => e instanceof FormatError && e.message.includes(join(dir, 'd4')));
}));

test('fewer reachable drives than the read quorum → refuse to start with a clear message', () => withDir(async (dir) => {
  const a = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
  await a.close();
  const offline = new Set([join(dir, 'd1'), join(dir, 'd2'), join(dir, 'd3')]);
  const openDrive = async (e: string) => {
    const d = new FaultyDrive(await LocalDrive.open(e));
    if (offline.has(e)) d.set({ offline: true });
    return d;
  };
  await assert.rejects(createStorage({ endpoints: [join(dir, 'd{1...4}')], openDrive }),
    (e: unknown) => e instanceof FormatError && /1 of 4 drives reachable, needs at least 2/.test(e.message) && e.message.includes(join(dir, 'd1')));
  offline.delete(join(dir, 'd1'));
  const b = await createStorage({ endpoints: [join(dir, 'd{1...4}')], openDrive });
  try {
    assert.equal(b.drives.filter((d) => d.isOnline()).length, 2);
  } finally { await b.close(); }
}));

test('a drive that cannot be opened is offline, not a crash; a fresh format needs every drive', () => withDir(async (dir) => {
  await writeFile(join(dir, 'blocker'), 'a file where a directory should be');
  await assert.rejects(createStorage({ endpoints: [join(dir, 'd{1...3}'), join(dir, 'blocker', 'd4')] }),
    (e: unknown) => e instanceof FormatError && e.message.includes(join(dir, 'blocker', 'd4')));
}));

test('bad endpoint lists are refused', async () => {
  await assert.rejects(createStorage({ endpoints: [] }), FormatError);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x{1...17}'] }), /cannot be split/);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x1', '/tmp/x1'] }), /duplicate/);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x1'], blockSize: 0 }), FormatError);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x1'], blockSize: 2 ** 40 }), FormatError);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x1'], driveTimeoutMs: -1 }), FormatError);
  await assert.rejects(createStorage({ endpoints: ['/tmp/x{1...4}'], parity: 3 }), /exceeds half/);
});
