/**
 * Private by default, through the built CLI: everything the server writes on a drive (format
 * record, LMDB files, lock, PUT data files) is 0600 and every directory
 * it creates 0700; CAIRN_FILE_MODE / CAIRN_DIR_MODE change that.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { randomPayload } from '../helpers/files.js';

const servers: CairnServer[] = [];
after(async () => { for (const s of servers) await s.stop(); });

/** Mode of every entry under `dir`, by path relative to the drive. */
async function modesUnder(dir: string): Promise<{ files: Map<string, number>; dirs: Map<string, number> }> {
  const files = new Map<string, number>();
  const dirs = new Map<string, number>();
  const walk = async (d: string): Promise<void> => {
    dirs.set(d, (await stat(d)).mode & 0o777);
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else files.set(p, (await stat(p)).mode & 0o777);
    }
  };
  await walk(dir);
  return { files, dirs };
}

async function storeSome(server: CairnServer): Promise<void> {
  assert.equal((await signedRequest(server, { method: 'PUT', path: '/modes' })).status, 200);
  assert.equal((await signedRequest(server, { method: 'PUT', path: '/modes/small', body: Buffer.from('inline') })).status, 200);
  const big = await signedRequest(server, { method: 'PUT', path: '/modes/big', body: randomPayload(3 * 1024 * 1024) });
  assert.equal(big.status, 200, big.text);
}

function assertAll(found: Map<string, number>, mode: number, what: string): void {
  assert.ok(found.size > 0, `no ${what} found`);
  for (const [p, m] of found) assert.equal(m, mode, `${what} ${p} has mode ${m.toString(8)}`);
}

describe('file modes on disk', () => {
  it('default: files 0600, directories 0700 (shards, LMDB, format record, lock)', async () => {
    const server = await startServer({ drives: 4 });
    servers.push(server);
    await storeSome(server);
    for (const drive of server.drives) {
      const { files, dirs } = await modesUnder(join(drive, '.cairn'));
      assertAll(files, 0o600, 'file');
      assertAll(dirs, 0o700, 'directory');
      const names = [...files.keys()].map((p) => p.slice(drive.length));
      for (const expected of ['/.cairn/format.json', '/.cairn/lock', '/.cairn/meta/data.mdb', '/.cairn/meta/lock.mdb']) {
        assert.ok(names.includes(expected), `${expected} missing in ${names.join(', ')}`);
      }
      assert.ok(names.some((n) => /^\/\.cairn\/data\/[0-9a-f]{2}\/[0-9a-f]{32}$/.test(n)), `no data file in ${names.join(', ')}`);
    }
  });

  it('CAIRN_FILE_MODE / CAIRN_DIR_MODE set other modes', async () => {
    const server = await startServer({ env: { CAIRN_FILE_MODE: '0640', CAIRN_DIR_MODE: '0750' } });
    servers.push(server);
    await storeSome(server);
    const { files, dirs } = await modesUnder(join(server.drives[0]!, '.cairn'));
    assertAll(files, 0o640, 'file');
    assertAll(dirs, 0o750, 'directory');
  });
});
