/**
 * `cairn server --workers 2` with no CAIRN_ROOT_* variables: the primary opens the object layer
 * briefly, generates the root credentials into the system bucket and prints them once; both
 * workers then read the same stored pair, and a restart prints nothing new.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import type { RawResponse } from '../helpers/raw-http.js';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';

const processOf = (res: RawResponse): string => String(res.headers['x-amz-request-id'] ?? '').slice(0, 6);

describe('cairn server --workers 2: generated root credentials', { timeout: 120_000 }, () => {
  let dir: TempDir | undefined;
  let server: CairnServer | undefined;
  after(async () => { await server?.stop(); await dir?.remove(); });

  /** ListBuckets until both workers answered; every answer must accept the credentials. */
  async function bothWorkersAccept(s: CairnServer): Promise<void> {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const res = await signedRequest(s, { method: 'GET', path: '/' });
      assert.equal(res.status, 200, res.text);
      seen.add(processOf(res));
    }
    assert.equal(seen.size, 2, 'both workers answered');
  }

  it('are generated once by the primary, accepted by both workers, and kept across a restart', async () => {
    dir = await makeTempDir('workers-creds');
    const drives = [];
    for (let i = 1; i <= 4; i++) { drives.push(join(dir.path, `d${i}`)); await mkdir(drives[i - 1]!); }
    server = await startServer({ drivePaths: drives, env: { CAIRN_WORKERS: '2' }, generatedCredentials: true });
    assert.equal(server.output().match(/Root credentials were generated/g)?.length, 1, server.output());
    await bothWorkersAccept(server);
    for (const d of drives) assert.ok(!(await readdir(join(d, '.cairn'))).includes('root-credentials.json'), d);
    const known = { accessKey: server.accessKey, secretKey: server.secretKey };
    await server.stop();
    server = await startServer({ drivePaths: drives, env: { CAIRN_WORKERS: '2' }, generatedCredentials: true, credentials: known });
    assert.doesNotMatch(server.output(), /Root credentials/);
    await bothWorkersAccept(server);
  });
});
