/**
 * The Drive contract suite: every Drive implementation (LocalDrive, FaultyDrive around one,
 * later RemoteDrive over loopback RPC) must pass it. Run it with runDriveContract().
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Drive } from '../../src/storage/drive/drive.js';

export interface DriveHarness {
  readonly drive: Drive;
  /** Close the drive and open the same storage again (durability checks). */
  reopen(): Promise<Drive>;
  cleanup(): Promise<void>;
}

const PATH_ESCAPES = ['../x', 'a/../../x', 'data/../../x', '/etc/passwd', 'a\0b', '', 'a//b', './a', 'meta/data.mdb', 'format.json', 'a\\b'];

function utf8Sorted(keys: string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

async function writeFile(drive: Drive, path: string, chunks: Buffer[]): Promise<void> {
  const w = await drive.createFile(path);
  for (const c of chunks) await w.write(c);
  await w.finish();
}

export function runDriveContract(name: string, make: () => Promise<DriveHarness>): void {
  describe(`Drive contract: ${name}`, () => {
    let h: DriveHarness;
    let drive: Drive;
    before(async () => { h = await make(); drive = h.drive; });
    after(async () => { await h.cleanup(); });

    test('is online and reports capacity', async () => {
      assert.equal(drive.isOnline(), true);
      const info = await drive.info();
      assert.equal(info.endpoint, drive.endpoint);
      assert.ok(info.totalBytes > 0);
      assert.ok(info.freeBytes >= 0 && info.freeBytes <= info.totalBytes);
      assert.ok(info.usedBytes >= 0 && info.usedBytes <= info.totalBytes);
    });

    test('format record: absent on a fresh drive, then round-trips', async () => {
      assert.equal(await drive.readFormat(), undefined);
      const doc = Buffer.from('{"format":"test","n":1}');
      await drive.writeFormat(doc);
      assert.deepEqual(await drive.readFormat(), doc);
      const doc2 = Buffer.from('{"format":"test","n":2}');
      await drive.writeFormat(doc2);
      assert.deepEqual(await drive.readFormat(), doc2);
    });

    test('meta: get, getMany, batch put and delete', async () => {
      assert.equal(await drive.metaGet('nope'), undefined);
      await drive.metaBatch([{ key: 'k1', value: Buffer.from('v1') }, { key: 'k2', value: Buffer.from('v2') }, { key: 'k3', value: Buffer.alloc(0) }]);
      assert.deepEqual(await drive.metaGet('k1'), Buffer.from('v1'));
      assert.deepEqual(await drive.metaGet('k3'), Buffer.alloc(0));
      assert.deepEqual(await drive.metaGetMany(['k2', 'missing', 'k1']), [Buffer.from('v2'), undefined, Buffer.from('v1')]);
      await drive.metaBatch([{ key: 'k1', value: null }, { key: 'k2', value: Buffer.from('v2b') }, { key: 'never', value: null }]);
      assert.equal(await drive.metaGet('k1'), undefined);
      assert.deepEqual(await drive.metaGet('k2'), Buffer.from('v2b'));
      const big = randomBytes(256 * 1024);
      await drive.metaBatch([{ key: 'big', value: big }]);
      assert.deepEqual(await drive.metaGet('big'), big);
      await drive.metaBatch([]);
    });

    test('meta: returned values are stable copies', async () => {
      await drive.metaBatch([{ key: 'copy/a', value: Buffer.from('aaaa') }, { key: 'copy/b', value: Buffer.from('bbbb') }]);
      const a = await drive.metaGet('copy/a');
      const b = await drive.metaGet('copy/b');
      await drive.metaBatch([{ key: 'copy/a', value: Buffer.from('zzzz') }]);
      assert.deepEqual(a, Buffer.from('aaaa'));
      assert.deepEqual(b, Buffer.from('bbbb'));
    });

    test('meta: update is an atomic read-modify-write under concurrency', async () => {
      const incr = () => drive.metaUpdate(['ctr'], ([cur]) => {
        const n = cur === undefined ? 0 : cur.readUInt32BE(0);
        const next = Buffer.alloc(4);
        next.writeUInt32BE(n + 1);
        return { ops: [{ key: 'ctr', value: next }], result: n + 1 };
      });
      const results = await Promise.all(Array.from({ length: 50 }, incr));
      assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
      assert.equal((await drive.metaGet('ctr'))!.readUInt32BE(0), 50);
    });

    test('meta: a throwing update rejects with that error and changes nothing', async () => {
      await drive.metaBatch([{ key: 'rmw', value: Buffer.from('before') }]);
      class Boom extends Error {}
      await assert.rejects(drive.metaUpdate(['rmw'], () => { throw new Boom('no'); }), Boom);
      assert.deepEqual(await drive.metaGet('rmw'), Buffer.from('before'));
      const r = await drive.metaUpdate(['rmw', 'rmw2'], ([a, b]) => ({ ops: [{ key: 'rmw', value: null }, { key: 'rmw2', value: Buffer.concat([a!, Buffer.from('!')]) }], result: b === undefined }));
      assert.equal(r, true);
      assert.equal(await drive.metaGet('rmw'), undefined);
      assert.deepEqual(await drive.metaGet('rmw2'), Buffer.from('before!'));
    });

    test('meta: values of every size read back whole and independent through get, getMany, update and range', async () => {
      // Sizes around the store's shared read buffer and its large-value paths (4 KiB, 32 KiB, 64 KiB).
      const sizes = [0, 1, 150, 4095, 4096, 4097, 32767, 32768, 32769, 65535, 65536, 65537, 300_000];
      const vals = sizes.map((n, i) => randomBytes(n).fill(i + 1, 0, Math.min(n, 1)));
      const key = (i: number): string => `v/${String(i).padStart(2, '0')}`;
      await drive.metaBatch(vals.map((v, i) => ({ key: key(i), value: v })));
      // Reads interleaved big/small: a value handed out must not change when the next one is read.
      const gets: Buffer[] = [];
      for (let i = vals.length - 1; i >= 0; i--) gets.unshift((await drive.metaGet(key(i)))!);
      gets.forEach((g, i) => assert.deepEqual(g, vals[i], `metaGet of ${sizes[i]} bytes`));
      const many = await drive.metaGetMany(vals.map((_, i) => key(i)).reverse());
      many.reverse().forEach((g, i) => assert.deepEqual(g, vals[i], `metaGetMany of ${sizes[i]} bytes`));
      const seen = await drive.metaUpdate(vals.map((_, i) => key(i)), (cur) => ({ ops: [], result: cur }));
      seen.forEach((g, i) => assert.deepEqual(g, vals[i], `metaUpdate current of ${sizes[i]} bytes`));
      const range = await drive.metaRange({ start: 'v/', end: 'v0' });
      assert.deepEqual(range.map((e) => e.key), vals.map((_, i) => key(i)));
      range.forEach((e, i) => assert.deepEqual(e.value, vals[i], `metaRange of ${sizes[i]} bytes`));
      gets.forEach((g, i) => assert.deepEqual(g, vals[i], `metaGet result of ${sizes[i]} bytes still whole after the other reads`));
      if (gets[2]!.length > 0) gets[2]![0] ^= 0xff; // a caller may write into what it got
      assert.deepEqual(await drive.metaGet(key(2)), vals[2]);
      await drive.metaBatch(vals.map((_, i) => ({ key: key(i), value: null })));
    });

    test('meta: range follows UTF-8 byte order, with bounds, limit and reverse', async () => {
      const long = 'r/' + 'x'.repeat(1098);
      assert.equal(Buffer.byteLength(long), 1100);
      const keys = ['r/b', 'r/a', 'r/é', 'r/日本', 'r/😀', 'r/\u0001ctl', 'r/\tTab', 'r/A', 'r/a/b', 'r/a0', 'r/\uffff', 'r/z', long];
      await drive.metaBatch(keys.map((k, i) => ({ key: k, value: Buffer.from(String(i)) })));
      const want = utf8Sorted(keys);
      const all = await drive.metaRange({ start: 'r/', end: 'r0' });
      assert.deepEqual(all.map((e) => e.key), want);
      assert.deepEqual(all.find((e) => e.key === long)?.value, Buffer.from(String(keys.indexOf(long))));
      const limited = await drive.metaRange({ start: 'r/', end: 'r0', limit: 3 });
      assert.deepEqual(limited.map((e) => e.key), want.slice(0, 3));
      const from = await drive.metaRange({ start: 'r/a', end: 'r/b' });
      assert.deepEqual(from.map((e) => e.key), want.filter((k) => Buffer.compare(Buffer.from(k), Buffer.from('r/a')) >= 0 && Buffer.compare(Buffer.from(k), Buffer.from('r/b')) < 0));
      const rev = await drive.metaRange({ start: 'r0', end: 'r/', reverse: true });
      assert.deepEqual(rev.map((e) => e.key), [...want].reverse());
      const revLim = await drive.metaRange({ start: 'r/z', end: 'r/', reverse: true, limit: 2 });
      assert.deepEqual(revLim.map((e) => e.key), [...want].reverse().filter((k) => Buffer.compare(Buffer.from(k), Buffer.from('r/z')) <= 0).slice(0, 2));
      assert.deepEqual(await drive.metaRange({ start: 'r/', end: 'r0', limit: 0 }), []);
      assert.deepEqual(await drive.metaRange({ start: 'q', end: 'r' }), []);
      const keysOnly = await drive.metaRange({ start: 'r/', end: 'r0', keysOnly: true });
      assert.deepEqual(keysOnly.map((e) => e.key), want);
      assert.ok(keysOnly.every((e) => Buffer.isBuffer(e.value) && e.value.length === 0), 'keys-only entries carry empty values');
      const keysOnlyLim = await drive.metaRange({ start: 'r/a', end: 'r0', limit: 2, keysOnly: true });
      assert.deepEqual(keysOnlyLim.map((e) => e.key), want.filter((k) => Buffer.compare(Buffer.from(k), Buffer.from('r/a')) >= 0).slice(0, 2));
      // Values read after a keys-only scan are whole (the shared read buffer was not disturbed).
      assert.deepEqual(await drive.metaGet(long), Buffer.from(String(keys.indexOf(long))));
    });

    test('files: write in chunks, read all, read ranges, stat', async () => {
      const data = randomBytes(300_000);
      await writeFile(drive, 'tmp/u1/part.1', [data.subarray(0, 1), data.subarray(1, 100_000), data.subarray(100_000)]);
      assert.ok((await drive.readAll('tmp/u1/part.1')).equals(data));
      assert.ok((await drive.readFile('tmp/u1/part.1', 12345, 54321)).equals(data.subarray(12345, 12345 + 54321)));
      assert.equal((await drive.readFile('tmp/u1/part.1', 300_000, 0)).length, 0);
      const st = await drive.statFile('tmp/u1/part.1');
      assert.equal(st?.size, 300_000);
      assert.equal(typeof st?.mtimeMs, 'number');
      await assert.rejects(drive.readFile('tmp/u1/part.1', 299_990, 20), (e: unknown) => (e as { code?: string }).code?.startsWith('ERR_STORAGE_') === true);
    });

    test('files: missing paths', async () => {
      await assert.rejects(drive.readFile('data/none/part.1', 0, 1), { code: 'ERR_STORAGE_FILE_NOT_FOUND' });
      await assert.rejects(drive.readAll('data/none/part.1'), { code: 'ERR_STORAGE_FILE_NOT_FOUND' });
      assert.equal(await drive.statFile('data/none/part.1'), undefined);
      assert.deepEqual(await drive.list('data/none'), []);
      await drive.remove('data/none');
      await assert.rejects(drive.rename('data/none/a', 'data/none/b'), { code: 'ERR_STORAGE_FILE_NOT_FOUND' });
    });

    test('files: createFile truncates; abort leaves nothing', async () => {
      await writeFile(drive, 'tmp/t/f', [Buffer.from('long contents here')]);
      await writeFile(drive, 'tmp/t/f', [Buffer.from('short')]);
      assert.deepEqual(await drive.readAll('tmp/t/f'), Buffer.from('short'));
      const w = await drive.createFile('tmp/t/partial');
      await w.write(Buffer.from('half'));
      await w.abort();
      await w.abort();
      assert.equal(await drive.statFile('tmp/t/partial'), undefined);
    });

    test('files: rename file and directory (parents created), list, remove tree', async () => {
      await writeFile(drive, 'tmp/r1/part.1', [Buffer.from('one')]);
      await writeFile(drive, 'tmp/r1/part.2', [Buffer.from('two')]);
      await drive.rename('tmp/r1', 'data/ab/obj1');
      assert.deepEqual(await drive.list('data/ab/obj1'), ['part.1', 'part.2']);
      assert.equal(await drive.statFile('tmp/r1/part.1'), undefined);
      await drive.rename('data/ab/obj1/part.2', 'data/cd/deep/er/part.9');
      assert.deepEqual(await drive.readAll('data/cd/deep/er/part.9'), Buffer.from('two'));
      // A directory may replace an existing empty directory.
      await writeFile(drive, 'tmp/r2/x', [Buffer.from('x')]);
      await writeFile(drive, 'data/ef/keep', [Buffer.from('k')]);
      await drive.remove('data/ef/keep');
      await drive.rename('tmp/r2', 'data/ef');
      assert.deepEqual(await drive.list('data/ef'), ['x']);
      await drive.remove('data/ab');
      assert.deepEqual(await drive.list('data/ab'), []);
      assert.ok((await drive.list('data')).includes('cd'));
    });

    test('paths escaping the drive are refused with DrivePathError', async () => {
      for (const p of PATH_ESCAPES) {
        const isPathErr = (e: unknown) => (e as { code?: string }).code === 'ERR_STORAGE_DRIVE_PATH';
        await assert.rejects(drive.createFile(p), isPathErr, `createFile ${JSON.stringify(p)}`);
        await assert.rejects(drive.readFile(p, 0, 1), isPathErr, `readFile ${JSON.stringify(p)}`);
        await assert.rejects(drive.readAll(p), isPathErr);
        await assert.rejects(drive.statFile(p), isPathErr);
        await assert.rejects(drive.remove(p), isPathErr);
        await assert.rejects(drive.list(p), isPathErr);
        await assert.rejects(drive.rename('tmp/a', p), isPathErr);
        await assert.rejects(drive.rename(p, 'tmp/a'), isPathErr);
      }
      await assert.rejects(drive.metaGet(''), { code: 'ERR_STORAGE_DRIVE_PATH' });
      await assert.rejects(drive.metaBatch([{ key: 'x'.repeat(5000), value: Buffer.from('v') }]), { code: 'ERR_STORAGE_DRIVE_PATH' });
      assert.equal(drive.isOnline(), true, 'bad input does not count against drive health');
    });

    test('durability: metadata, files and format survive close and reopen', async () => {
      await drive.metaBatch([{ key: 'durable/1', value: Buffer.from('yes') }]);
      await writeFile(drive, 'data/du/part.1', [Buffer.from('persisted')]);
      const formatBefore = await drive.readFormat();
      drive = await h.reopen();
      assert.deepEqual(await drive.metaGet('durable/1'), Buffer.from('yes'));
      assert.deepEqual(await drive.metaGet('ctr').then((b) => b?.readUInt32BE(0)), 50);
      assert.deepEqual(await drive.readAll('data/du/part.1'), Buffer.from('persisted'));
      assert.deepEqual(await drive.readFormat(), formatBefore);
    });

    test('close: further calls throw DriveOfflineError', async () => {
      const other = await h.reopen();
      drive = other;
      await other.close();
      assert.equal(other.isOnline(), false);
      await assert.rejects(other.metaGet('durable/1'), { code: 'ERR_STORAGE_DRIVE_OFFLINE' });
      await assert.rejects(other.readAll('data/du/part.1'), { code: 'ERR_STORAGE_DRIVE_OFFLINE' });
      drive = await h.reopen();
    });
  });
}
