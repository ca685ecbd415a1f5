/**
 * Upgrade from the data-dir layout: the golden fixture (test/fixtures/format/data-dir-layout/,
 * made by make-fixture.mjs with commit 11cf381, object records v2) is 4 drives (EC 2+2) whose
 * PUTs keep their shard in `data/<ab>/<dataId>/part.1`, a multipart object its parts in its
 * data dir, an inline object and two versions of a versioned key. This build serves them
 * from a real server process: every version reads back byte for byte; a new PUT and an
 * overwrite write data files (`data/<ab>/<dataId>`, no dir) while the old data dirs go with
 * their versions (overwrite, DELETE); a deep heal (`cairn admin heal --deep`) rebuilds a damaged
 * old-layout shard where it was and a lost one too; and a second start serves both layouts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { run } from '../helpers/tools.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/format/data-dir-layout/', import.meta.url));

interface FixtureObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly seed?: number;
  readonly size?: number;
  readonly parts?: readonly { readonly seed: number; readonly size: number }[];
  readonly dataId?: string;
}
interface Fixture {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly objects: readonly FixtureObject[];
}

/** The fixture's bytes (make-fixture.mjs `pattern`). */
function pattern(seed: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (seed * 37 + i % 251) & 0xff;
  return b;
}
const bodyOf = (o: FixtureObject): Buffer => (o.parts ? Buffer.concat(o.parts.map((p) => pattern(p.seed, p.size))) : pattern(o.seed!, o.size!));

let dir: string;
let drives: string[];
let server: CairnServer;
let fx: Fixture;

const start = (): Promise<CairnServer> => startServer({ drivePaths: drives, credentials: { accessKey: fx.accessKey, secretKey: fx.secretKey } });

before(async () => {
  fx = JSON.parse(await readFile(join(FIXTURE, 'fixture.json'), 'utf8')) as Fixture;
  dir = await mkdtemp(join(tmpdir(), 'cairn-dir-layout-'));
  await promisify(execFile)('tar', ['-xzf', join(FIXTURE, 'drives.tar.gz'), '-C', dir]);
  drives = [1, 2, 3, 4].map((i) => join(dir, `d${i}`));
  server = await start();
});
after(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const entryOf = (drive: string, dataId: string): string => join(drive, '.cairn', 'data', dataId.slice(0, 2), dataId);

/** What `data/<ab>/<id>` is on every drive: 'dir' (with its entries), 'file', or 'none'. */
async function kindEverywhere(dataId: string): Promise<string[]> {
  return Promise.all(drives.map(async (d) => {
    try {
      const s = await stat(entryOf(d, dataId));
      return s.isDirectory() ? `dir:${(await readdir(entryOf(d, dataId))).map((n) => n.replace(/\.[0-9a-f]{32}$/, '')).sort().join(',')}` : 'file';
    } catch {
      return 'none';
    }
  }));
}

/** Every `data/<ab>/<id>` entry of drive 1 (ids). */
async function dataIds(): Promise<Set<string>> {
  const out = new Set<string>();
  const base = join(drives[0]!, '.cairn', 'data');
  for (const fan of await readdir(base)) for (const id of await readdir(join(base, fan))) out.add(id);
  return out;
}

async function get(o: { bucket: string; key: string; versionId?: string }): Promise<Buffer> {
  const q = o.versionId !== undefined && o.versionId !== 'null' ? `?versionId=${o.versionId}` : '';
  const r = await signedRequest(server, { method: 'GET', path: encodeKeyPath(o.bucket, o.key) + q });
  assert.equal(r.status, 200, `GET ${o.bucket}/${o.key}${q}: ${r.text}`);
  return r.body;
}

function admin(args: readonly string[]) {
  return run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8',
      CAIRN_ROOT_USER: fx.accessKey, CAIRN_ROOT_PASSWORD: fx.secretKey, CAIRN_ENDPOINT: server.endpoint,
    },
    timeoutMs: 120_000,
  });
}

test('every version written in the data-dir layout reads back byte for byte, with its ETag', async () => {
  for (const o of fx.objects) {
    if (o.dataId !== undefined) {
      const expected = o.parts ? ['dir:part.1,part.2'] : ['dir:part.1'];
      assert.deepEqual([...new Set(await kindEverywhere(o.dataId))], expected, `${o.key} is in the old layout on every drive`);
    }
    const q = o.versionId !== 'null' ? `?versionId=${o.versionId}` : '';
    const r = await signedRequest(server, { method: 'GET', path: encodeKeyPath(o.bucket, o.key) + q });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.equals(bodyOf(o)), `${o.bucket}/${o.key}${q}`);
    assert.equal(r.headers.etag, o.etag);
    const range = await signedRequest(server, { method: 'GET', path: encodeKeyPath(o.bucket, o.key) + q, headers: { range: 'bytes=7-9' } });
    assert.equal(range.status, 206);
    assert.ok(range.body.equals(bodyOf(o).subarray(7, 10)));
  }
});

test('new PUTs write data files; an overwrite and a DELETE remove the old data dirs', async () => {
  const before = await dataIds();
  const fresh = pattern(9, 200 * 1024);
  assert.equal((await signedRequest(server, { method: 'PUT', path: encodeKeyPath('plain', 'new/after-upgrade.bin'), body: fresh })).status, 200);
  const added = [...await dataIds()].filter((id) => !before.has(id));
  assert.equal(added.length, 1);
  assert.deepEqual(await kindEverywhere(added[0]!), ['file', 'file', 'file', 'file']);
  assert.ok((await get({ bucket: 'plain', key: 'new/after-upgrade.bin' })).equals(fresh));

  const cat = fx.objects.find((o) => o.key === 'photos/cat.jpg')!;
  const replacement = pattern(10, 150 * 1024);
  assert.equal((await signedRequest(server, { method: 'PUT', path: encodeKeyPath(cat.bucket, cat.key), body: replacement })).status, 200);
  assert.deepEqual(await kindEverywhere(cat.dataId!), ['none', 'none', 'none', 'none'], 'the replaced version\'s data dir is gone');
  assert.ok((await get(cat)).equals(replacement));

  const report = fx.objects.find((o) => o.key === 'docs/report.pdf')!;
  assert.equal((await signedRequest(server, { method: 'DELETE', path: encodeKeyPath(report.bucket, report.key) })).status, 204);
  assert.deepEqual(await kindEverywhere(report.dataId!), ['none', 'none', 'none', 'none']);

  // A new version of the versioned key is a data file; the two old ones keep their dirs.
  const v3 = pattern(11, 80 * 1024);
  const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath('versioned', 'ledger.csv'), body: v3 });
  assert.equal(put.status, 200);
  for (const o of fx.objects.filter((x) => x.key === 'ledger.csv')) {
    assert.deepEqual(await kindEverywhere(o.dataId!), ['dir:part.1', 'dir:part.1', 'dir:part.1', 'dir:part.1']);
    assert.ok((await get(o)).equals(bodyOf(o)));
  }
  assert.ok((await get({ bucket: 'versioned', key: 'ledger.csv' })).equals(v3));
});

test('a deep heal rebuilds old-layout shards in place (damaged and lost), and a restart serves both layouts', async () => {
  const old = fx.objects.find((o) => o.key === 'ledger.csv')!;
  const multipart = fx.objects.find((o) => o.parts !== undefined)!;
  const damagedFile = join(entryOf(drives[1]!, old.dataId!), 'part.1');
  const original = await readFile(damagedFile);
  const damaged = Buffer.from(original);
  damaged[50] = damaged[50]! ^ 0xa5;
  await writeFile(damagedFile, damaged);
  const partDir = entryOf(drives[2]!, multipart.dataId!);
  const [lostName] = (await readdir(partDir)).filter((n) => n.startsWith('part.2'));
  const lostFile = join(partDir, lostName!);
  const lostOriginal = await readFile(lostFile);
  await rm(lostFile);

  const r = await admin(['heal', '--deep', '--wait']);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(Number(/(\d+) shards healed/.exec(r.stdout)?.[1]), 2, r.stdout);
  assert.equal(Number(/(\d+) unhealable/.exec(r.stdout)?.[1]), 0, r.stdout);
  assert.ok((await readFile(damagedFile)).equals(original), 'the damaged shard is whole again, where it was');
  assert.ok((await readFile(lostFile)).equals(lostOriginal), 'the lost part shard is back in its data dir');

  await server.stop();
  server = await start();
  for (const o of fx.objects.filter((x) => x.key === 'ledger.csv' || x.parts !== undefined || x.key === 'tiny.txt')) {
    assert.ok((await get(o)).equals(bodyOf(o)), `${o.bucket}/${o.key} after a restart`);
  }
  assert.ok((await get({ bucket: 'plain', key: 'new/after-upgrade.bin' })).equals(pattern(9, 200 * 1024)));
});
