/**
 * One owner per drive, through the built CLI: a second server on a drive in use refuses to
 * start, names the drive and the holder (pid, address) and leaves nothing on its other drive;
 * the first keeps serving; after a SIGKILL of the holder the next start succeeds (no stale
 * lock); a `--workers 2` family counts as one holder.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { refusedStart, startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';

const credentials = { accessKey: 'holdadmin', secretKey: 'hold-secret-key-0123' };
let tmp: TempDir;
const servers: CairnServer[] = [];

before(async () => { tmp = await makeTempDir('hold'); });
after(async () => {
  for (const s of servers) await s.stop();
  await tmp?.remove();
});

async function freshDir(name: string): Promise<string> {
  const dir = join(tmp.path, name);
  await mkdir(dir);
  return dir;
}

async function boot(drivePaths: string[], args: string[] = []): Promise<CairnServer> {
  const s = await startServer({ drivePaths, credentials, args });
  servers.push(s);
  return s;
}

async function putAndGet(server: CairnServer, bucket: string): Promise<void> {
  assert.equal((await signedRequest(server, { method: 'PUT', path: `/${bucket}` })).status, 200);
  const put = await signedRequest(server, { method: 'PUT', path: `/${bucket}/k`, body: Buffer.from('still mine') });
  assert.equal(put.status, 200, put.text);
  const got = await signedRequest(server, { method: 'GET', path: `/${bucket}/k` });
  assert.equal(got.text, 'still mine');
}

describe('one server per drive', () => {
  it('refuses a second server on a drive in use, naming the drive, pid and address; the first is unharmed', async () => {
    const shared = await freshDir('shared');
    const first = await boot([shared]);
    const other = await freshDir('other');
    const refused = await refusedStart([other, shared], { credentials });
    assert.equal(refused.code, 1);
    assert.match(refused.output, new RegExp(`drive ${shared} is in use by another Cairn server`));
    assert.match(refused.output, new RegExp(`pid ${first.pid}\\b`));
    assert.ok(refused.output.includes(`http://127.0.0.1:${first.port}`), refused.output);
    assert.deepEqual(await readdir(other), [], 'the refused start left files on its other drive');
    assert.ok(first.isRunning());
    await putAndGet(first, 'unharmed');
  });

  it('after SIGKILL of the holder the next start succeeds and finds the data', async () => {
    const drive = await freshDir('killed');
    const first = await boot([drive]);
    await putAndGet(first, 'killed');
    process.kill(first.pid, 'SIGKILL');
    assert.equal((await first.exited()).signal, 'SIGKILL');
    const next = await boot([drive]);
    const got = await signedRequest(next, { method: 'GET', path: '/killed/k' });
    assert.equal(got.text, 'still mine');
  });

  it('a --workers 2 family is one holder: it serves, and a second server is refused naming the primary', async () => {
    const drive = await freshDir('family');
    const family = await boot([drive], ['--workers', '2']);
    await putAndGet(family, 'family');
    const refused = await refusedStart([drive], { credentials });
    assert.equal(refused.code, 1);
    assert.match(refused.output, new RegExp(`pid ${family.pid}\\b`));
    await putAndGet(family, 'family2');
  });
});
