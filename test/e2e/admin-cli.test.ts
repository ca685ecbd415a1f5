/**
 * `cairn admin` as operators run it: a real server process on 4 drives and the real CLI
 * process (node bin/cairn.js admin ...). info shows the drives and buckets; heal status says
 * healthy; a deep heal after bitrot on disk rebuilds the shard file and says so; a wiped drive
 * is reported as not healthy (exit 1) until its rebuild finishes, then healthy (exit 0);
 * errors are one line on stderr with exit 2.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { randomPayload } from '../helpers/files.js';
import { run, type RunResult } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';
import { shardFiles } from '../fault/fault-harness.js';

const CREDENTIALS = { accessKey: 'cliadmin', secretKey: 'cli-admin-secret-1' };
/** Inline (small) and data-dir (large) objects. */
const OBJECTS: [string, number][] = [['small-a', 100], ['small-b', 2000], ['large-a', 300 * 1024], ['large-b', 600 * 1024 + 5]];
/** Extra small objects written before the drive is wiped. */
const REBUILD_KEYS = 400;
/**
 * Heal passes also check the system bucket's documents (the IAM index, the cluster account and
 * the IAM sealing key, the scanner's usage figures): a few, how many depends on what the server
 * has written by then. The counts below are the user objects plus at most this many.
 */
const SYSTEM_OBJECTS_MAX = 8;
const within = (n: number | undefined, users: number): boolean => n !== undefined && n >= users && n <= users + SYSTEM_OBJECTS_MAX;

let base: string;
let drives: string[];
let server: CairnServer;

function admin(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8',
      CAIRN_ROOT_USER: CREDENTIALS.accessKey, CAIRN_ROOT_PASSWORD: CREDENTIALS.secretKey,
      CAIRN_ENDPOINT: server.endpoint, ...env,
    },
    timeoutMs: 60_000,
  });
}

function start(): Promise<CairnServer> {
  return startServer({ drivePaths: drives, credentials: CREDENTIALS });
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-admin-cli-'));
  drives = [1, 2, 3, 4].map((i) => join(base, `d${i}`));
  for (const d of drives) await mkdir(d);
  server = await start();
  for (const bucket of ['photos', 'logs']) assert.equal((await signedRequest(server, { method: 'PUT', path: `/${bucket}` })).status, 200);
  for (const [key, size] of OBJECTS) {
    const put = await signedRequest(server, { method: 'PUT', path: encodeKeyPath('photos', key), body: randomPayload(size) });
    assert.equal(put.status, 200, put.text);
  }
});

after(async () => {
  await server?.stop();
  await rm(base, { recursive: true, force: true, maxRetries: 3 });
});

const counts = (line: string): Record<string, number> => Object.fromEntries(
  [...line.matchAll(/(\d+) (objects checked|objects healed|shards healed|records healed|unhealable)/g)].map((m) => [m[2]!, Number(m[1])]),
);

describe('cairn admin', () => {
  it('info shows the 4 drives online and the bucket count; --json is the API document', async () => {
    const r = await admin(['info']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Buckets: 2$/m);
    assert.match(r.stdout, /^Set 1: EC 2\+2, 4 drives: 4 online$/m);
    for (const d of drives) assert.match(r.stdout, new RegExp(`^  ${d}\\s+online\\s`, 'm'));
    const json = await admin(['info', '--json']);
    const doc = JSON.parse(json.stdout) as { buckets: { count: number }; backend: { onlineDisks: number; offlineDisks: number } };
    assert.deepEqual([doc.buckets.count, doc.backend.onlineDisks, doc.backend.offlineDisks], [2, 4, 0]);
  });

  it('heal status prints the single line "healthy" and exits 0; --json parses', async () => {
    const r = await admin(['heal', 'status']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'healthy\n', '']);
    const doc = JSON.parse((await admin(['--json', 'heal', 'status'])).stdout) as { isHealthy: boolean; problems: string[] };
    assert.deepEqual([doc.isHealthy, doc.problems], [true, []]);
  });

  it('heal --deep --wait finds bitrot written on disk and rebuilds the shard file', async () => {
    const [rel] = await shardFiles(drives[2]!);
    assert.ok(rel !== undefined, 'the large objects have shard files');
    const file = join(drives[2]!, '.cairn', rel);
    const original = await readFile(file);
    const damaged = Buffer.from(original);
    damaged[100] = damaged[100]! ^ 0x5a;
    await writeFile(file, damaged);

    const r = await admin(['heal', '--deep', '--wait']);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^heal \S+ finished \(deep\): /);
    const c = counts(r.stdout);
    assert.ok(within(c['objects checked'], OBJECTS.length), r.stdout);
    assert.equal(c['shards healed'], 1, r.stdout);
    assert.equal(c['unhealable'], 0, r.stdout);
    assert.ok((await readFile(file)).equals(original), 'the shard file is whole again');

    const plain = await admin(['heal']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^heal started \(normal\), token [0-9a-f-]{36}$/m);
    const waited = await admin(['heal', '--wait', '--json', '--force']);
    const doc = JSON.parse(waited.stdout) as { done: boolean; summary: string; objectsChecked: number; settings: { scanMode: number } };
    assert.deepEqual([doc.done, doc.summary, doc.settings.scanMode], [true, 'finished', 1]);
    assert.ok(within(doc.objectsChecked, OBJECTS.length), waited.stdout);
  });

  it('errors are one line on stderr with exit 2', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
    });
    const cases: [readonly string[], Record<string, string>, RegExp][] = [
      [['--endpoint', `http://127.0.0.1:${closed}`, 'info'], {}, /^cairn admin: cannot connect to http:\/\/127\.0\.0\.1:\d+: connection refused/],
      [['info'], { CAIRN_ROOT_PASSWORD: 'wrong-secret' }, /^cairn admin: 403 SignatureDoesNotMatch: /],
      [['heal', 'status'], { CAIRN_ROOT_USER: 'nobody' }, /^cairn admin: 403 InvalidAccessKeyId: /],
      [['frobnicate'], {}, /^cairn admin: unknown command "frobnicate" \(try cairn admin --help\)\n$/],
      [['info'], { CAIRN_ROOT_USER: '', CAIRN_ROOT_PASSWORD: '' }, /^cairn admin: no credentials/],
    ];
    for (const [args, env, expected] of cases) {
      const r = await admin(args, env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').filter((l) => l !== '').length, 1, r.stderr);
      assert.match(r.stderr, expected);
    }
    const help = await admin(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['info', 'heal status', 'heal [--deep] [--wait] [--force]']) assert.ok(help.stdout.includes(`  ${command}`), help.stdout);
  });

  it('a wiped drive: not healthy (exit 1) until its rebuild finishes, then healthy; info shows it online', async (t) => {
    // Enough keys that the rebuild usually outlasts a CLI start (the test holds either way).
    const keys = Array.from({ length: REBUILD_KEYS }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 16) {
      const batch = await Promise.all(keys.slice(i, i + 16).map((k) => signedRequest(server, { method: 'PUT', path: encodeKeyPath('logs', k), body: k })));
      for (const put of batch) assert.equal(put.status, 200, put.text);
    }
    await server.stop();
    const wiped = drives[1]!;
    for (const name of await readdir(wiped)) await rm(join(wiped, name), { recursive: true, force: true });
    server = await start();

    const seen: RunResult[] = [];
    await waitFor('heal status to say healthy after the rebuild', async () => {
      const r = await admin(['heal', 'status']);
      seen.push(r);
      return r.code === 0;
    }, { timeoutMs: 90_000, intervalMs: 100 });
    for (const r of seen.slice(0, -1)) {
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^not healthy:\n  - /);
      assert.match(r.stdout, new RegExp(`drive ${wiped} \\(set 1, drive 2\\)`));
    }
    assert.equal(seen.at(-1)!.stdout, 'healthy\n');
    t.diagnostic(`heal status said "not healthy" ${seen.length - 1} times before "healthy"`);

    const status = JSON.parse((await admin(['heal', 'status', '--json'])).stdout) as {
      sets: { disks: { endpoint: string; healing: boolean; heal_info?: { phase: string; finished: boolean; objectsScanned: number; items_healed: number; items_failed: number } }[] }[];
    };
    const disk = status.sets[0]!.disks.find((d) => d.endpoint === wiped)!;
    assert.equal(disk.healing, false);
    const info0 = disk.heal_info;
    assert.deepEqual(info0 && [info0.phase, info0.finished, info0.items_failed], ['done', true, 0]);
    // Every user object rebuilt on the wiped drive; system documents written since the restart
    // are already there and need no healing.
    assert.ok(within(info0?.objectsScanned, OBJECTS.length + REBUILD_KEYS), JSON.stringify(info0));
    assert.ok(within(info0?.items_healed, OBJECTS.length + REBUILD_KEYS) && info0!.items_healed <= info0!.objectsScanned, JSON.stringify(info0));
    const info = await admin(['info']);
    assert.match(info.stdout, /^Set 1: EC 2\+2, 4 drives: 4 online$/m);
    assert.match(info.stdout, /^Buckets: 2$/m);
  });
});
