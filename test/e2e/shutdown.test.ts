/**
 * Graceful shutdown of the real process: on SIGTERM the server stops accepting connections,
 * lets an in-flight upload finish, does not wait on idle keep-alive connections, exits 0, and
 * the finished upload is there after a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { openSocket, readSocketResponse, requestHead, sleep } from '../helpers/raw-http.js';
import { signedRequest, signFor } from '../helpers/signed-request.js';
import { encodeKeyPath, UNSIGNED_PAYLOAD } from '../helpers/sigv4-signer.js';
import { makeTempDir, md5Hex, randomPayload, type TempDir } from '../helpers/files.js';

const BUCKET = 'shutdown';
const MiB = 1024 * 1024;
const credentials = { accessKey: 'shutdownadmin', secretKey: 'shutdown-secret-key-0123' };
let drives: TempDir;
let drivePaths: string[];
const servers: CairnServer[] = [];

before(async () => {
  drives = await makeTempDir('shutdown');
  drivePaths = [join(drives.path, 'd1')];
  await mkdir(drivePaths[0]!);
});

after(async () => {
  for (const s of servers) await s.stop();
  await drives?.remove();
});

/** A long drain limit, so that exiting well before it shows the idle connection was not waited on. */
const DRAIN_SECONDS = 300;

async function boot(): Promise<CairnServer> {
  const s = await startServer({ drivePaths, credentials, env: { CAIRN_SHUTDOWN_TIMEOUT: String(DRAIN_SECONDS) } });
  servers.push(s);
  return s;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms); }),
  ]);
}

describe('graceful shutdown (SIGTERM)', () => {
  it('finishes the in-flight upload, refuses new connections, ignores idle keep-alive, exits 0', async () => {
    const server = await boot();
    const made = await signedRequest(server, { method: 'PUT', path: `/${BUCKET}` });
    assert.equal(made.status, 200, made.text);

    // An idle keep-alive connection that has served one request.
    const idle = await openSocket(server.port);
    const ping = signFor(server, { method: 'GET', path: `/${BUCKET}` });
    idle.write(requestHead('GET', `/${BUCKET}`, ping.headers));
    assert.equal((await readSocketResponse(idle, { isHead: false })).status, 200);

    // An upload half sent when SIGTERM arrives.
    const body = randomPayload(4 * MiB);
    const path = encodeKeyPath(BUCKET, 'inflight');
    const signed = signFor(server, { method: 'PUT', path, headers: { 'content-length': String(body.length) }, payloadHash: UNSIGNED_PAYLOAD });
    const upload = await openSocket(server.port);
    upload.write(requestHead('PUT', path, signed.headers));
    upload.write(body.subarray(0, MiB));
    await sleep(200);
    process.kill(server.pid, 'SIGTERM');
    await sleep(300);

    await assert.rejects(openSocket(server.port), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'ECONNREFUSED');
      return true;
    }, 'a new connection was accepted after SIGTERM');

    const response = readSocketResponse(upload, { isHead: false, timeoutMs: 20_000 });
    upload.write(body.subarray(MiB));
    const res = await response;
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(res.headers['etag'], `"${md5Hex(body)}"`);
    upload.destroy();

    const exit = await withTimeout(server.exited(), (DRAIN_SECONDS / 3) * 1000, 'shutdown with an idle keep-alive connection open');
    idle.destroy();
    assert.deepEqual(exit, { code: 0, signal: null }, server.output().slice(-2000));

    const again = await boot();
    const got = await signedRequest(again, { method: 'GET', path });
    assert.equal(got.status, 200, got.text);
    assert.ok(got.body.equals(body), 'the upload finished during shutdown is not intact after restart');
  });
});
