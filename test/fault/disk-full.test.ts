/**
 * Full-disk drill on a REAL full file system: the built server runs with its drives on a 24 MiB
 * tmpfs, which a filler file then fills. A PUT that cannot fit must answer a clean 5xx S3 XML
 * error (never a crash, a hang, or 500 InternalError), the server must stay up, earlier objects
 * must read back byte-identical, a failed overwrite must leave the old content, no tmp files
 * may remain, and once the filler is gone PUTs work again without a restart.
 *
 * Needs root and mount(tmpfs); without them the test fails with "disk-full drill needs root
 * and mount(tmpfs)" rather than skipping (no other file system can be filled safely).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { rawRequest, xmlValue, type RawResponse } from '../helpers/raw-http.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { allocateFiller, fillUntilEnospc, mountTmpfs, removeFile, type Tmpfs } from '../helpers/tmpfs.js';

const BUCKET = 'full-disk';
const KiB = 1024;
const MiB = 1024 * KiB;
/** Every request must answer within this long: a full disk must never hang a request. */
const REQUEST_DEADLINE_MS = 20_000;
/** Left free by the first filler: room for metadata, too little for an 8 MiB object. */
const HEADROOM = 384 * KiB;

const mounts: Tmpfs[] = [];
const servers: CairnServer[] = [];
after(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
  for (const m of mounts) await m.unmount().catch((err: unknown) => console.error(`umount ${m.path}: ${String(err)}`));
});

function content(label: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(label).digest();
  for (let off = 0; off < size; off += block.length) {
    block.copy(out, off);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

async function withDeadline<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${REQUEST_DEADLINE_MS} ms (hang)`)), REQUEST_DEADLINE_MS);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function call(server: CairnServer, method: string, key: string, body?: Buffer): Promise<RawResponse> {
  const path = key === '' ? `/${BUCKET}` : `/${BUCKET}/${key}`;
  return withDeadline(`${method} ${path}`, signedRequest(server, { method, path, body })).catch((err: unknown) => {
    throw new Error(`${method} ${path}: ${String(err)}; server ${server.isRunning() ? 'running' : 'EXITED'}, output:\n${server.output()}`, { cause: err });
  });
}

async function put(server: CairnServer, key: string, body: Buffer): Promise<void> {
  const res = await call(server, 'PUT', key, body);
  assert.equal(res.status, 200, `PUT ${key}: ${res.status} ${res.text}\n${server.output()}`);
}

async function assertReadsBack(server: CairnServer, key: string, expected: Buffer): Promise<void> {
  const res = await call(server, 'GET', key);
  assert.equal(res.status, 200, `GET ${key}: ${res.status} ${res.text}`);
  assert.ok(res.body.equals(expected), `GET ${key}: ${res.body.length} bytes differ from the ${expected.length} written`);
}

/** A failed PUT: a 5xx S3 XML error with a RequestId, not InternalError; returns the code. */
async function assertCleanFullError(server: CairnServer, key: string, body: Buffer): Promise<string> {
  const res = await call(server, 'PUT', key, body);
  assert.ok(res.status >= 500 && res.status <= 599, `PUT ${key} on a full disk: expected 5xx, got ${res.status} ${res.text}`);
  const code = xmlValue(res.text, 'Code');
  assert.ok(code, `PUT ${key}: no S3 XML error body: ${res.text}`);
  assert.notEqual(code, 'InternalError', `PUT ${key}: a full disk must map to a typed error, got InternalError`);
  assert.ok(xmlValue(res.text, 'RequestId'), `PUT ${key}: error without RequestId: ${res.text}`);
  assert.equal(res.status, 503, `PUT ${key}: ${code} with status ${res.status}`);
  assert.ok(code === 'ServiceUnavailable' || code === 'SlowDown', `PUT ${key}: unexpected code ${code}`);
  return code;
}

async function assertAlive(server: CairnServer): Promise<void> {
  assert.ok(server.isRunning(), `server died:\n${server.output()}`);
  const res = await withDeadline('GET /health/live', rawRequest({ port: server.port, method: 'GET', path: '/health/live' }))
    .catch((err: unknown) => {
      throw new Error(`GET /health/live: ${String(err)}; server ${server.isRunning() ? 'running' : 'EXITED'}, output:\n${server.output()}`, { cause: err });
    });
  assert.equal(res.status, 200, `health/live: ${res.status} ${res.text}`);
}

/** Every file left under each drive's .cairn/tmp (recursive). */
async function tmpLeftovers(drives: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const d of drives) {
    const entries = await readdir(join(d, '.cairn', 'tmp'), { recursive: true, withFileTypes: true });
    for (const e of entries) if (e.isFile()) found.push(join(e.parentPath ?? e.path, e.name));
  }
  return found;
}

async function drill(driveCount: 1 | 4): Promise<void> {
  const fs = await mountTmpfs(24);
  mounts.push(fs);
  const drives: string[] = [];
  for (let i = 1; i <= driveCount; i++) {
    const d = join(fs.path, `drive${i}`);
    await mkdir(d);
    drives.push(d);
  }
  const server = await startServer({ drivePaths: drives });
  servers.push(server);
  const filler = join(fs.path, 'filler');
  const filler2 = join(fs.path, 'filler-last-bytes');

  // 1. objects written while there is room, then the disk filled to a few hundred KiB.
  const bucket = await call(server, 'PUT', '');
  assert.equal(bucket.status, 200, `CreateBucket: ${bucket.status} ${bucket.text}`);
  const small = content('small', 4 * KiB);
  const large = content('large', 3 * MiB);
  const kept = content('kept', 3 * MiB);
  await put(server, 'small', small);
  await put(server, 'large', large);
  await put(server, 'kept', kept);
  await allocateFiller(filler, (await fs.free()) - HEADROOM);
  const free = await fs.free();
  assert.ok(free <= HEADROOM && free > 0, `filler left ${free} bytes free`);

  // 2. a large PUT cannot fit: a clean 503, and the server stays up.
  const failedNew = await assertCleanFullError(server, 'too-big', content('too-big', 8 * MiB));
  await assertAlive(server);
  // An overwrite that cannot fit leaves the old content in place.
  const failedOverwrite = await assertCleanFullError(server, 'kept', content('kept-v2', 8 * MiB));
  await assertAlive(server);

  // 3. earlier objects intact, the failed key absent, no tmp files left behind (the failed
  // writer removes its own tmp file at once; the sweeper is not needed for this).
  await assertReadsBack(server, 'small', small);
  await assertReadsBack(server, 'large', large);
  await assertReadsBack(server, 'kept', kept);
  assert.equal((await call(server, 'HEAD', 'too-big')).status, 404);
  assert.deepEqual(await tmpLeftovers(drives), []);

  // 5. space back: PUTs succeed again, same process, no restart.
  await removeFile(filler);
  const again = content('again', 1 * MiB); // EC 2+2 doubles it; 3 x 3 MiB objects already hold 18 MiB of 24
  const tiny = content('tiny-again', 4 * KiB);
  await put(server, 'too-big', again);
  await put(server, 'tiny', tiny);
  const keptV2 = content('kept-v2', 1 * MiB);
  await put(server, 'kept', keptV2);
  await assertReadsBack(server, 'too-big', again);
  await assertReadsBack(server, 'tiny', tiny);
  await assertReadsBack(server, 'small', small);
  await assertReadsBack(server, 'large', large);
  await assertAlive(server);

  // 4. the disk entirely full: even a small inline PUT (metadata only) fails cleanly.
  const topped = await fillUntilEnospc(filler2, 64 * MiB);
  assert.ok(topped > 0, 'could not top up the filler');
  assert.equal(await fs.free(), 0);
  const failedInline = await assertCleanFullError(server, 'tiny-full', content('tiny-full', 4 * KiB));
  await assertAlive(server);
  await assertReadsBack(server, 'small', small);
  await assertReadsBack(server, 'kept', keptV2);
  assert.equal((await call(server, 'HEAD', 'tiny-full')).status, 404);
  assert.deepEqual(await tmpLeftovers(drives), []);

  // ... and once more after the metadata store itself hit ENOSPC.
  await removeFile(filler2);
  const last = content('after-lmdb-full', 4 * KiB);
  await put(server, 'after-lmdb-full', last);
  await assertReadsBack(server, 'after-lmdb-full', last);
  await assertAlive(server);
  console.log(`disk-full drill, ${driveCount} drive(s): large PUT -> 503 ${failedNew}, overwrite -> 503 ${failedOverwrite}, ` +
    `inline PUT on a 0-byte-free fs -> 503 ${failedInline}`);

  await server.stop();
  await fs.unmount();
}

test('disk full on 1 drive (tmpfs): clean 503, no corruption, recovers without restart', { timeout: 60_000 }, async () => {
  await drill(1);
});

test('disk full on 4 drives of one tmpfs (EC 2+2): clean 503, no corruption, recovers without restart', { timeout: 60_000 }, async () => {
  await drill(4);
});
